import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
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

/** SHA-256 digest of a secret: compared in constant time, so lengths do not leak. */
function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** A configured pair with the digests of its username and password, computed once (not on every callback). */
interface DigestedCredential {
  credential: BandwidthCallbackCredential;
  username: Buffer;
  password: Buffer;
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
  private readonly credentials: readonly DigestedCredential[];

  constructor(
    @Inject(TELEPHONY_INGEST_CONFIG) config: TelephonyIngestConfig,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    private readonly metrics: CallDecisionMetrics,
  ) {
    this.credentials = config.bandwidthCredentials.map((credential) => ({ credential, username: digestOf(credential.username), password: digestOf(credential.password) }));
  }

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

  private match(req: WebhookHttpRequest): BandwidthCallbackCredential | null {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
    if (!m?.[1]) return null;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const bodyApplication = typeof req.body === 'object' && req.body !== null ? (req.body as { applicationId?: unknown }).applicationId : undefined;
    const usernameDigest = digestOf(username);
    const passwordDigest = digestOf(password);
    let found: BandwidthCallbackCredential | null = null;
    for (const { credential: c, ...digests } of this.credentials) {
      // Evaluate every entry so the time taken does not depend on which one matches.
      const ok = timingSafeEqual(digests.username, usernameDigest) && timingSafeEqual(digests.password, passwordDigest);
      const applicationOk = !c.applicationId || typeof bodyApplication !== 'string' || c.applicationId === bodyApplication;
      if (ok && applicationOk && !found) found = c;
    }
    return found;
  }
}
