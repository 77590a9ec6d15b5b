import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { callbackTaskRequestedV1, createEvent, type SmsFailureReason, smsFailedV1, smsSentV1 } from '@textback/contracts';
import { deadLetterCounter, type DeadLetterLabel, deadLetterErrorText, isInfrastructureUnavailable, METRICS_REGISTRY, RetryPolicy } from '@textback/observability';
import { LocationDirectory, ROOT_LOGGER } from '@textback/platform';
import { FAILED_ROUND_RETRY_MS, sleepUntilDue, TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { Counter as PromCounter, type Counter, type Registry } from 'prom-client';
import { type CarrierLookupResult, type CarrierSendResult, SMS_CARRIER, type SmsCarrier, type SmsProvider } from '../carrier/port/sms-carrier.port';
import { CLOCK, type Clock } from '../clock/port/clock';
import { ConsentLedger } from '../consent/consent-ledger.service';
import { failureReasonOf } from '../inbound/carrier-error.mapper';
import { LineTypeService } from '../line-type/line-type.service';
import { MESSAGING_SOURCE } from '../shared/messaging-events';
import { countSegments } from '../templates/sms-segments.util';
import { OutboundMessageRepository } from './outbound-message.repository';
import { type OutboundMessage } from './outbound-message.types';
import { SendPolicy } from './send-policy.service';
import { type InlineSendClaim, type PreparedSend } from './send-intent.types';
import { SendRateRepository } from './send-rate.repository';

/** Tuning of the send queue (env SEND_QUEUE_* and SEND_* variables). */
export const SEND_QUEUE_SETTINGS = Symbol('SendQueueSettings');
export interface SendQueueSettings {
  /** Safety poll, ms (default 30 s): idle workers sleep until the next queued row is due, at most this long. */
  pollIntervalMs: number;
  batchSize: number;
  workers: number;
  /** Attempts of a row in all: carrier 429/5xx answers, and separately our own handling errors (RetryPolicy). */
  maxAttempts: number;
  /** First retry delay after a 429/5xx or a handling error, milliseconds; doubles per attempt, with ±20 % jitter. */
  retryBaseMs: number;
  /**
   * How long a claim holds its rows, milliseconds (env SEND_QUEUE_LEASE_MS; longer than the carrier HTTP timeout). A
   * lease that expires after its carrier call started makes the row `unconfirmed` (never re-sent blindly).
   */
  leaseMs: number;
  /** Reconciliation: the carrier is asked about an unconfirmed text no sooner than this long after its call started, ms. */
  reconcileDelayMs: number;
  /** Reconciliation: lookups answering `unknown` before an unconfirmed text is left listed for good (0: never ask). */
  reconcileMaxLookups: number;
  /** Settle every lease at start (SEND_QUEUE_SETTLE_LEASES_AT_START: this process is the store's only one). */
  settleLeasesAtStart?: boolean;
}

/** How far before `carrier_call_at` the carrier's listing is searched, ms (clock skew between us and the carrier). */
const RECONCILE_CLOCK_SKEW_MS = 5_000;

/** Outcomes of reconciling an unconfirmed text with the carrier (`textback_send_reconciliations_total{outcome}`). */
export type ReconcileOutcome = 'found' | 'not_found' | 'unknown' | 'gave_up';

/** Longest backoff between two attempts of one row, milliseconds. */
const MAX_RETRY_DELAY_MS = 600_000;

/** Dead-letter queues of the send queue (as listed by `textback dead-letters list`; see messaging.definition.ts). */
export const SEND_QUEUE_DEAD_LETTERS = {
  /** Carrier 429/5xx until the attempts ran out: `failed`, list only. */
  carrier: 'outbound_message',
  /** Our handling threw until the attempts ran out: parked `queued`, replayable. */
  handling: 'outbound_message_handling',
  /** The carrier call may have happened but its outcome was not recorded: `unconfirmed`, list only. */
  unconfirmed: 'outbound_message_unconfirmed',
} as const;

/**
 * Drains the durable send queue (`outbound_message` rows with status `queued` and `next_attempt_at` due by the
 * injected clock). No database transaction stays open across the carrier HTTP call:
 * 1. claim: one short transaction writes a lease (`lease_token`, `lease_until` = now + SEND_QUEUE_LEASE_MS) on up to
 *    SEND_QUEUE_BATCH_SIZE due rows and commits;
 * 2. per row, its own short transaction re-checks consent, pauses, quiet hours and expiry, takes a per-number
 *    throughput slot and stamps `carrier_call_at` (committed before the call);
 * 3. the carrier calls of the batch run in parallel, keyed by the command id (the carrier's tag: the send's stable
 *    idempotency key);
 * 4. per row, its own short transaction records the outcome with its event (`messaging.sms.sent.v1` /
 *    `messaging.sms.failed.v1`) through the outbox, if the row still carries this claim's token.
 * A first text skips steps 1 and 2: its decision's transaction claims and prepares it (`SendPolicy.enqueue` with an
 * {@link inlineClaim}) and the decision loop runs steps 3 and 4 ({@link sendPrepared}) after that commit.
 * Per-row isolation: a row whose handling throws (steps 2 or 4) affects no other row; before its carrier call it is
 * retried with the shared {@link RetryPolicy} (SEND_MAX_ATTEMPTS) and then parked as a dead letter
 * (`outbound_message_handling`, replayable); after its carrier call it becomes `unconfirmed`.
 * At most once per claim: a lease that expires after `carrier_call_at` (the process died mid-call) makes the row
 * `unconfirmed` (`outbound_message_unconfirmed`, list only; a delivery callback carrying the command id still settles
 * it); the text is never re-sent blindly. Every dead letter counts in `textback_dead_letters_total{source="job"}`.
 * 429/5xx are retried with the same policy, then the row is `failed` (`retries_exhausted`); a first text past its
 * time-to-live is expired (not sent late) and turned into a callback task. Rows survive restarts.
 * Texts queued by this process wake the workers at once ({@link nudge}); an idle worker sleeps until the earliest
 * queued row or lease is due (a throttled or retried text, an expiring lease) or the safety poll, so at rest it costs a
 * few statements per 30 s.
 */
@Injectable()
export class SendQueueWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly waiters = new Set<() => void>();
  private nudged = false;
  private readonly deadLetters: Counter<DeadLetterLabel>;
  private readonly retry: RetryPolicy;
  private readonly reconciliations: Counter<'outcome'>;
  /** When this worker was made (before any claim of this process): leases ending before it + leaseMs are older. */
  private readonly createdAt: Date;

  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly messages: OutboundMessageRepository,
    private readonly rates: SendRateRepository,
    private readonly policy: SendPolicy,
    private readonly directory: LocationDirectory,
    private readonly lineTypes: LineTypeService,
    private readonly consent: ConsentLedger,
    @Inject(SMS_CARRIER) private readonly carrier: SmsCarrier,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SEND_QUEUE_SETTINGS) private readonly settings: SendQueueSettings,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.deadLetters = deadLetterCounter(registry);
    this.retry = new RetryPolicy({ maxAttempts: settings.maxAttempts, baseDelayMs: settings.retryBaseMs, maxDelayMs: MAX_RETRY_DELAY_MS, jitter: 0.2 });
    this.createdAt = clock.now();
    const name = 'textback_send_reconciliations_total';
    this.reconciliations =
      (registry.getSingleMetric(name) as Counter<'outcome'> | undefined) ??
      new PromCounter({ name, help: 'Unconfirmed texts reconciled with the carrier, by outcome (found: recorded sent; not_found: queued again; unknown: asked again later; gave_up: left unconfirmed)', labelNames: ['outcome'], registers: [registry] });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    const start = this.settings.settleLeasesAtStart ? this.settleLeftLeases() : Promise.resolve();
    for (let i = 0; i < this.settings.workers; i++) this.loops.push(start.then(() => this.loop(i)));
  }

  /**
   * At start, when this process is the store's only one: every lease taken before this worker was made was held by a
   * dead process; settled now. A lease of this process (a `sendNow` already under way) ends at or after
   * `createdAt + leaseMs` and is left alone.
   */
  private async settleLeftLeases(): Promise<void> {
    try {
      const now = this.clock.now();
      const unconfirmed = await this.messages.settleExpiredLeases(undefined, now, this.leaseUntil(this.createdAt));
      for (const messageId of unconfirmed) {
        this.deadLetters.inc({ source: 'job', queue: SEND_QUEUE_DEAD_LETTERS.unconfirmed, reason: 'lease_expired' });
        this.log.error({ messageId }, 'send lease of a dead process held a carrier call: marked unconfirmed, not re-sent blindly (the carrier will be asked)');
      }
    } catch (err) {
      this.log.error({ err }, 'could not settle the send leases left at start; they expire on their own');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.nudge();
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  /** Wakes the workers now (after something was queued), instead of at the next poll. */
  nudge(): void {
    this.nudged = true;
    for (const wake of this.waiters) wake();
  }

  /**
   * Settles expired leases, then claims and handles one batch of due messages.
   * @returns how many rows were claimed.
   */
  async drainOnce(): Promise<number> {
    const now = this.clock.now();
    const unconfirmed = await this.messages.settleExpiredLeases(undefined, now);
    for (const messageId of unconfirmed) {
      this.deadLetters.inc({ source: 'job', queue: SEND_QUEUE_DEAD_LETTERS.unconfirmed, reason: 'lease_expired' });
      this.log.error({ messageId }, 'send lease expired during the carrier call: marked unconfirmed, not re-sent blindly (the carrier will be asked)');
    }
    await this.reconcileOnce(now);
    const token = randomUUID();
    // One statement that commits by itself (no transaction of its own: BEGIN and COMMIT would double its round trips).
    const due = await this.messages.claimDue(undefined, now, this.settings.batchSize, token, this.leaseUntil(now));
    await this.handle(due, token, now);
    return due.length;
  }

  /**
   * Sends the queued text of `commandId` right away in the caller's task (instead of waiting for a queue worker): the
   * same claim, checks, rate slot, carrier call and outcome as {@link drainOnce}. Nothing happens when the text is not
   * due, claimed by a worker, or already done.
   * @returns true when the message was claimed here.
   */
  async sendNow(commandId: string): Promise<boolean> {
    const now = this.clock.now();
    const token = randomUUID();
    const m = await this.messages.claimCommand(undefined, commandId, now, token, this.leaseUntil(now));
    if (!m) return false;
    await this.handle([m], token, now);
    return true;
  }

  /**
   * A claim for a text to be claimed in the transaction that queues it (`SendPolicy.enqueue`): a new token and this
   * queue's lease (SEND_QUEUE_LEASE_MS from `now`), so the row is leased exactly as {@link drainOnce} would lease it.
   */
  inlineClaim(now: Date): InlineSendClaim {
    return { token: randomUUID(), leaseUntil: this.leaseUntil(now) };
  }

  /**
   * Calls the carrier for a text claimed and prepared in the transaction that queued it (`SendPolicy.enqueue` with a
   * claim, committed), then records the outcome in its own transaction: steps 3 and 4 of a queue worker's round, with
   * the same failure handling (after the carrier call a failure makes the row `unconfirmed`, never re-sent blindly).
   * Never throws for a carrier answer or a handling error (they are recorded on the row).
   */
  async sendPrepared(p: PreparedSend): Promise<void> {
    await this.callAndRecord([p], p.token);
  }

  /**
   * Reconciles `unconfirmed` texts with the carrier (at most one batch per round): for each row whose carrier call
   * started at least SEND_RECONCILE_DELAY_MS ago, asks the carrier ({@link SmsCarrier.findSent}, from 5 s before the
   * call started) whether it took the text:
   * - found: recorded `sent` with the carrier's message id and `messaging.sms.sent.v1`, as a normal send;
   * - not found (the carrier's listing covers the call and the delay since): queued again to send now under the same
   *   tag (command id); the normal checks (expiry, consent, quiet hours) apply;
   * - unknown (carrier error, ambiguous listing): asked again with the send backoff, at most SEND_RECONCILE_MAX_LOOKUPS
   *   times; then the row stays `unconfirmed` (listed by `textback dead-letters list`).
   * @returns how many rows were looked up.
   */
  async reconcileOnce(now: Date): Promise<number> {
    if (this.settings.reconcileMaxLookups <= 0) return 0;
    const token = randomUUID();
    const rows = await this.messages.claimUnconfirmed(undefined, now, this.settings.batchSize, token, this.leaseUntil(now), this.settings.reconcileDelayMs, this.settings.reconcileMaxLookups);
    for (const { m, carrierCallAt } of rows) {
      try {
        await this.reconcile(m, carrierCallAt, token);
      } catch (err) {
        // The reconcile lease expires and the row is claimed again.
        this.log.error({ err, messageId: m.messageId, commandId: m.commandId }, 'reconciling an unconfirmed text failed; it will be asked again');
      }
    }
    return rows.length;
  }

  private async reconcile(m: OutboundMessage, carrierCallAt: Date, token: string): Promise<void> {
    const config = await this.runner.run((tx) => this.directory.get(m.locationId, tx.handle));
    const from = m.from ?? (config ? SendPolicy.sendingNumberOf(config) : undefined);
    const provider: SmsProvider = (m.provider as SmsProvider | null) ?? (config && from ? SendPolicy.providerOf(config, from) : 'bandwidth');
    const answer: CarrierLookupResult = from
      ? await this.carrier
          .findSent({ provider, from, to: m.to, body: m.body, segments: countSegments(m.body).segments, tag: m.commandId, sentAfter: new Date(carrierCallAt.getTime() - RECONCILE_CLOCK_SKEW_MS) })
          .catch((err: unknown): CarrierLookupResult => ({ kind: 'unknown', reason: String(err) }))
      : { kind: 'unknown', reason: 'no sending number for this location' };
    const log = { messageId: m.messageId, commandId: m.commandId, provider, carrierCallAt: carrierCallAt.toISOString() };
    switch (answer.kind) {
      case 'found':
        await this.runner.run((tx) => this.complete(tx, m, token, from ?? '', provider, { kind: 'accepted', provider: answer.provider, providerMessageId: answer.providerMessageId, ...(answer.segments ? { segments: answer.segments } : {}) }));
        this.reconciliations.inc({ outcome: 'found' });
        this.log.warn({ ...log, providerMessageId: answer.providerMessageId }, 'unconfirmed text found at the carrier: recorded as sent');
        return;
      case 'not_found': {
        const now = this.clock.now();
        await this.runner.run(async (tx) => {
          const locked = await this.messages.lockClaimed(tx.handle, m.messageId, token);
          if (locked?.status === 'unconfirmed') await this.messages.reschedule(tx.handle, m.messageId, now, false, 'reconciled_not_sent', now);
        });
        this.reconciliations.inc({ outcome: 'not_found' });
        this.log.warn(log, 'unconfirmed text not at the carrier: queued to send again under the same tag');
        this.nudge();
        return;
      }
      case 'unknown': {
        const lookups = m.handlingFailures + 1;
        const now = this.clock.now();
        const decision = this.retry.decide(lookups);
        const retryAt = new Date(now.getTime() + (decision.kind === 'retry' ? decision.delayMs : this.settings.retryBaseMs));
        await this.runner.run((tx) => this.messages.recordLookupUnknown(tx.handle, m.messageId, token, `carrier lookup: ${answer.reason}`, now, retryAt));
        const gaveUp = lookups >= this.settings.reconcileMaxLookups;
        this.reconciliations.inc({ outcome: gaveUp ? 'gave_up' : 'unknown' });
        this.log.error({ ...log, lookups, reason: answer.reason }, gaveUp ? 'carrier could not say whether it has the unconfirmed text; left unconfirmed' : 'carrier could not say whether it has the unconfirmed text; asking again later');
        return;
      }
    }
  }

  private leaseUntil(now: Date): Date {
    return new Date(now.getTime() + this.settings.leaseMs);
  }

  /**
   * Prepares (each row its own transaction), sends (in parallel, no transaction open) and records (each row its own
   * transaction) claimed messages.
   */
  private async handle(claimed: OutboundMessage[], token: string, now: Date): Promise<void> {
    const ready: PreparedSend[] = [];
    for (const m of claimed) {
      try {
        const sender = await this.runner.run((tx) => this.prepare(tx, m, token, now));
        if (sender) ready.push({ message: m, token, ...sender });
      } catch (err) {
        await this.handlingFailed(m, token, err, false);
      }
    }
    await this.callAndRecord(ready, token);
  }

  /** Calls the carrier for prepared texts of claim `token` (in parallel, no transaction open), then records each outcome. */
  private async callAndRecord(ready: PreparedSend[], token: string): Promise<void> {
    const results = await Promise.all(
      ready.map(async ({ message: m, from, provider }) =>
        this.carrier
          .send({ from, to: m.to, body: m.body, tag: m.commandId, provider, ...(m.expiresAt ? { expiresAt: m.expiresAt } : {}) })
          .catch((err: unknown): CarrierSendResult => ({ kind: 'retryable', status: 0, detail: String(err) })),
      ),
    );
    // Outcomes one after another (one connection per worker, as the pool size assumes), each its own transaction.
    for (const [i, { message: m, from, provider }] of ready.entries()) {
      const result = results[i];
      if (!result) continue;
      try {
        await this.runner.run((tx) => this.complete(tx, m, token, from, provider, result));
      } catch (err) {
        await this.handlingFailed(m, token, err, true);
      }
    }
  }

  /**
   * A row's handling threw. Outages (database, broker) spend no attempt: the lease expires and the row is claimed
   * again (or, after a started carrier call, made unconfirmed). Otherwise, before the carrier call: retried with the
   * shared policy, then parked; after it: unconfirmed (the carrier may have the text), never re-sent.
   */
  private async handlingFailed(m: OutboundMessage, token: string, err: unknown, carrierCalled: boolean): Promise<void> {
    if (isInfrastructureUnavailable(err)) {
      this.log.warn({ err, messageId: m.messageId }, 'send queue row not handled (infrastructure unavailable); its lease will expire');
      return;
    }
    const failures = m.handlingFailures + 1;
    const decision = this.retry.decide(failures);
    const now = this.clock.now();
    const next = carrierCalled ? 'unconfirmed' : decision.kind === 'dead_letter' ? 'dead_letter' : { retryAt: new Date(now.getTime() + decision.delayMs) };
    try {
      await this.runner.run((tx) => this.messages.recordHandlingFailure(tx.handle, m.messageId, token, deadLetterErrorText(err), now, next));
    } catch (recordErr) {
      this.log.error({ err: recordErr, messageId: m.messageId }, 'could not record a send queue failure; the lease will expire');
      return;
    }
    if (next === 'unconfirmed') this.deadLetters.inc({ source: 'job', queue: SEND_QUEUE_DEAD_LETTERS.unconfirmed, reason: 'handling_failed' });
    if (next === 'dead_letter') this.deadLetters.inc({ source: 'job', queue: SEND_QUEUE_DEAD_LETTERS.handling, reason: 'retries_exhausted' });
    this.log.error({ err, messageId: m.messageId, commandId: m.commandId, failures, outcome: typeof next === 'object' ? 'retry' : next }, 'send queue row failed');
  }

  private async loop(index: number): Promise<void> {
    while (this.running) {
      let handled = 0;
      let failed = false;
      try {
        handled = await this.drainOnce();
      } catch (err) {
        failed = true;
        this.log.error({ err, worker: index }, 'send queue batch failed; retrying');
      }
      if (handled >= this.settings.batchSize || !this.running) continue;
      if (this.nudged) {
        this.nudged = false;
        continue;
      }
      let wake: (() => void) | undefined;
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
        this.waiters.add(resolve);
      });
      const retryMs = Math.min(this.settings.pollIntervalMs, FAILED_ROUND_RETRY_MS);
      const sleepMs = failed
        ? retryMs
        : await this.messages
            .nextDueAt(undefined, { delayMs: this.settings.reconcileDelayMs, maxLookups: this.settings.reconcileMaxLookups, now: this.clock.now() })
            .then((due) => sleepUntilDue(due, this.clock.now(), this.settings.pollIntervalMs))
            .catch(() => retryMs);
      await Promise.race([sleep(sleepMs), woken]);
      if (wake) this.waiters.delete(wake);
    }
  }

  /**
   * Re-checks a claimed message (locked again by its claim token; skipped when the claim was lost or the text was
   * cancelled meanwhile); returns the sending number and its provider, with the carrier call stamped, when it may go
   * to the carrier now.
   */
  private async prepare(tx: TransactionContext, claimed: OutboundMessage, token: string, now: Date): Promise<{ from: string; provider: SmsProvider } | undefined> {
    const m = await this.messages.lockClaimed(tx.handle, claimed.messageId, token);
    if (!m || m.status !== 'queued') return undefined;
    const config = await this.directory.get(m.locationId, tx.handle);
    if (!config) {
      await this.policy.refuseQueued(tx, m, 'unknown_location', 'no configuration for this location', now);
      return undefined;
    }
    if (m.expiresAt && now.getTime() > m.expiresAt.getTime()) {
      await this.expire(tx, m, now);
      return undefined;
    }
    const check = await this.policy.recheck(tx, m, config, now);
    if (check.kind === 'suppress') {
      await this.policy.refuseQueued(tx, m, check.reason, check.detail, now);
      return undefined;
    }
    if (check.kind === 'defer') {
      await this.messages.reschedule(tx.handle, m.messageId, check.until, false, 'quiet_hours_deferred', now);
      return undefined;
    }
    const from = m.from ?? SendPolicy.sendingNumberOf(config);
    if (!from) {
      await this.policy.refuseQueued(tx, m, 'sender_not_registered', 'no sending number with a registered 10DLC campaign', now);
      return undefined;
    }
    const busyUntil = await this.rates.tryTake(tx.handle, from, now, SendPolicy.slotCostMs(config, from, m.body));
    if (busyUntil) {
      await this.messages.reschedule(tx.handle, m.messageId, busyUntil, false, m.reason, now);
      return undefined;
    }
    await this.messages.markCarrierCall(tx.handle, m.messageId, token, now);
    return { from, provider: SendPolicy.providerOf(config, from) };
  }

  private async expire(tx: TransactionContext, m: OutboundMessage, now: Date): Promise<void> {
    await this.messages.finish(tx.handle, m.messageId, 'expired', 'expired', null, now);
    this.log.info({ commandId: m.commandId, purpose: m.purpose, correlationId: m.correlationId }, 'text not handed to the carrier within its time-to-live; not sent');
    if (m.purpose === 'first_text') {
      const callId = /^[0-9a-f-]{36}$/i.test(m.correlationId) ? m.correlationId : undefined;
      await tx.publish(
        callbackTaskRequestedV1,
        createEvent(
          callbackTaskRequestedV1,
          { source: MESSAGING_SOURCE, tenantId: m.tenantId, locationId: m.locationId, correlationId: m.correlationId, causationId: m.commandId, time: now },
          { taskKey: `first-text-expired:${m.commandId}`, ...(callId ? { callId } : {}), callerE164: m.to, reason: 'stale' },
        ),
      );
    }
  }

  private async complete(tx: TransactionContext, claimed: OutboundMessage, token: string, from: string, provider: SmsProvider, result: CarrierSendResult): Promise<void> {
    const now = this.clock.now();
    if (result.kind === 'accepted') {
      // The common outcome: the claim's check and the write in one statement.
      const segment = countSegments(claimed.body);
      const segments = result.segments ?? segment.segments;
      const m = await this.messages.markSentIfClaimed(tx.handle, claimed.messageId, token, { provider: result.provider, providerMessageId: result.providerMessageId, segments, encoding: segment.encoding, from, at: now });
      if (!m) {
        this.log.error({ messageId: claimed.messageId, commandId: claimed.commandId, result: result.kind }, 'send claim lost before its carrier outcome was recorded');
        return;
      }
      await tx.publish(
        smsSentV1,
        createEvent(
          smsSentV1,
          { source: MESSAGING_SOURCE, tenantId: m.tenantId, locationId: m.locationId, correlationId: m.correlationId, causationId: m.commandId, subject: m.messageId, time: now },
          {
            messageId: m.messageId,
            commandId: m.commandId,
            provider: result.provider,
            providerMessageId: result.providerMessageId,
            from,
            to: m.to,
            purpose: m.purpose,
            automated: m.automated,
            segments,
            encoding: segment.encoding,
            sentAt: now.toISOString(),
          },
        ),
      );
      return;
    }
    const m = await this.messages.lockClaimed(tx.handle, claimed.messageId, token);
    if (!m) {
      this.log.error({ messageId: claimed.messageId, commandId: claimed.commandId, result: result.kind }, 'send claim lost before its carrier outcome was recorded');
      return;
    }
    if (m.status === 'delivered' || m.status === 'failed') {
      // The carrier called back with a delivery status, so it took the text: an error answer to the same send is moot.
      this.log.warn({ messageId: m.messageId, commandId: m.commandId, status: m.status, result: result.kind }, 'carrier answered the send with an error after its delivery callback; kept the delivery status');
      return;
    }
    switch (result.kind) {
      case 'retryable': {
        const attempt = m.attempts + 1;
        const decision = this.retry.decide(attempt);
        if (decision.kind === 'dead_letter') {
          await this.fail(tx, m, now, provider, result.status === 429 ? 'rate_limited' : 'unknown', `http-${result.status}`, result.detail, 'retries_exhausted');
          this.deadLetters.inc({ source: 'job', queue: SEND_QUEUE_DEAD_LETTERS.carrier, reason: 'retries_exhausted' });
          return;
        }
        this.log.warn({ commandId: m.commandId, status: result.status, attempt, delayMs: decision.delayMs }, 'carrier refused for now; retrying with backoff');
        await this.messages.reschedule(tx.handle, m.messageId, new Date(now.getTime() + decision.delayMs), true, `retry_http_${result.status}`, now);
        return;
      }
      case 'rejected': {
        // A rejection at send time carries the provider's code (Twilio 21610 unsubscribed, 21211 invalid To...):
        // the same mapping and learning as a failed delivery callback.
        const mapped = failureReasonOf(result.errorCode);
        await this.fail(tx, m, now, provider, mapped === 'unknown' ? 'carrier_rejected' : mapped, result.errorCode, result.detail, 'carrier_rejected');
        await this.lineTypes.learnFromDeliveryError(tx, m.to, result.errorCode);
        if (mapped === 'opted_out_at_carrier') {
          const q = { tenantId: m.tenantId, locationId: m.locationId, phoneE164: m.to, sendingNumberE164: from };
          if (!(await this.consent.isOptedOut(tx, q))) await this.consent.optOut(tx, { ...q, method: 'carrier', channel: 'sms', correlationId: m.correlationId, at: now });
        }
        return;
      }
    }
  }

  private async fail(tx: TransactionContext, m: OutboundMessage, now: Date, provider: SmsProvider, reason: SmsFailureReason, errorCode: string, detail: string, rowReason: string): Promise<void> {
    await this.messages.finish(tx.handle, m.messageId, 'failed', rowReason, errorCode, now);
    await tx.publish(
      smsFailedV1,
      createEvent(
        smsFailedV1,
        { source: MESSAGING_SOURCE, tenantId: m.tenantId, locationId: m.locationId, correlationId: m.correlationId, causationId: m.commandId, subject: m.messageId, time: now },
        { messageId: m.messageId, provider, to: m.to, errorCode, errorDescription: detail.slice(0, 500), reason, failedAt: now.toISOString() },
      ),
    );
  }
}
