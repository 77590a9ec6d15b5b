import { Inject, Injectable } from '@nestjs/common';
import {
  type CallMissedV1,
  callbackTaskRequestedV1,
  type CallbackTaskRequestedV1,
  createEvent,
  type EventEnvelope,
  type FirstTextSuppressionReason,
  firstTextDecidedV1,
  type LocationConfig,
} from '@textback/contracts';
import { deadLetterErrorText, RetryPolicy } from '@textback/observability';
import { LocationDirectory, ROOT_LOGGER } from '@textback/platform';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { CLOCK, type Clock } from '../clock/port/clock';
import { LineTypeService } from '../line-type/line-type.service';
import { isReplyableAddress } from '../policy/phone-number.util';
import { QuietHoursPolicy } from '../policy/quiet-hours.policy';
import { type SendSuppressionReason } from '../sending/outbound-message.types';
import { type InlineSendClaim, type PreparedSend } from '../sending/send-intent.types';
import { SendPolicy } from '../sending/send-policy.service';
import { SendQueueWorker } from '../sending/send-queue.worker';
import { MESSAGING_SOURCE } from '../shared/messaging-events';
import { stableUuid } from '../shared/stable-id.util';
import { TemplateCatalog } from '../templates/template-catalog.service';
import { type FirstTextJob, FirstTextJobRepository } from './first-text-job.repository';
import { FirstTextRepository } from './first-text.repository';

/** Injection token of the first text's time-to-live in seconds (env FIRST_TEXT_TTL_SECONDS). */
export const FIRST_TEXT_TTL_SECONDS = Symbol('FirstTextTtlSeconds');

/** Consumer group (inbox) of the missed-call handler. */
export const MISSED_CALL_GROUP = 'messaging.first-text';

/** Retry schedule of a first-text job when the worker passes none: 10 attempts, 500 ms doubling to 60 s. */
const DEFAULT_JOB_RETRY = new RetryPolicy({ maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 60_000 });

/** How long a first-text job is leased for its decision when the worker passes no lease, ms (env FIRST_TEXT_LEASE_MS). */
export const DEFAULT_JOB_LEASE_MS = 60_000;

/** The explained outcome of the first-text policy for one missed call. */
export interface FirstTextVerdict {
  outcome: 'sent' | 'suppressed' | 'deferred';
  reason?: FirstTextSuppressionReason;
  /** Human-readable explanation, stored with the decision. */
  detail: string;
  /** A callback task to request (the caller cannot or may not be texted). */
  callbackTask?: CallbackTaskRequestedV1['reason'];
  commandId?: string;
  /** The text, claimed and stamped for its carrier call in the decision's transaction (see {@link FirstTextService.processNextJob}). */
  prepared?: PreparedSend;
}

/**
 * Decides the first text for a missed call with one explainable policy: every "no" carries a reason, stored in
 * `first_text_decision` (one per call) and published as `messaging.first-text.decided.v1`; callers we cannot or may
 * not text (landline, not textable, international, opted out, anonymous, stale) also get
 * `messaging.callback-task.requested.v1`. Exactly one first text per caller and location per cooldown window
 * (`firstTextCooldownMinutes`) is enforced by a PostgreSQL claim, so concurrent calls and redeliveries send one.
 * The first text is allowed in quiet hours (the caller just called) but expires after its time-to-live.
 */
@Injectable()
export class FirstTextService {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly repository: FirstTextRepository,
    private readonly jobs: FirstTextJobRepository,
    private readonly directory: LocationDirectory,
    private readonly lineTypes: LineTypeService,
    private readonly templates: TemplateCatalog,
    private readonly sendPolicy: SendPolicy,
    private readonly worker: SendQueueWorker,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FIRST_TEXT_TTL_SECONDS) private readonly ttlSeconds: number,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Handles `telephony.call.missed.v1` once per event id (inbox) and once per call id (decision key).
   * @returns the verdict, or undefined for a duplicate.
   */
  async onMissedCall(event: EventEnvelope<CallMissedV1>): Promise<FirstTextVerdict | undefined> {
    const call = event.data;
    const config = await this.directory.get(event.locationId);
    if (!config) {
      // Not one of our locations (or its config has not arrived): nothing to decide, nothing to publish.
      this.log.debug({ correlationId: event.correlationId, locationId: event.locationId }, 'missed call for a location without configuration; ignored');
      return { outcome: 'suppressed', reason: 'unknown_location', detail: 'no configuration for this location' };
    }
    // The lookup is an HTTP call: done before the transaction, only for callers that could be texted.
    const lineType = config && call.callerE164 && call.callerTextable && isReplyableAddress(call.callerE164) ? await this.lineTypes.resolve(call.callerE164) : undefined;
    const outcome = await this.runner.runOnce(MISSED_CALL_GROUP, event, async (tx) => {
      const now = this.clock.now();
      const verdict = await this.decide(tx, event, config, lineType, now);
      await this.record(tx, event, verdict, now);
      return verdict;
    });
    if (outcome.duplicate || !outcome.result) return undefined;
    if (outcome.result.outcome === 'sent') this.worker.nudge();
    // The detail quotes caller ids (personal data): it is kept in first_text_decision, not logged.
    this.log.info({ correlationId: event.correlationId, callId: call.callId, outcome: outcome.result.outcome, reason: outcome.result.reason }, 'first text decided');
    return outcome.result;
  }

  /**
   * Accepts `telephony.call.missed.v1` from Kafka: stores it as a `first_text_job` in `tx`, the transaction the consumer
   * claimed the event id in (group {@link MISSED_CALL_GROUP}), and returns, so the consumer commits its offset after the
   * job is stored instead of after the whole decision (the partition is not held while a lookup and the policy run). The decision workers
   * ({@link FirstTextJobWorker}) decide it with {@link processNextJob}. A location without configuration is ignored
   * here, as in {@link onMissedCall}.
   * @returns true when stored; false for an unknown location or a job already stored.
   */
  async accept(tx: TransactionContext, event: EventEnvelope<CallMissedV1>): Promise<boolean> {
    if (!(await this.directory.get(event.locationId, tx.handle))) {
      this.log.debug({ correlationId: event.correlationId, locationId: event.locationId }, 'missed call for a location without configuration; ignored');
      return false;
    }
    return this.jobs.store(tx.handle, event, new Date());
  }

  /**
   * Makes due now every job whose `not_before` lies in (now, now + `leaseMs`]: called at start, before this process
   * leases anything, where it is the store's only process, so such a job was leased by a process that died (a retry
   * postponed into that window is also brought forward, by less than `leaseMs`). @returns how many were released.
   */
  async releaseLeasesOfDeadProcess(leaseMs: number): Promise<number> {
    const now = new Date();
    return this.jobs.releaseUntil(now, new Date(now.getTime() + leaseMs));
  }

  /** When the earliest stored missed call may be decided (a postponed one may wait), or null when none is stored. */
  async nextJobDueAt(): Promise<Date | null> {
    return this.jobs.nextDueAt();
  }

  /**
   * Decides the oldest due stored missed call. No transaction spans an outside call: the job is leased first (one
   * statement, committed; see {@link FirstTextJobRepository.lease}), the line-type lookup (cache, else the carrier's
   * number lookup, its answer cached) runs with no transaction open and no row locked, then one short transaction takes
   * the job (deleted there, if this worker still holds its lease) with the decision, the queued text and the outbox
   * events; in that same transaction the text is claimed, given its sending number's throughput slot and stamped for
   * its carrier call (`SendPolicy.enqueue` with a claim: no send-queue claim and prepare transactions after it), and the
   * carrier is called right after the commit. A text whose number has no free slot is left queued for the send queue. A failure rolls back and postpones the job by `retry`'s backoff; after
   * its last attempt the job is dead-lettered (kept with its error), never dropped. A worker that dies mid-decision
   * leaves the job leased: due again `leaseMs` later. Decided twice (a lease that ended under a slow lookup), a call
   * still gets one decision, one claim and one text: all three are keyed by the call id.
   * @param leaseMs how long the job is held for this worker's decision, ms; longer than the lookup's HTTP timeout.
   * @returns `none` when no job was due, else `done`, `failed` (retried later) or `dead_lettered`.
   */
  async processNextJob(retry: RetryPolicy = DEFAULT_JOB_RETRY, leaseMs: number = DEFAULT_JOB_LEASE_MS): Promise<'none' | 'done' | 'failed' | 'dead_lettered'> {
    return (await this.processNextJobOrSayWhenDue(retry, leaseMs)).outcome;
  }

  /**
   * {@link processNextJob}, and when no job was due, when the earliest stored one is due (null when none is stored),
   * read in the lease's own statement: a worker about to sleep needs no {@link nextJobDueAt} round trip.
   */
  async processNextJobOrSayWhenDue(
    retry: RetryPolicy = DEFAULT_JOB_RETRY,
    leaseMs: number = DEFAULT_JOB_LEASE_MS,
  ): Promise<{ outcome: 'none'; nextDueAt: Date | null } | { outcome: 'done' | 'failed' | 'dead_lettered'; nextDueAt?: undefined }> {
    const leasedAt = new Date();
    const leased = await this.jobs.lease(leasedAt, new Date(leasedAt.getTime() + leaseMs));
    if (!leased.job) return { outcome: 'none', nextDueAt: leased.nextDueAt };
    return { outcome: await this.decideLeased(leased.job, retry) };
  }

  private async decideLeased(job: FirstTextJob, retry: RetryPolicy): Promise<'done' | 'failed' | 'dead_lettered'> {
    try {
      const event = job.envelope;
      const call = event.data;
      const config = await this.directory.get(event.locationId);
      // The outside call, before the transaction: nothing is locked and no pooled connection is held while it waits.
      const lineType = config && call.callerE164 && call.callerTextable && isReplyableAddress(call.callerE164) ? await this.lineTypes.resolve(call.callerE164) : undefined;
      const verdict = await this.runner.run(async (tx) => {
        if (!(await this.jobs.takeLeased(tx.handle, job))) return undefined;
        const now = this.clock.now();
        const v = config
          ? await this.decide(tx, event, config, lineType, now, this.worker.inlineClaim(now))
          : ({ outcome: 'suppressed', reason: 'unknown_location', detail: 'no configuration for this location' } satisfies FirstTextVerdict);
        await this.record(tx, event, v, now);
        return v;
      });
      if (!verdict) {
        this.log.warn({ eventId: job.eventId, correlationId: event.correlationId }, 'first-text job lease lost before its decision (another worker took the job); left to it');
        return 'done';
      }
      if (verdict.prepared) {
        // Claimed, checked and stamped in the decision's transaction: the carrier is called right after its commit.
        await this.worker.sendPrepared(verdict.prepared);
      } else if (verdict.outcome === 'sent') {
        // Queued but not claimed (the sending number's throughput slot was taken, or a duplicate): the queue sends it
        // when due; woken so that it sleeps until this row's instant rather than its safety poll.
        this.worker.nudge();
      }
      this.log.info({ correlationId: event.correlationId, callId: call.callId, outcome: verdict.outcome, reason: verdict.reason }, 'first text decided');
      return 'done';
    } catch (err) {
      const decision = retry.decide(job.attempts + 1);
      if (decision.kind === 'dead_letter') {
        // Another worker that took the job after its lease ended may have recorded this attempt already.
        if (!(await this.jobs.deadLetter(job.eventId, job.attempts, deadLetterErrorText(err)))) return 'failed';
        this.log.error({ err, eventId: job.eventId, attempts: job.attempts + 1 }, 'first-text decision failed on every attempt; job dead-lettered');
        return 'dead_lettered';
      }
      this.log.error({ err, eventId: job.eventId, attempt: job.attempts + 1, retryInMs: decision.delayMs }, 'first-text decision failed; the job is retried');
      await this.jobs.postpone(job.eventId, job.attempts, new Date(Date.now() + decision.delayMs), deadLetterErrorText(err));
      return 'failed';
    }
  }

  private async decide(
    tx: TransactionContext,
    event: EventEnvelope<CallMissedV1>,
    config: LocationConfig | null,
    lineType: Awaited<ReturnType<LineTypeService['resolve']>>,
    now: Date,
    claim?: InlineSendClaim,
  ): Promise<FirstTextVerdict> {
    const call = event.data;
    if (!config || !config.active) return { outcome: 'suppressed', reason: 'unknown_location', detail: config ? 'location is inactive' : 'no configuration for this location' };
    const caller = call.callerE164;
    if (!caller || !call.callerTextable) return { outcome: 'suppressed', reason: 'anonymous_caller', detail: `caller id ${JSON.stringify(call.callerRaw)} cannot receive a text`, callbackTask: 'anonymous_caller' };
    if (call.reason === 'short_abandon') return { outcome: 'suppressed', reason: 'short_abandon', detail: `caller hung up after ${call.ringSeconds}s of ringing, before the minimum ring time` };
    if (!isReplyableAddress(caller)) return { outcome: 'suppressed', reason: 'not_textable', detail: 'caller number is a short code or not a full number' };
    if (await this.directory.findByNumber(caller, tx.handle)) return { outcome: 'suppressed', reason: 'not_textable', detail: 'caller is one of our own numbers' };
    const ageSeconds = (now.getTime() - Date.parse(call.decidedAt)) / 1000;
    if (ageSeconds > this.ttlSeconds) return { outcome: 'suppressed', reason: 'stale', detail: `missed call decided ${Math.round(ageSeconds)}s ago, past the ${this.ttlSeconds}s time-to-live`, callbackTask: 'stale' };
    const claimed = await this.repository.claimSlot(tx.handle, event.locationId, caller, call.callId, new Date(call.startedAt), config.firstTextCooldownMinutes);
    if (!claimed) return { outcome: 'suppressed', reason: 'cooldown', detail: `caller already handled within the ${config.firstTextCooldownMinutes}-minute cooldown; repeat call counted` };
    const from = SendPolicy.sendingNumberOf(config);
    // Consent, pauses, takeover, the international policy, the hourly cap and quiet hours: the one send decision
    // (SendPolicy.enqueue below). Only what needs the call itself (the line-type lookup done for this call) is here.
    if (lineType && !lineType.textable) {
      return lineType.learned
        ? { outcome: 'suppressed', reason: 'not_textable', detail: `number failed delivery before (error ${lineType.errorCode ?? '?'})`, callbackTask: 'not_textable' }
        : { outcome: 'suppressed', reason: 'landline', detail: `line type ${lineType.lineType}`, callbackTask: 'landline' };
    }
    if (!from) return { outcome: 'suppressed', reason: 'sender_not_registered', detail: 'no sending number with a registered 10DLC campaign', callbackTask: 'other' };
    const template = this.templates.render(config, QuietHoursPolicy.isOpen(config, now) ? 'first_text' : 'first_text_after_hours');
    const commandId = stableUuid('first-text', call.callId);
    const enqueued = await this.sendPolicy.enqueue(tx, {
      commandId,
      tenantId: event.tenantId,
      locationId: event.locationId,
      correlationId: event.correlationId,
      causationId: event.id,
      to: caller,
      from,
      body: template.body,
      purpose: 'first_text',
      automated: true,
      requestedBy: 'messaging',
      expiresAt: new Date(Date.parse(call.decidedAt) + this.ttlSeconds * 1000),
      config,
      origin: { kind: 'messaging' },
    }, claim);
    switch (enqueued.status) {
      case 'queued':
        return { outcome: 'sent', detail: `first text queued from ${from} (${template.source}, ${template.segment.segments} segment(s))`, commandId, ...(enqueued.prepared ? { prepared: enqueued.prepared } : {}) };
      case 'duplicate':
        return { outcome: 'sent', detail: `first text queued from ${from} (${template.source}, ${template.segment.segments} segment(s))`, commandId };
      case 'suppressed':
        return FirstTextService.refusal(enqueued.reason);
    }
  }

  /** The first-text verdict of a send-decision refusal (the decided event's reasons are a fixed v1 vocabulary). */
  private static refusal(reason: SendSuppressionReason): FirstTextVerdict {
    switch (reason) {
      case 'opted_out':
        return { outcome: 'suppressed', reason: 'opted_out', detail: 'caller opted out (consent ledger)', callbackTask: 'opted_out' };
      case 'international':
        return { outcome: 'suppressed', reason: 'international', detail: 'international caller; tenant policy is a callback task', callbackTask: 'international' };
      case 'human_active':
        return { outcome: 'suppressed', reason: 'human_active', detail: 'a person has taken over this conversation' };
      case 'landline':
      case 'not_textable':
      case 'sender_not_registered':
      case 'unknown_location':
        return { outcome: 'suppressed', reason, detail: `send decision: ${reason}` };
      case 'paused':
      case 'hourly_cap':
      case 'loop_guard':
      case 'own_number':
      case 'not_replyable':
      case 'reserved_purpose':
      case 'not_opted_out':
      case 'confirmation_already_sent':
      case 'confirmation_window_passed':
      case 'quiet_hours_no_window':
      case 'template_unavailable':
      case 'expired':
      case 'carrier_rejected':
      case 'retries_exhausted':
        // No first-text reason of their own in the v1 vocabulary: the detail names the decision's.
        return { outcome: 'suppressed', reason: 'human_active', detail: `send decision: ${reason}` };
    }
  }

  private async record(tx: TransactionContext, event: EventEnvelope<CallMissedV1>, v: FirstTextVerdict, now: Date): Promise<void> {
    const call = event.data;
    const stored = await this.repository.insertDecision(tx.handle, {
      callId: call.callId,
      tenantId: event.tenantId,
      locationId: event.locationId,
      callerE164: call.callerE164,
      outcome: v.outcome,
      reason: v.reason ?? null,
      detail: v.detail,
      commandId: v.commandId ?? null,
      decidedAt: now,
    });
    if (!stored) return; // the same call decided concurrently under another event id
    // A location we have no config for is not ours (yet): keep the decision, publish nothing about it.
    if (v.reason === 'unknown_location') return;
    const attrs = { source: MESSAGING_SOURCE, tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id, subject: call.callId, time: now };
    await tx.publish(
      firstTextDecidedV1,
      createEvent(firstTextDecidedV1, attrs, {
        callId: call.callId,
        callerE164: call.callerE164,
        outcome: v.outcome,
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.commandId ? { commandId: v.commandId } : {}),
        decisionLatencySeconds: Math.max(0, (now.getTime() - Date.parse(call.decidedAt)) / 1000),
        decidedAt: now.toISOString(),
      }),
    );
    if (v.callbackTask) {
      await tx.publish(
        callbackTaskRequestedV1,
        createEvent(callbackTaskRequestedV1, attrs, { taskKey: `first-text:${call.callId}`, callId: call.callId, callerE164: call.callerE164, reason: v.callbackTask }),
      );
    }
  }
}
