import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { callbackTaskRequestedV1, createEvent, type SmsFailureReason, smsFailedV1, smsSentV1 } from '@textback/contracts';
import { deadLetterCounter, type DeadLetterLabel, METRICS_REGISTRY } from '@textback/observability';
import { LocationDirectory, ROOT_LOGGER } from '@textback/platform';
import { FAILED_ROUND_RETRY_MS, sleepUntilDue, TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { type Counter, type Registry } from 'prom-client';
import { type CarrierSendResult, SMS_CARRIER, type SmsCarrier, type SmsProvider } from '../carrier/sms-carrier.port';
import { CLOCK, type Clock } from '../clock/clock';
import { ConsentLedger } from '../consent/consent-ledger.service';
import { failureReasonOf } from '../inbound/carrier-error.mapper';
import { LineTypeService } from '../line-type/line-type.service';
import { MESSAGING_SOURCE } from '../shared/messaging-events';
import { countSegments } from '../templates/sms-segments.util';
import { OutboundMessageRepository } from './outbound-message.repository';
import { type OutboundMessage } from './outbound-message.types';
import { SendPolicy } from './send-policy.service';
import { SendRateRepository } from './send-rate.repository';

/** Tuning of the send queue (env SEND_QUEUE_* and SEND_* variables). */
export const SEND_QUEUE_SETTINGS = Symbol('SendQueueSettings');
export interface SendQueueSettings {
  /** Safety poll, ms (default 30 s): idle workers sleep until the next queued row is due, at most this long. */
  pollIntervalMs: number;
  batchSize: number;
  workers: number;
  maxAttempts: number;
  /** First retry delay after a 429/5xx, milliseconds; doubles per attempt, with ±20 % jitter. */
  retryBaseMs: number;
}

/**
 * Drains the durable send queue (`outbound_message` rows with status `queued` and `next_attempt_at` due by the
 * injected clock). Each worker locks a batch with FOR UPDATE SKIP LOCKED, re-checks consent, pauses, quiet hours
 * and expiry, takes a per-number throughput slot, calls the carrier (in parallel within the batch) and commits
 * the outcome with its event (`messaging.sms.sent.v1` / `messaging.sms.failed.v1`) through the outbox.
 * 429/5xx are retried with exponential backoff up to `maxAttempts`, then the row is `failed` (`retries_exhausted`,
 * counted in `textback_dead_letters_total{source="job",queue="outbound_message"}`); a first text past its time-to-live is
 * expired (not sent late) and turned into a callback task. Rows survive restarts; the lock is held during the
 * carrier call, so two workers never send the same row. Known gap: a crash after the carrier accepted and before
 * the commit re-sends once (Bandwidth has no idempotency key; the tag carries the command id for reconciliation).
 * Texts queued by this process wake the workers at once ({@link nudge}); an idle worker sleeps until the earliest
 * queued row is due (a throttled or retried text) or the safety poll, so at rest it costs a few statements per 30 s.
 */
@Injectable()
export class SendQueueWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly waiters = new Set<() => void>();
  private nudged = false;
  private readonly deadLetters: Counter<DeadLetterLabel>;

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
  }

  onApplicationBootstrap(): void {
    this.running = true;
    for (let i = 0; i < this.settings.workers; i++) this.loops.push(this.loop(i));
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
   * Processes one batch of due messages.
   * @returns how many rows were handled.
   */
  async drainOnce(): Promise<number> {
    return this.runner.run(async (tx) => {
      const now = this.clock.now();
      const due = await this.messages.claimDue(tx.handle, now, this.settings.batchSize);
      await this.handle(tx, due, now);
      return due.length;
    });
  }

  /**
   * Sends the queued text of `commandId` right away in the caller's task (used after a first text is queued, so it
   * does not wait for a queue worker to wake and claim it): the same lock, checks, rate slot, carrier call and outcome
   * as {@link drainOnce}. Nothing happens when the text is not due, already taken by a worker, or already done.
   * @returns true when the message was handled here.
   */
  async sendNow(commandId: string): Promise<boolean> {
    return this.runner.run(async (tx) => {
      const now = this.clock.now();
      const m = await this.messages.claimCommand(tx.handle, commandId, now);
      if (!m) return false;
      await this.handle(tx, [m], now);
      return true;
    });
  }

  /** Checks, sends (in parallel) and records the outcome of locked due messages. */
  private async handle(tx: TransactionContext, due: OutboundMessage[], now: Date): Promise<void> {
    const ready: { m: OutboundMessage; from: string; provider: SmsProvider }[] = [];
    for (const m of due) {
      const sender = await this.prepare(tx, m, now);
      if (sender) ready.push({ m, ...sender });
    }
    const results = await Promise.all(
      ready.map(async ({ m, from, provider }) =>
        this.carrier
          .send({ from, to: m.to, body: m.body, tag: m.commandId, provider, ...(m.expiresAt ? { expiresAt: m.expiresAt } : {}) })
          .catch((err: unknown): CarrierSendResult => ({ kind: 'retryable', status: 0, detail: String(err) })),
      ),
    );
    for (const [i, { m, from, provider }] of ready.entries()) {
      const result = results[i];
      if (result) await this.complete(tx, m, from, provider, result);
    }
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
        : await this.runner
            .run((tx) => this.messages.nextDueAt(tx.handle))
            .then((due) => sleepUntilDue(due, this.clock.now(), this.settings.pollIntervalMs))
            .catch(() => retryMs);
      await Promise.race([sleep(sleepMs), woken]);
      if (wake) this.waiters.delete(wake);
    }
  }

  /** Re-checks a due message; returns the sending number and its provider when it may go to the carrier now. */
  private async prepare(tx: TransactionContext, m: OutboundMessage, now: Date): Promise<{ from: string; provider: SmsProvider } | undefined> {
    const config = await this.directory.get(m.locationId);
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
    const costMs = (countSegments(m.body).segments * 1000) / SendPolicy.throughputOf(config, from);
    const busyUntil = await this.rates.tryTake(from, now, costMs);
    if (busyUntil) {
      await this.messages.reschedule(tx.handle, m.messageId, busyUntil, false, m.reason, now);
      return undefined;
    }
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

  private async complete(tx: TransactionContext, m: OutboundMessage, from: string, provider: SmsProvider, result: CarrierSendResult): Promise<void> {
    const now = this.clock.now();
    const attrs = { source: MESSAGING_SOURCE, tenantId: m.tenantId, locationId: m.locationId, correlationId: m.correlationId, causationId: m.commandId, subject: m.messageId, time: now };
    switch (result.kind) {
      case 'accepted': {
        const segment = countSegments(m.body);
        const segments = result.segments ?? segment.segments;
        await this.messages.markSent(tx.handle, m.messageId, { provider: result.provider, providerMessageId: result.providerMessageId, segments, encoding: segment.encoding, from, at: now });
        await tx.publish(
          smsSentV1,
          createEvent(smsSentV1, attrs, {
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
          }),
        );
        return;
      }
      case 'retryable': {
        const attempt = m.attempts + 1;
        if (attempt >= this.settings.maxAttempts) {
          await this.fail(tx, m, now, provider, result.status === 429 ? 'rate_limited' : 'unknown', `http-${result.status}`, result.detail, 'retries_exhausted');
          this.deadLetters.inc({ source: 'job', queue: 'outbound_message', reason: 'retries_exhausted' });
          return;
        }
        const delay = this.settings.retryBaseMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
        this.log.warn({ commandId: m.commandId, status: result.status, attempt, delayMs: Math.round(delay) }, 'carrier refused for now; retrying with backoff');
        await this.messages.reschedule(tx.handle, m.messageId, new Date(now.getTime() + delay), true, `retry_http_${result.status}`, now);
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
