import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CallbackSpool, LocationDirectory, type NumberOwner, parseFormWebhookBody, parseJsonWebhookBody, RawWebhookStore, ROOT_LOGGER, type SpooledCallback } from '@textback/platform';
import { type Logger } from 'pino';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../config/telephony-ingest.config';
import { CallDecisionMetrics } from './call-decision.metrics';
import { type CallInstruction } from './call-instruction.types';
import { type InboundCallWebhook, MalformedWebhookException } from './call-webhook.types';
import { CallLifecycleService } from './call-lifecycle.service';
import { normalizeCallerId } from './caller-identity.mapper';
import { FailOpenMetrics } from './fail-open.metrics';
import { answerFromMemory } from './memory-answer.policy';
import { type VoiceProviderAdapter, type VoiceProviderReply } from './port/voice-provider.port';

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

/** How a spooled callback's replay ended (see {@link VoiceWebhookIntake.replaySpooled}). */
export type SpoolReplayResult = 'applied' | 'rejected' | 'kept_raw';

/** Path prefixes of the voice webhooks; their bodies are read raw and decoded by the capture (see main.ts). */
export const VOICE_WEBHOOK_ROUTES = [
  { path: '/bandwidth/voice', decode: 'json' },
  { path: '/twilio/voice', decode: 'form' },
] as const;

/** Replays of one spooled callback that may fail (database still down or slow) before it is kept raw instead. */
export const SPOOL_APPLY_ATTEMPTS = 10;

/**
 * Longest wait for the spool's fsync before answering anyway, ms (a hung disk must not hold the caller). With the
 * persistence budget (500 ms by default) it keeps the slowest answer under the 1 s an initiate should take; the write
 * goes on and usually lands (a bench on a saturated 2-core machine saw 9 of 555 spool writes take longer than 1 s).
 */
const SPOOL_WRITE_WAIT_MS = 400;

/**
 * Replies that need no call state (Bandwidth `initiate` / Twilio incoming call: routed by the location's configuration;
 * asynchronous callbacks: 204; hang-ups): answered as soon as the callback is durable, in PostgreSQL or in the spool
 * (see CALLBACK_SPOOL_HEDGE_MS). `continue` (the deciding `transferComplete`: voicemail or not follows the decision) and
 * `bridge` (the answer-confirmation prompt follows the call record) wait for their write within the budget.
 */
const ANSWERED_FROM_CONFIGURATION: ReadonlySet<InboundCallWebhook['reply']> = new Set(['route', 'none', 'hangup']);

/** Least interval between two lines of one per-callback log message of the phone path, ms (see logSampled). */
const LOG_SAMPLE_MS = 1_000;

/** Least persistence budget left to a callback that first waited for its call's earlier write, ms. */
const MIN_REMAINING_BUDGET_MS = 50;

type Settled<T> = { state: 'done'; value: T } | { state: 'failed'; err: unknown } | { state: 'late' };

/** Settles `work` within `ms`: its value, its error, or `late` (the work goes on; its outcome is then ignored). */
async function within<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Settled<T>>((resolve) => (timer = setTimeout(() => resolve({ state: 'late' }), ms)));
  try {
    return await Promise.race([work.then((value): Settled<T> => ({ state: 'done', value }), (err: unknown): Settled<T> => ({ state: 'failed', err })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves with whichever of the two is durable first: the committed write (`persisted`) or the spool entry on disk
 * (`spool`); `none` when the write failed or was late and the spool write failed or timed out.
 */
function firstDurable<T>(persisted: Promise<Settled<T>>, spooled: Promise<SpooledCallback | null>): Promise<{ source: 'persisted'; value: T } | { source: 'spool'; entry: SpooledCallback } | { source: 'none' }> {
  return new Promise((resolve) => {
    let misses = 0;
    const miss = () => {
      if (++misses === 2) resolve({ source: 'none' });
    };
    void persisted.then((s) => (s.state === 'done' ? resolve({ source: 'persisted', value: s.value }) : miss()));
    void spooled.then((entry) => (entry ? resolve({ source: 'spool', entry }) : miss()));
  });
}

/** The spool's ordering group of a webhook: its call (the caller's leg at the carrier). */
function groupOf(webhook: Pick<InboundCallWebhook, 'provider' | 'callerLegId'>): string {
  return `${webhook.provider}:${webhook.callerLegId}`;
}

/**
 * The edge of every voice webhook, after authentication: translate it with the carrier's adapter, apply it
 * ({@link CallLifecycleService}: stored with its exact bytes and facts in one transaction) and answer.
 *
 * The phone path fails open (DESIGN.md guarantee 3; docs/operations.md "The phone path fails open"):
 * - Applying gets CALLBACK_PERSIST_BUDGET_MS. When it fails or is late (PostgreSQL unreachable, slow, locked), the
 *   callback is answered from the location's configuration held in memory ({@link answerFromMemory}) and appended
 *   durably to the local spool ({@link CallbackSpool}, fsync'd before the answer), which
 *   {@link replaySpooled} applies later — idempotently, by `(provider, call id, event type)`, so a late write that did
 *   land is not counted twice. No missed-call decision is lost, and Kafka is never on this path (the outbox relays).
 *   While a call has a callback in the spool, its later callbacks are spooled behind it (reason `queued`), so the
 *   call's facts are applied in the carrier's order.
 * - The fallback URLs (`/bandwidth/voice/fallback/<hook>`, `/twilio/voice/fallback`) use {@link answerFallback}: the
 *   answer from memory and the spool, no database at all.
 * - Malformed body: kept raw with its problems (`raw_webhook`, within the budget, else spooled; counted `malformed`),
 *   answered 400; except the first webhook of a call whose dialled number is a location's line: forwarded anyway
 *   (business hours not consulted), since a 400 there would make the carrier drop the caller.
 */
@Injectable()
export class VoiceWebhookIntake {
  private readonly spoolAttempts = new Map<string, number>();
  /**
   * Per call (spool group), the write of a callback that was answered before it committed, resolving once that write
   * settled (and, when it committed, its spooled copy was settled): the call's next callback waits for it.
   */
  private readonly writesInFlight = new Map<string, Promise<void>>();
  /** Per log message of the phone path: when it was last written and how many were left out since ({@link logSampled}). */
  private readonly logSamples = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly lifecycle: CallLifecycleService,
    private readonly raw: RawWebhookStore,
    private readonly directory: LocationDirectory,
    private readonly spool: CallbackSpool,
    private readonly metrics: CallDecisionMetrics,
    private readonly failOpen: FailOpenMetrics,
    @Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /** Applies one authenticated voice webhook and returns the answer, within the persistence budget. Never throws for any body. */
  async receive<Hook extends string, Auth>(adapter: VoiceProviderAdapter<Hook, Auth>, hook: Hook, req: VoiceWebhookRequest, auth: Auth): Promise<VoiceWebhookAnswer> {
    const provider = adapter.provider;
    const budget = this.config.failOpen.persistBudgetMs;
    let webhook: InboundCallWebhook;
    try {
      webhook = adapter.parse(hook, req.body, new Date().toISOString());
    } catch (err) {
      if (!(err instanceof MalformedWebhookException)) throw err;
      const problems = req.rawBodyError ? [req.rawBodyError, ...err.problems] : err.problems;
      this.metrics.webhooks.inc({ provider, result: 'malformed' });
      this.log.warn({ provider, hook, problems: problems.slice(0, 5) }, 'malformed voice webhook rejected; kept raw');
      const forward = this.isFirstWebhook(provider, hook, req.body) ? this.failOpenForward(provider, req.body) : null;
      const kept = await within(this.keepRaw(provider, req, forward ? 200 : 400, 'rejected', problems.join('; ')), budget);
      if (kept.state !== 'done' || kept.value === null) await this.spoolRequest(provider, hook, req, null, 'failed');
      if (forward) return adapter.render(forward, auth);
      return { status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: err.message.slice(0, 1000), problems: problems.slice(0, 20) }) };
    }
    const group = groupOf(webhook);
    const deadline = Date.now() + budget;
    // An earlier callback of this call was answered while its write still ran (spooled, not yet committed): wait for
    // that write (within this callback's budget) rather than queue behind its spooled copy; once it commits, its hold
    // on the call is released (settle) and this one is applied directly, in order.
    const earlier = this.writesInFlight.get(group);
    if (earlier) await within(earlier, budget);
    if (this.spool.hasPending(group)) {
      // An earlier callback of this call waits in the spool: this one goes behind it, so the call's facts are applied
      // in the order the carrier sent them (a disconnect applied before the spooled transferComplete would decide
      // `caller_abandoned` instead of `no_answer`).
      await this.spoolRequest(provider, hook, req, webhook, 'queued');
      this.failOpen.answers.inc({ provider, source: 'memory' });
      return adapter.render(this.fromMemory(provider, webhook, req.body), auth);
    }
    const work = this.lifecycle.handle({ ...webhook, ...(req.rawBody ? { rawBody: req.rawBody } : {}) });
    const remaining = Math.max(MIN_REMAINING_BUDGET_MS, deadline - Date.now());
    const fields = { provider, hook, providerCallId: webhook.providerCallId, eventType: webhook.eventType };
    if (ANSWERED_FROM_CONFIGURATION.has(webhook.reply)) {
      // The answer needs no call state: it waits only until the callback is durable, in PostgreSQL or in the spool.
      const hedge = Math.min(this.config.failOpen.spoolHedgeMs, remaining);
      const early = await within(work, hedge);
      if (early.state === 'done') {
        this.failOpen.answers.inc({ provider, source: 'persisted' });
        return adapter.render(early.value.instruction, auth);
      }
      if (early.state === 'late') {
        work.catch(() => undefined);
        const spooling = this.spoolRequest(provider, hook, req, webhook, 'late');
        this.holdWhileWriting(group, work, spooling);
        const first = await firstDurable(within(work, remaining - hedge), spooling);
        if (first.source === 'persisted') {
          this.failOpen.answers.inc({ provider, source: 'persisted' });
          return adapter.render(first.value.instruction, auth);
        }
        if (first.source === 'none') this.logSampled('error', { ...fields, budgetMs: budget }, 'voice webhook neither persisted nor spooled in time; answered from memory');
        this.failOpen.answers.inc({ provider, source: 'memory' });
        return adapter.render(this.fromMemory(provider, webhook, req.body), auth);
      }
    }
    const settled = await within(work, remaining);
    if (settled.state === 'done') {
      this.failOpen.answers.inc({ provider, source: 'persisted' });
      return adapter.render(settled.value.instruction, auth);
    }
    work.catch(() => undefined);
    if (settled.state === 'late') this.logSampled('warn', { ...fields, budgetMs: budget }, 'voice webhook not persisted within its budget; answered from memory, spooled');
    else this.logSampled('error', { ...fields, err: settled.err }, 'voice webhook not applied; answered from memory, spooled');
    const instruction = this.fromMemory(provider, webhook, req.body);
    const spooling = this.spoolRequest(provider, hook, req, webhook, settled.state === 'late' ? 'late' : 'failed');
    // A late write usually lands after all: once it committed, the call's later callbacks need not queue behind the
    // spooled copy (which the replay then skips), so they are applied and decided at once, not at replay.
    if (settled.state === 'late') this.holdWhileWriting(group, work, spooling);
    await spooling;
    this.failOpen.answers.inc({ provider, source: 'memory' });
    return adapter.render(instruction, auth);
  }

  /**
   * Keeps the call's order while `work` (a write answered before it committed) runs: the call's next callback waits
   * for it ({@link writesInFlight}); once it commits, the spooled copy is settled (its hold released, its replay
   * skipped), whichever of the two lands first.
   */
  private holdWhileWriting(group: string, work: Promise<unknown>, spooling: Promise<SpooledCallback | null>): void {
    const written = work.then(
      () => true,
      () => false,
    );
    const done = written.then(async (committed) => {
      const entry = await spooling;
      if (committed && entry) this.spool.settle(entry);
    });
    this.writesInFlight.set(group, done);
    void done.finally(() => {
      if (this.writesInFlight.get(group) === done) this.writesInFlight.delete(group);
    });
  }

  /**
   * A callback on a fallback URL (the carrier could not get an answer from the primary one): answered from the
   * location's configuration in memory and spooled for replay; no database, no Kafka. A body that does not parse is
   * still spooled (its replay keeps it raw with its problems) and answered as on the primary URL: the first webhook
   * of a call to a location's line is forwarded anyway (a 4xx there would drop the caller; an unknown line hangs up),
   * any other gets 400 with the problems, so the carrier's delivery log shows the rejection instead of a success.
   * Never throws for any body.
   */
  async answerFallback<Hook extends string, Auth>(adapter: VoiceProviderAdapter<Hook, Auth>, hook: Hook, req: VoiceWebhookRequest, auth: Auth): Promise<VoiceWebhookAnswer> {
    const provider = adapter.provider;
    let webhook: InboundCallWebhook | null = null;
    let malformed: MalformedWebhookException | null = null;
    try {
      webhook = adapter.parse(hook, req.body, new Date().toISOString());
    } catch (err) {
      if (!(err instanceof MalformedWebhookException)) throw err;
      malformed = err;
    }
    this.logSampled('warn', { provider, hook, providerCallId: webhook?.providerCallId }, 'voice webhook on the fallback URL; answered from memory, spooled');
    const first = webhook === null && this.isFirstWebhook(provider, hook, req.body);
    await this.spoolRequest(provider, hook, req, webhook, 'fallback');
    this.failOpen.answers.inc({ provider, source: 'fallback' });
    if (webhook) return adapter.render(this.fromMemory(provider, webhook, req.body), auth);
    if (first) return adapter.render(this.failOpenForward(provider, req.body) ?? { kind: 'hangup' }, auth);
    this.metrics.webhooks.inc({ provider, result: 'malformed' });
    const problems = [...(req.rawBodyError ? [req.rawBodyError] : []), ...(malformed?.problems ?? [])];
    return { status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: (malformed?.message ?? 'malformed voice webhook').slice(0, 1000), problems: problems.slice(0, 20) }) };
  }

  /**
   * Applies one spooled callback (the spool's replay worker), decoded and validated as at receipt. Idempotent:
   * `(provider, call id, event type)` is unique, so one that was persisted late after all changes nothing.
   * @returns `applied`; `rejected` (malformed: kept raw with its problems); `kept_raw` (applying failed
   *   {@link SPOOL_APPLY_ATTEMPTS} times: kept in `raw_webhook` with a replay requested, for the bounded webhook replay).
   * @throws when it can be neither applied nor kept raw (the database is still down): it stays spooled.
   */
  async replaySpooled<Hook extends string, Auth>(adapter: VoiceProviderAdapter<Hook, Auth>, hook: Hook, entry: SpooledCallback): Promise<SpoolReplayResult> {
    const bytes = Buffer.from(entry.bodyBase64, 'base64');
    let body: unknown;
    if (adapter.provider === 'twilio') body = parseFormWebhookBody(bytes);
    else {
      const parsed = parseJsonWebhookBody(bytes);
      body = parsed.ok ? parsed.value : undefined;
    }
    const req: VoiceWebhookRequest = { body, rawBody: bytes, originalUrl: entry.endpoint, headers: {} };
    let webhook: InboundCallWebhook;
    try {
      webhook = adapter.parse(hook, body, entry.receivedAt);
    } catch (err) {
      if (!(err instanceof MalformedWebhookException)) throw err;
      if ((await this.keepRaw(adapter.provider, req, 400, 'rejected', err.problems.join('; '))) === null) throw new Error('spooled malformed webhook could not be kept raw');
      return 'rejected';
    }
    try {
      await this.lifecycle.handle({ ...webhook, rawBody: bytes });
      this.spoolAttempts.delete(entry.key);
      return 'applied';
    } catch (err) {
      const attempts = (this.spoolAttempts.get(entry.key) ?? 0) + 1;
      this.spoolAttempts.set(entry.key, attempts);
      if (attempts < SPOOL_APPLY_ATTEMPTS) throw err;
      const id = await this.keepRaw(adapter.provider, req, 200, 'failed', String(err));
      if (!id) throw err;
      await this.raw.failed(id, adapter.provider, err);
      this.spoolAttempts.delete(entry.key);
      return 'kept_raw';
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

  /** The dialled number of `body` (Bandwidth `to`, Twilio `To`) in E.164, if readable. */
  private dialedOf(provider: string, body: unknown): string | null {
    if (typeof body !== 'object' || body === null) return null;
    const to = (body as Record<string, unknown>)[provider === 'twilio' ? 'To' : 'to'];
    if (typeof to !== 'string' || to.length > 64) return null;
    return normalizeCallerId(to).e164;
  }

  /**
   * {@link answerFromMemory} for `webhook`: with the dialled number's owner, and for the forwarded leg's pick-up the
   * locations forwarding to the line that answered (`webhook.answeredLine`), all from memory.
   */
  private fromMemory(provider: string, webhook: InboundCallWebhook, body: unknown): CallInstruction {
    const line = webhook.answeredLine === undefined || webhook.answeredLine.length > 64 ? null : normalizeCallerId(webhook.answeredLine).e164;
    return answerFromMemory(webhook, this.ownerOf(provider, webhook, body), line ? (this.directory.locationsForwardingToInMemory(line) ?? []) : []);
  }

  /** The owner of the call's dialled number, from memory only (null when unknown or no snapshot is held yet). */
  private ownerOf(provider: string, webhook: InboundCallWebhook, body: unknown): NumberOwner | null {
    const dialed = webhook.start ? normalizeCallerId(webhook.start.to).e164 : this.dialedOf(provider, body);
    return dialed ? (this.directory.ownerInMemory(dialed) ?? null) : null;
  }

  /** Forward to the line of the location that owns the dialled number in `body`, from memory; null when none. */
  private failOpenForward(provider: string, body: unknown): CallInstruction | null {
    const dialed = this.dialedOf(provider, body);
    const owner = dialed ? this.directory.ownerInMemory(dialed) : null;
    if (!owner || owner.purpose === 'sending') return null;
    return { kind: 'forward', toE164: owner.config.forwardToE164, ringTimeoutSeconds: owner.config.ringTimeoutSeconds };
  }

  /**
   * Appends the request to the spool (fsync'd), waiting at most SPOOL_WRITE_WAIT_MS; a failure is logged and counted,
   * never thrown. @returns the entry when it is on disk, else null.
   */
  private async spoolRequest(provider: string, hook: string, req: VoiceWebhookRequest, webhook: InboundCallWebhook | null, reason: SpooledCallback['reason']): Promise<SpooledCallback | null> {
    const bytes = req.rawBody ?? Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body), 'utf8');
    const key = webhook ? `${provider}:${webhook.providerCallId}:${webhook.eventType}` : `${provider}:unparsed:${createHash('sha256').update(bytes).digest('hex')}`;
    const entry: SpooledCallback = { key, provider, hook, endpoint: req.originalUrl, receivedAt: new Date().toISOString(), reason, bodyBase64: bytes.toString('base64'), ...(webhook ? { group: groupOf(webhook) } : {}) };
    const written = await within(this.spool.append(entry), SPOOL_WRITE_WAIT_MS);
    if (written.state === 'done') {
      this.failOpen.spooled.inc({ provider, reason });
      return entry;
    }
    this.failOpen.spoolWriteFailures.inc();
    this.logSampled('error', { provider, hook, key, err: written.state === 'failed' ? written.err : 'spool write still pending' }, 'voice webhook could not be spooled in time');
    return null;
  }

  /**
   * Writes one of the phone path's per-callback lines at most once per {@link LOG_SAMPLE_MS} per message, with how
   * many were left out since (`suppressed`); the fail-open metrics count every one. The root logger writes
   * synchronously to stdout: at hundreds of late callbacks a second, a line each fills a slow reader's pipe and blocks
   * the event loop that answers the calls.
   */
  private logSampled(level: 'warn' | 'error', fields: Record<string, unknown>, msg: string): void {
    const now = Date.now();
    const seen = this.logSamples.get(msg);
    if (seen && now - seen.at < LOG_SAMPLE_MS) {
      seen.suppressed++;
      return;
    }
    this.log[level]({ ...fields, ...(seen && seen.suppressed > 0 ? { suppressed: seen.suppressed } : {}) }, msg);
    this.logSamples.set(msg, { at: now, suppressed: 0 });
  }

  /** Stores a request raw with how it ended (best effort: a database outage must not change the answer). @returns its id, or null. */
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
