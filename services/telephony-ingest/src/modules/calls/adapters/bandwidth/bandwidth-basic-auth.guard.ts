import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { matchBasicCredential } from '@textback/auth';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { type BandwidthCallbackCredential } from '../../../../config/telephony-ingest.env';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../../../config/telephony-ingest.config';
import { CallDecisionMetrics } from '../../call-decision.metrics';
import { type WebhookHttpRequest, type WebhookHttpResponse } from '../../http-exchange.types';

/** A request that passed {@link BandwidthBasicAuthGuard}, with the credential it used. */
export interface BandwidthAuthenticatedRequest extends WebhookHttpRequest {
  bandwidthCredential?: BandwidthCallbackCredential;
}

/**
 * HTTP Basic auth on every Bandwidth Voice callback. Bandwidth signs nothing on voice webhooks;
 * it sends the application's `CallbackCreds` (or a BXML verb's `username`/`password`) as Basic
 * auth (CARRIER-APIS.md §1.2, §2.4). A request passes when its pair equals one configured pair
 * (constant-time) and, if that pair is bound to an `applicationId`, the body names the same
 * application (when it names one). Anything else: 401 with `WWW-Authenticate`, nothing stored.
 */
@Injectable()
export class BandwidthBasicAuthGuard implements CanActivate {
  constructor(
    @Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    private readonly metrics: CallDecisionMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<BandwidthAuthenticatedRequest>();
    const credential = this.match(req);
    if (credential) {
      req.bandwidthCredential = credential;
      return true;
    }
    this.metrics.webhooks.inc({ provider: 'bandwidth', result: 'unauthorized' });
    this.log.warn({ path: req.originalUrl }, 'Bandwidth callback with missing or wrong Basic-auth credentials rejected');
    context.switchToHttp().getResponse<WebhookHttpResponse>().setHeader('WWW-Authenticate', 'Basic realm="textback-telephony", charset="UTF-8"');
    throw new UnauthorizedException();
  }

  /** The configured pair the request's Basic auth matches (the one constant-time matcher, `@textback/auth`), or null. */
  private match(req: WebhookHttpRequest): BandwidthCallbackCredential | null {
    const bodyApplication = typeof req.body === 'object' && req.body !== null ? (req.body as { applicationId?: unknown }).applicationId : undefined;
    return matchBasicCredential(req.headers.authorization, this.config.bandwidthCredentials, typeof bodyApplication === 'string' ? bodyApplication : undefined);
  }
}
