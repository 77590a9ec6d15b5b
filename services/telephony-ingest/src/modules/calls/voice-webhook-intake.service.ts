import { Inject, Injectable } from '@nestjs/common';
import { LocationDirectory, RawWebhookStore, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { CallDecisionMetrics } from './call-decision.metrics';
import { type CallInstruction } from './call-instruction.types';
import { type InboundCallWebhook, MalformedWebhookException } from './call-webhook.types';
import { CallLifecycleService } from './call-lifecycle.service';
import { normalizeCallerId } from './caller-identity.mapper';
import { type VoiceProviderAdapter, type VoiceProviderReply } from './voice-provider.adapter';

/** A voice webhook request as the controllers hand it over (body decoded by the raw-body capture). */
export interface VoiceWebhookRequest {
  /** Decoded body: JSON value (Bandwidth) or form map (Twilio); undefined when unreadable. */
  body: unknown;
  /** The exact bytes received. */
  rawBody?: Buffer;
  /** Why the body could not be decoded. */
  rawBodyError?: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The answer to a voice webhook: the adapter's reply, or 400 with the problems. */
export type VoiceWebhookAnswer = VoiceProviderReply | { status: 400; contentType: string; body: string };

/** Path prefixes of the voice webhooks; their bodies are read raw and decoded by the capture (see main.ts). */
export const VOICE_WEBHOOK_ROUTES = [
  { path: '/bandwidth/voice', decode: 'json' },
  { path: '/twilio/voice', decode: 'form' },
] as const;

/**
 * The edge of every voice webhook, after authentication: translate it with the carrier's adapter, apply it
 * ({@link CallLifecycleService}: stored with its exact bytes and facts in one transaction) and answer.
 *
 * The business's line never depends on a bad webhook or on our database (DESIGN.md guarantee 3):
 * - Malformed body: kept raw with its problems (`raw_webhook`, best effort, counted `malformed`), answered 400; except
 *   the first webhook of a call (Bandwidth `initiate`, Twilio `incoming`) whose dialled number is a location's line:
 *   that call is forwarded to the location's line anyway (fail open, business hours not consulted), since a 400 there
 *   would make the carrier drop the caller.
 * - Applying fails (database down or a bug): kept raw with a replay requested (re-applied by the replay worker,
 *   bounded attempts), answered as if nothing were known: the first webhook forwards (as above) or hangs up when no
 *   location is found, verb callbacks get their fallback (`bridge`, `hangup`, 204).
 */
@Injectable()
export class VoiceWebhookIntake {
  constructor(
    private readonly lifecycle: CallLifecycleService,
    private readonly raw: RawWebhookStore,
    private readonly directory: LocationDirectory,
    private readonly metrics: CallDecisionMetrics,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /** Applies one authenticated voice webhook and returns the answer. Never throws for any body. */
  async receive<Hook extends string, Auth>(adapter: VoiceProviderAdapter<Hook, Auth>, hook: Hook, req: VoiceWebhookRequest, auth: Auth): Promise<VoiceWebhookAnswer> {
    const provider = adapter.provider;
    let webhook: InboundCallWebhook;
    try {
      webhook = adapter.parse(hook, req.body, new Date().toISOString());
    } catch (err) {
      if (!(err instanceof MalformedWebhookException)) throw err;
      const problems = req.rawBodyError ? [req.rawBodyError, ...err.problems] : err.problems;
      this.metrics.webhooks.inc({ provider, result: 'malformed' });
      this.log.warn({ provider, hook, problems: problems.slice(0, 5) }, 'malformed voice webhook rejected; kept raw');
      const forward = this.isFirstWebhook(provider, hook, req.body) ? await this.failOpenForward(provider, req.body) : null;
      await this.keepRaw(provider, req, forward ? 200 : 400, 'rejected', problems.join('; '));
      if (forward) return adapter.render(forward, auth);
      return { status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: err.message.slice(0, 1000), problems: problems.slice(0, 20) }) };
    }
    try {
      const outcome = await this.lifecycle.handle({ ...webhook, ...(req.rawBody ? { rawBody: req.rawBody } : {}) });
      return adapter.render(outcome.instruction, auth);
    } catch (err) {
      this.log.error({ err, provider, hook, providerCallId: webhook.providerCallId }, 'voice webhook not applied; answering from memory, replay queued');
      const instruction: CallInstruction =
        webhook.reply === 'route' ? ((await this.failOpenForward(provider, req.body)) ?? { kind: 'hangup' }) : webhook.reply === 'none' ? { kind: 'none' } : webhook.reply === 'bridge' ? { kind: 'bridge' } : { kind: 'hangup' };
      const id = await this.keepRaw(provider, req, 200, 'failed', String(err));
      if (id) await this.raw.failed(id, provider, err).catch(() => undefined);
      return adapter.render(instruction, auth);
    }
  }

  /**
   * Re-applies a stored raw voice webhook (`textback webhooks replay`, or after a failure): decoded and validated as at
   * receipt. Idempotent: `(provider, call id, event type)` is unique, so an applied webhook changes nothing.
   * @returns `accepted` or `rejected` (still malformed, with the problems recorded).
   */
  async replay<Hook extends string, Auth>(adapter: VoiceProviderAdapter<Hook, Auth>, hook: Hook, rawId: string, body: unknown, rawBody: Buffer): Promise<'accepted' | 'rejected'> {
    let webhook: InboundCallWebhook;
    try {
      webhook = adapter.parse(hook, body, new Date().toISOString());
    } catch (err) {
      if (!(err instanceof MalformedWebhookException)) throw err;
      await this.raw.finish(rawId, adapter.provider, { statusCode: 400, outcome: 'rejected', error: err.message, rejections: [{ index: 0, error: err.problems.join('; ') }] });
      return 'rejected';
    }
    await this.lifecycle.handle({ ...webhook, rawBody });
    await this.raw.finish(rawId, adapter.provider, { statusCode: 200, outcome: 'accepted' });
    return 'accepted';
  }

  /** Whether the body is the first webhook of a call (the one whose answer routes the caller). */
  private isFirstWebhook(provider: string, hook: string, body: unknown): boolean {
    if (provider === 'twilio') return hook === 'incoming';
    return typeof body === 'object' && body !== null && (body as { eventType?: unknown }).eventType === 'initiate';
  }

  /** Forward to the line of the location that owns the dialled number in `body` (Bandwidth `to`, Twilio `To`), if any. */
  private async failOpenForward(provider: string, body: unknown): Promise<CallInstruction | null> {
    if (typeof body !== 'object' || body === null) return null;
    const to = (body as Record<string, unknown>)[provider === 'twilio' ? 'To' : 'to'];
    if (typeof to !== 'string' || to.length > 64) return null;
    const dialed = normalizeCallerId(to).e164;
    if (!dialed) return null;
    try {
      const owner = await this.directory.findByNumber(dialed);
      if (!owner || owner.purpose === 'sending') return null;
      return { kind: 'forward', toE164: owner.config.forwardToE164, ringTimeoutSeconds: owner.config.ringTimeoutSeconds };
    } catch (err) {
      this.log.error({ err, provider }, 'location lookup failed while failing open');
      return null;
    }
  }

  /** Stores a request raw with how it ended (best effort: a database outage must not change the answer). */
  private async keepRaw(provider: string, req: VoiceWebhookRequest, statusCode: number, outcome: 'rejected' | 'failed', error: string): Promise<string | null> {
    try {
      const bytes = req.rawBody ?? Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body), 'utf8');
      const id = await this.raw.store(provider, req.originalUrl, req.headers, bytes);
      await this.raw.finish(id, provider, { statusCode, outcome, error, rejections: outcome === 'rejected' ? [{ index: 0, error }] : [] });
      return id;
    } catch (err) {
      this.log.error({ err, provider }, 'could not keep a voice webhook raw');
      return null;
    }
  }
}
