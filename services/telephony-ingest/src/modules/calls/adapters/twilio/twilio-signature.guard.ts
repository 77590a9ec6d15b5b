import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { validateRequest } from 'twilio';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../../../config/telephony-ingest.config';
import { CallDecisionMetrics } from '../../call-decision.metrics';
import { type WebhookHttpRequest } from '../../http-exchange.types';

/**
 * Checks `X-Twilio-Signature` with the twilio package's `validateRequest` (HMAC-SHA1 of the full
 * URL plus the sorted form parameters, keyed by the account's auth token; CARRIER-APIS.md §4.3).
 * The URL is rebuilt from `TELEPHONY_PUBLIC_BASE_URL` + the path as received, because behind a proxy the
 * request's host is not the URL Twilio signed. Missing, wrong or unverifiable → 403.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(
    @Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    private readonly metrics: CallDecisionMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WebhookHttpRequest>();
    const signature = req.headers['x-twilio-signature'];
    const params = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    const url = `${this.config.publicBaseUrl}${req.originalUrl}`;
    const valid = this.config.twilioAuthToken !== null && typeof signature === 'string' && validateRequest(this.config.twilioAuthToken, signature, url, params);
    if (valid) return true;
    this.metrics.webhooks.inc({ provider: 'twilio', result: 'unauthorized' });
    this.log.warn({ path: req.originalUrl, signed: typeof signature === 'string' }, 'Twilio webhook with a missing or invalid X-Twilio-Signature rejected');
    throw new ForbiddenException('invalid X-Twilio-Signature');
  }
}
