import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { matchBasicCredential } from '@textback/auth';
import { PLATFORM_ENV, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { type SchedulingEnv } from '../../config/scheduling.env';

interface CallbackRequest {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  originalUrl?: string;
}

/**
 * HTTP Basic auth on Bandwidth's answer webhook of page calls, as telephony-ingest does on its
 * voice callbacks: Bandwidth signs nothing on voice webhooks, it sends the `username`/`password`
 * given on createCall as Basic auth (CARRIER-APIS.md §1.2). A request passes when its pair equals
 * one of BANDWIDTH_VOICE_CALLBACK_CREDENTIALS (constant time; a pair bound to an applicationId
 * only for that application); otherwise 401 with `WWW-Authenticate`. These endpoints are carrier
 * callbacks, not staff API: no JWT.
 */
@Injectable()
export class BandwidthCallbackAuthGuard implements CanActivate {
  constructor(
    @Inject(PLATFORM_ENV) private readonly env: SchedulingEnv,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<CallbackRequest>();
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as { applicationId?: unknown }) : {};
    const applicationId = typeof body.applicationId === 'string' ? body.applicationId : undefined;
    if (matchBasicCredential(req.headers.authorization, this.env.BANDWIDTH_VOICE_CALLBACK_CREDENTIALS, applicationId)) return true;
    this.log.warn({ path: req.originalUrl }, 'Bandwidth page-call callback with missing or wrong Basic-auth credentials rejected');
    context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('WWW-Authenticate', 'Basic realm="textback-scheduling", charset="UTF-8"');
    throw new UnauthorizedException();
  }
}
