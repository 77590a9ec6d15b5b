import { Inject, Injectable } from '@nestjs/common';
import { jsonbSafe, parseFormWebhookBody, parseJsonWebhookBody, type RawWebhookRow, RawWebhookStore, ROOT_LOGGER, type WebhookEventRejection } from '@textback/platform';
import { type Logger } from 'pino';
import { type z } from 'zod';
import { type BandwidthMessageCallback, bandwidthMessageCallbackSchema } from './bandwidth-callback.schema';
import { InboundCallbackRepository } from './inbound-callback.repository';
import { InboundService } from './inbound.service';
import { type StoredTwilioCallback, twilioInboundParamsSchema, twilioStatusParamsSchema } from './provider-callback.normalizer';

/** What to answer the carrier, and the stored events to process after answering. */
export interface IntakeResult {
  status: 200 | 204 | 400;
  /** Why the request as a whole was refused (400). */
  error?: string;
  /** Ids of newly stored inbound callbacks (process them after answering). */
  callbackIds: string[];
}

/** Path prefixes of messaging's carrier webhooks (their bodies are read raw, see captureRawWebhookBodies). */
export const MESSAGING_WEBHOOK_PATHS = ['/webhooks/bandwidth/messaging', '/webhooks/twilio/messaging'] as const;

/** Bandwidth event types that only report a sent message's fate (applied at receipt in one transaction). */
const DELIVERY_STATUS_EVENTS: ReadonlySet<string> = new Set(['message-delivered', 'message-failed']);

function problemsOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`)
    .join('; ');
}

/**
 * Applies messaging webhooks from their stored raw bytes ({@link RawWebhookStore}), one event at a time: each event is
 * made jsonb-safe (U+0000 removed, lone surrogates replaced) and validated on its own; valid events are stored in
 * `inbound_callback` (unique per provider + message id + type, so a redelivery or replay adds nothing) and processed;
 * each invalid event is kept with its error on the raw request and counted. Used at receipt and by replay.
 * - Bandwidth: a body that is not a JSON array of objects → 400 (a truncated delivery: the carrier retries it);
 *   otherwise 204, whatever some events lacked. A request of valid delivery receipts only (`message-delivered`,
 *   `message-failed`) is stored, applied and finished in one transaction; should that fail, the usual path follows.
 * - Twilio (one event per request): 200 + empty TwiML when applied, 400 when the params lack what is required.
 */
@Injectable()
export class MessagingWebhookIntake {
  constructor(
    private readonly raw: RawWebhookStore,
    private readonly inbound: InboundService,
    private readonly callbacks: InboundCallbackRepository,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /** Applies a stored Bandwidth messaging request (`rawId`) with body `body`. */
  async applyBandwidth(rawId: string, body: Buffer): Promise<IntakeResult> {
    const parsed = parseJsonWebhookBody(body);
    const events = parsed.ok ? parsed.value : undefined;
    if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) {
      const error = parsed.ok ? 'body is not a non-empty JSON array of event objects' : parsed.error;
      await this.raw.finish(rawId, 'bandwidth', { statusCode: 400, outcome: 'rejected', error, rejections: [{ index: 0, error }] });
      this.log.warn({ webhook: 'bandwidth-messaging', rawWebhookId: rawId, error }, 'messaging callback body unreadable; kept raw');
      return { status: 400, error, callbackIds: [] };
    }
    const good: BandwidthMessageCallback[] = [];
    const rejections: WebhookEventRejection[] = [];
    events.forEach((event: unknown, index) => {
      const safe = jsonbSafe(event);
      const result = bandwidthMessageCallbackSchema.safeParse(safe);
      if (result.success) good.push(result.data);
      else rejections.push({ index, error: problemsOf(result.error), event: safe });
    });
    if (rejections.length === 0 && good.every((e) => DELIVERY_STATUS_EVENTS.has(e.type))) {
      // Delivery receipts (most of the traffic): stored, applied and the request finished in one transaction.
      const applied = await this.inbound.storeAndApplyBandwidth(rawId, good).catch((err: unknown) => {
        this.log.warn({ err, webhook: 'bandwidth-messaging', rawWebhookId: rawId }, 'delivery callbacks not applied at once; storing them for the sweeper');
        return undefined;
      });
      if (applied !== undefined) {
        this.count('bandwidth', good.length, applied);
        return { status: 204, callbackIds: [] };
      }
    }
    const callbackIds = good.length > 0 ? await this.inbound.storeBandwidth(good) : [];
    this.count('bandwidth', good.length, callbackIds.length);
    await this.raw.finish(rawId, 'bandwidth', { statusCode: 204, outcome: rejections.length === 0 ? 'accepted' : 'partial', rejections });
    if (rejections.length > 0) this.log.warn({ webhook: 'bandwidth-messaging', rawWebhookId: rawId, rejected: rejections.length, applied: good.length, problems: rejections.slice(0, 3).map((r) => r.error) }, 'messaging callback events rejected; kept for replay');
    return { status: 204, callbackIds };
  }

  /**
   * Applies a stored, signature-checked Twilio messaging request: `kind` from the endpoint, `params` the decoded form,
   * `commandId` from the StatusCallback query.
   */
  async applyTwilio(rawId: string, kind: StoredTwilioCallback['kind'], params: StoredTwilioCallback['params'], commandId: string | undefined): Promise<IntakeResult> {
    const safe = jsonbSafe(params);
    const result = (kind === 'inbound' ? twilioInboundParamsSchema : twilioStatusParamsSchema).safeParse(safe);
    if (!result.success) {
      const error = problemsOf(result.error);
      await this.raw.finish(rawId, 'twilio', { statusCode: 400, outcome: 'rejected', error, rejections: [{ index: 0, error, event: { kind, params: safe } }] });
      this.log.warn({ webhook: 'twilio-messaging', rawWebhookId: rawId, error }, 'Twilio messaging webhook rejected; kept for replay');
      return { status: 400, error, callbackIds: [] };
    }
    const safeCommandId = commandId === undefined ? undefined : jsonbSafe(commandId).slice(0, 64);
    const id = await this.inbound.storeTwilio({ kind, params: safe, ...(safeCommandId ? { commandId: safeCommandId } : {}) });
    this.count('twilio', 1, id ? 1 : 0);
    await this.raw.finish(rawId, 'twilio', { statusCode: 200, outcome: 'accepted' });
    return { status: 200, callbackIds: id ? [id] : [] };
  }

  /**
   * Processes newly stored callbacks one by one; a failure is recorded on its row (attempts, error; dead after
   * INBOUND_MAX_ATTEMPTS) and left to the sweeper. Never throws.
   */
  async processAll(callbackIds: readonly string[]): Promise<void> {
    for (const id of callbackIds) {
      try {
        await this.inbound.process(id);
      } catch (err) {
        await this.callbacks.recordFailure(id, err).catch((e: unknown) => this.log.error({ err: e, callbackId: id }, 'could not record a callback failure'));
        this.log.error({ err, callbackId: id }, 'stored callback failed to process; the sweeper retries it');
      }
    }
  }

  /**
   * Re-applies a stored raw request after a fix (`textback webhooks replay`): the same decoding and validation as at
   * receipt, without the signature check (only authenticated requests are stored). Idempotent: events already stored
   * are skipped by their unique key.
   */
  async replay(row: RawWebhookRow): Promise<void> {
    let result: IntakeResult;
    if (row.provider === 'bandwidth') result = await this.applyBandwidth(row.id, row.body);
    else {
      const url = new URL(row.endpoint, 'http://replay.invalid');
      const kind = url.pathname.endsWith('/status') ? 'status' : 'inbound';
      result = await this.applyTwilio(row.id, kind, parseFormWebhookBody(row.body), url.searchParams.get('commandId') ?? undefined);
    }
    await this.processAll(result.callbackIds);
    this.raw.events.inc({ provider: row.provider, result: 'replayed' });
  }

  private count(provider: string, valid: number, stored: number): void {
    if (stored > 0) this.raw.events.inc({ provider, result: 'accepted' }, stored);
    if (valid > stored) this.raw.events.inc({ provider, result: 'duplicate' }, valid - stored);
  }
}
