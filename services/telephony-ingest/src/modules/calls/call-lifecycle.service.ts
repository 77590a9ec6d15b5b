import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { callAnsweredV1, callMissedV1, callReceivedV1, callVoicemailV1, createEvent, type LocationConfig } from '@textback/contracts';
import { isInfrastructureUnavailable } from '@textback/observability';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { LocationDirectory, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { ANSWER_CONFIRMATION_DIGIT, ANSWER_CONFIRMATION_TIMEOUT_SECONDS, answerConfirmationPrompt } from './answer-confirmation.constants';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../config/telephony-ingest.config';
import { isWithinBusinessHours } from './business-hours.policy';
import { CallDecisionMetrics } from './call-decision.metrics';
import { type CallFact, type CallVerdict } from './call-facts.types';
import { type CallInstruction } from './call-instruction.types';
import { type CallRecord, CallRecordRepository, legKey } from './call-record.repository';
import { type InboundCallWebhook } from './call-webhook.types';
import { countryOfNumber, normalizeCallerId } from './caller-identity.mapper';
import { VOICEMAIL_MAX_SECONDS } from './memory-answer.policy';
import { classifyCall, MIN_VOICEMAIL_SECONDS } from './missed-call.classifier';
import { type BatchItemResult, GroupCommitQueue } from './group-commit.queue';
import { greetingFor, type GreetingTemplate } from './voice-greeting.policy';

const SOURCE = '/textback/telephony-ingest';
/** SQLSTATE 57014 (query_canceled): what `statement_timeout` ends a statement with. */
const STATEMENT_TIMEOUT_SQLSTATE = '57014';

export { VOICEMAIL_MAX_SECONDS };


/** A webhook with what is known of it before its transaction ({@link CallLifecycleService.plan}). */
interface PlannedWebhook {
  hook: InboundCallWebhook;
  /** The call record this webhook would start (a first webhook to a location's number), else null. */
  planned: CallRecord | null;
  /** The answer of a forwarded call's first webhook, stored with it by its INSERT; else null. */
  expectedReply: CallInstruction | null;
}

/** What a batch prepared for one of its webhooks ({@link CallLifecycleService.prepareBatch}). */
interface Prepared {
  /** Its call's record was inserted by the batch's shared statement. */
  startedHere: boolean;
  /** Its caller leg's history, read by the batch's shared statement; undefined when not read there. */
  facts: CallFact[] | undefined;
}

/** What the INSERT of a webhook found ({@link CallRecordRepository.insertWebhookLockingCall}). */
type StoredWebhook = Awaited<ReturnType<CallRecordRepository['insertWebhookLockingCall']>>;

/** Result of handling one webhook. */
export interface WebhookOutcome {
  /** True when this exact delivery was already stored: nothing changed. */
  duplicate: boolean;
  /** What to answer the carrier (identical for a duplicate). */
  instruction: CallInstruction;
  /** Textback's call id, when the webhook belongs to a known call. */
  callId?: string;
}

/**
 * The lifecycle of a call, for every provider. For each webhook, in ONE transaction: store it
 * raw with its facts (duplicates stop here, changing nothing), create the call record on the
 * first webhook (routing it by the dialled number and the location's business hours), run the
 * {@link classifyCall missed-call classifier} over the call's whole history, record the one
 * decision and publish `telephony.call.received/answered/missed/voicemail.v1` through the
 * outbox. The carrier gets its answer only after the commit, so nothing acknowledged is lost.
 * The correlation id of every event is the call id.
 */
@Injectable()
export class CallLifecycleService {
  private readonly log: Logger;
  /** Group commit of concurrent webhooks, one batch per transaction; grouped by caller leg (see {@link handle}). */
  private readonly queue: GroupCommitQueue<InboundCallWebhook, WebhookOutcome>;

  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly calls: CallRecordRepository,
    private readonly directory: LocationDirectory,
    private readonly metrics: CallDecisionMetrics,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
    @Inject(TELEPHONY_INGEST_CONFIG) config: Pick<TelephonyIngestConfig, 'batch'>,
  ) {
    this.log = rootLogger.child({ component: 'call-lifecycle' });
    this.queue = new GroupCommitQueue(config.batch, (hook) => `${hook.provider}:${hook.callerLegId}`, (hooks) => this.writeBatch(hooks));
  }

  /**
   * Applies one validated webhook. Webhooks of different calls that arrive together are written in one transaction
   * (group commit, {@link GroupCommitQueue}: `CALLBACK_BATCH_*`); each caller still gets its result only after that
   * transaction committed. When a batch's transaction fails, each of its webhooks is retried in a transaction of its
   * own, so one webhook the database refuses fails alone.
   * @throws database errors (the carrier then gets a 5xx and retries; nothing was stored).
   */
  handle(hook: InboundCallWebhook): Promise<WebhookOutcome> {
    return this.queue.submit(hook);
  }

  /** Writes a batch of webhooks (distinct caller legs) in one transaction; on failure, each alone. One result per webhook. */
  private async writeBatch(hooks: InboundCallWebhook[]): Promise<BatchItemResult<WebhookOutcome>[]> {
    try {
      return (await this.write(hooks)).map((value) => ({ ok: true as const, value }));
    } catch (err) {
      // The database unreachable or a statement timing out (a held lock) fails every webhook alike: no retry, the
      // callers answer from memory and spool. Anything else may be one webhook the database refuses: each alone, in
      // turn (one pooled connection, as the batch).
      if (hooks.length === 1 || !worthRetryingAlone(err)) return hooks.map(() => ({ ok: false as const, err }));
      this.metrics.batchRetries.inc();
      const results: BatchItemResult<WebhookOutcome>[] = [];
      for (const hook of hooks) {
        try {
          results.push({ ok: true, value: (await this.write([hook]))[0]! });
        } catch (alone) {
          results.push({ ok: false, err: alone });
        }
      }
      return results;
    }
  }

  /**
   * One transaction for `hooks` (distinct caller legs): the webhooks are stored and their calls locked by ONE statement
   * (one webhook: {@link CallRecordRepository.insertWebhookLockingCall}; more: its multi-row form), then each is applied
   * in order on that transaction. Decisions are counted and logged after the commit.
   */
  private async write(hooks: InboundCallWebhook[]): Promise<WebhookOutcome[]> {
    const items = await Promise.all(hooks.map((hook) => this.plan(hook)));
    const decided: { verdict: Extract<CallVerdict, { decided: true }>; call: CallRecord }[] = [];
    const outcomes = await this.runner.run(async (tx) => {
      const stored =
        items.length === 1
          ? [await this.calls.insertWebhookLockingCall(tx.handle, items[0]!.hook, items[0]!.expectedReply)]
          : await this.calls.insertWebhooksLockingCalls(tx.handle, items.map((item) => ({ hook: item.hook, reply: item.expectedReply })));
      const prepared = items.length === 1 ? [{ startedHere: false, facts: undefined }] : await this.prepareBatch(tx, items, stored);
      const results: (WebhookOutcome & { result: string })[] = [];
      for (let i = 0; i < items.length; i++) results.push(await this.apply(tx, items[i]!, stored[i]!, decided, prepared[i]!));
      return results;
    });
    this.metrics.batchSize.observe(hooks.length);
    for (let i = 0; i < hooks.length; i++) this.metrics.webhooks.inc({ provider: hooks[i]!.provider, result: outcomes[i]!.result });
    for (const { verdict, call } of decided) {
      const reason = verdict.outcome === 'answered' ? 'answered' : verdict.reason;
      this.metrics.decisions.inc({ provider: call.provider, reason });
      const fields = { callId: call.id, correlationId: call.id, provider: call.provider, providerCallId: call.providerCallId, locationId: call.locationId, reason, ringSeconds: verdict.ringSeconds, explanation: verdict.explanation };
      if (verdict.outcome === 'missed' && verdict.unrecognizedCause) this.log.warn({ ...fields, providerCause: verdict.providerCause }, 'call decision on an unrecognized carrier cause');
      else this.log.info(fields, 'call decision');
    }
    return outcomes.map(({ result: _result, ...rest }) => rest);
  }

  /** What is known of a webhook before its transaction: the call it would start and, for a forwarded call's first webhook, its answer. */
  private async plan(hook: InboundCallWebhook): Promise<PlannedWebhook> {
    const owner = hook.start ? await this.routeOf(hook.start.to) : null;
    // Stored with the webhook in its INSERT, so the usual first webhook needs no UPDATE of its reply.
    const planned = hook.start && owner ? planCall(hook, hook.start, owner) : null;
    return { hook, planned, expectedReply: planned && hook.reply === 'route' ? forwardOf(planned) : null };
  }

  /**
   * The statements a batch's webhooks share, after their INSERT: the calls they start, inserted by one statement, and
   * the histories they read, by another (each only when more than one webhook needs it). Sound because the batch's
   * webhooks are of distinct caller legs: applying one changes no other's call or history. The histories are read
   * after the INSERT took the calls' locks, as {@link CallRecordRepository.callFacts} is.
   */
  private async prepareBatch(tx: TransactionContext, items: PlannedWebhook[], stored: StoredWebhook[]): Promise<Prepared[]> {
    const starting = items.map((item, i) => stored[i]!.webhookId !== null && stored[i]!.call === null && item.hook.start !== undefined && item.planned !== null);
    const started = items.filter((_, i) => starting[i]).map((item) => item.planned!);
    if (started.length > 1) await this.calls.insertCalls(tx.handle, started);
    const insertedHere = started.length > 1;
    const reading = items.map((item, i) => {
      const call = stored[i]!.call ?? (starting[i] ? item.planned : null);
      return stored[i]!.webhookId !== null && call !== null && !historySettled(item.hook, call, stored[i]!) && !(starting[i] && !stored[i]!.legSeen);
    });
    const legs = items.filter((_, i) => reading[i]).map((item) => ({ provider: item.hook.provider, callerLegId: item.hook.callerLegId }));
    const facts = legs.length > 1 ? await this.calls.callFactsOfLegs(tx.handle, legs) : null;
    return items.map((item, i) => ({
      startedHere: insertedHere && starting[i]!,
      facts: facts && reading[i] ? (facts.get(legKey(item.hook.provider, item.hook.callerLegId)) ?? []) : undefined,
    }));
  }

  /**
   * Applies one stored webhook (`stored`: its INSERT's result) on the batch's transaction; decisions taken go to `decided`.
   * `prepared`: whether its call was already inserted for it ({@link prepareBatch}) and its leg's history, when read.
   */
  private async apply(
    tx: TransactionContext,
    { hook, planned, expectedReply }: PlannedWebhook,
    stored: StoredWebhook,
    decided: { verdict: Extract<CallVerdict, { decided: true }>; call: CallRecord }[],
    prepared: Prepared,
  ): Promise<WebhookOutcome & { result: string }> {
    const webhookId = stored.webhookId;
    if (!webhookId) {
      const reply = await this.calls.findWebhookReply(tx.handle, hook.provider, hook.providerCallId, hook.eventType);
      return { duplicate: true, instruction: reply ?? fallbackInstruction(hook), result: 'duplicate' };
    }
    let call = stored.call;
    let startedHere = false;
    if (!call && hook.start) {
      if (!planned) {
        this.log.error({ provider: hook.provider, providerCallId: hook.providerCallId }, 'dialled number belongs to no location: call rejected');
        const instruction: CallInstruction = { kind: 'hangup' };
        await this.calls.saveWebhookReply(tx.handle, webhookId, instruction);
        return { duplicate: false, instruction, result: 'unroutable' };
      }
      call = await this.startCall(tx, planned, prepared.startedHere);
      startedHere = true;
    }
    if (!call) {
      this.log.warn({ provider: hook.provider, providerCallId: hook.providerCallId, eventType: hook.eventType }, 'webhook for a call this service never saw start; stored only');
      return { duplicate: false, instruction: fallbackInstruction(hook), result: 'orphan' };
    }
    if (historySettled(hook, call, stored)) {
      // Decided, and voicemail recorded or none in sight (neither in this webhook nor in any webhook of the leg its
      // INSERT saw): the call's history can change nothing more, so it is not read (one statement fewer for every
      // late callback of a decided call, e.g. the caller's hang-up). Every webhook that read the history under the
      // call's lock already acted on what it held; one committed after this INSERT's snapshot without that lock (an
      // orphan racing the call's start) is read by the call's next webhook, as when it commits just after a read.
      // The answer depends on the call and this webhook only.
      return { duplicate: false, instruction: await this.answer(tx, hook, webhookId, call, expectedReply), callId: call.id, result: 'stored' };
    }
    // A call this webhook started, with no earlier webhook of its leg stored (orphans that came before the start):
    // its history is this webhook's facts, so they are not read back (one statement fewer per call). A webhook of
    // the leg committed concurrently is a stored orphan whose facts the call's next webhook reads, as when it commits
    // just after the read.
    const facts = startedHere && !stored.legSeen ? hook.facts : (prepared.facts ?? (await this.calls.callFacts(tx.handle, hook.provider, hook.callerLegId)));
    const verdict = classifyCall({ provider: call.provider, route: call.route, startedAt: call.startedAt, minRingSeconds: call.minRingSeconds, answerConfirmation: call.answerConfirmation }, facts);
    const voicemail = facts.find((f): f is Extract<CallFact, { kind: 'voicemail_recorded' }> => f.kind === 'voicemail_recorded' && f.durationSeconds >= MIN_VOICEMAIL_SECONDS);
    if (verdict.decided && call.decision === null) {
      const decidedCall: CallRecord = { ...call, decision: verdict.outcome === 'answered' ? 'answered' : verdict.reason };
      // With no voicemail to record, the call's state after the decision is known: so is the answer, stored by the
      // decision's own statement when it must be (one statement fewer for the deciding callback).
      const early = voicemail && call.voicemailRecordingId === null ? null : await this.planAnswer(tx, hook, decidedCall, expectedReply);
      if (await this.decide(tx, call, verdict, early?.save ? { webhookId, instruction: early.instruction } : null)) {
        decided.push({ verdict, call });
        call = decidedCall;
        if (early) return { duplicate: false, instruction: early.instruction, callId: call.id, result: 'stored' };
      }
    }
    if (voicemail && call.voicemailRecordingId === null && (await this.calls.recordVoicemail(tx.handle, call.id, voicemail.recordingId))) {
      await tx.publish(
        callVoicemailV1,
        createEvent(callVoicemailV1, this.attrs(call, voicemail.at), {
          ...identity(call),
          recordingId: voicemail.recordingId,
          durationSeconds: voicemail.durationSeconds,
          ...(voicemail.mediaUrl ? { mediaUrl: voicemail.mediaUrl } : {}),
          recordedAt: voicemail.at,
        }),
      );
      call = { ...call, voicemailRecordingId: voicemail.recordingId };
    }
    return { duplicate: false, instruction: await this.answer(tx, hook, webhookId, call, expectedReply), callId: call.id, result: 'stored' };
  }

  private async routeOf(dialed: string): Promise<{ config: LocationConfig; trackingSource?: string; dialedE164: string } | null> {
    const dialedE164 = normalizeCallerId(dialed).e164;
    if (!dialedE164) return null;
    const owner = await this.directory.findByNumber(dialedE164);
    if (!owner || owner.purpose === 'sending') return null;
    return { config: owner.config, dialedE164, ...(owner.trackingSource ? { trackingSource: owner.trackingSource } : {}) };
  }

  /** Starts the call: its record (unless `inserted` already, by the batch) and `telephony.call.received.v1`. */
  private async startCall(tx: TransactionContext, call: CallRecord, inserted = false): Promise<CallRecord> {
    if (!inserted) await this.calls.insertCall(tx.handle, call);
    await tx.publish(
      callReceivedV1,
      createEvent(callReceivedV1, this.attrs(call, call.startedAt), { ...identity(call), route: call.route, ...(call.forwardToE164 ? { forwardedToE164: call.forwardToE164 } : {}) }),
    );
    return call;
  }

  /** Records the decision (with `reply`, the webhook's answer, in the same statement) and publishes it; false when the call already had one. */
  private async decide(tx: TransactionContext, call: CallRecord, verdict: Extract<CallVerdict, { decided: true }>, reply: { webhookId: string; instruction: CallInstruction } | null): Promise<boolean> {
    const decidedAt = new Date().toISOString();
    const outcome = verdict.outcome === 'answered' ? 'answered' : verdict.reason;
    if (!(await this.calls.recordDecision(tx.handle, call.id, { outcome, explanation: verdict.explanation, ringSeconds: verdict.ringSeconds, decidedAt }, reply))) return false;
    if (verdict.outcome === 'answered') {
      await tx.publish(callAnsweredV1, createEvent(callAnsweredV1, this.attrs(call, verdict.answeredAt), { ...identity(call), answeredAt: verdict.answeredAt, ringSeconds: verdict.ringSeconds }));
    } else {
      await tx.publish(
        callMissedV1,
        createEvent(callMissedV1, this.attrs(call, decidedAt), {
          ...identity(call),
          reason: verdict.reason,
          explanation: verdict.explanation,
          ringSeconds: verdict.ringSeconds,
          endedAt: verdict.endedAt,
          decidedAt,
          callerTextable: call.callerE164 !== null,
          ...(verdict.providerCause ? { providerCause: verdict.providerCause } : {}),
        }),
      );
    }
    return true;
  }

  /**
   * The answer to `hook` given the call's state, stored with the webhook when it depends on that state (unless the
   * INSERT already stored exactly this answer: `storedReply`).
   */
  private async answer(tx: TransactionContext, hook: InboundCallWebhook, webhookId: string, call: CallRecord, storedReply: CallInstruction | null): Promise<CallInstruction> {
    const { instruction, save } = await this.planAnswer(tx, hook, call, storedReply);
    if (save) await this.calls.saveWebhookReply(tx.handle, webhookId, instruction);
    return instruction;
  }

  /** The answer to `hook` given the call's state, and whether it must be stored with the webhook (see {@link answer}). */
  private async planAnswer(tx: TransactionContext, hook: InboundCallWebhook, call: CallRecord, storedReply: CallInstruction | null): Promise<{ instruction: CallInstruction; save: boolean }> {
    const instruction = await this.instructionFor(hook, call, tx);
    // Only state-dependent replies are stored; a duplicate re-derives the others (fallbackInstruction).
    const stateDependent = hook.reply === 'route' || hook.reply === 'continue' || instruction.kind === 'confirm_answer';
    return { instruction, save: stateDependent && !(storedReply !== null && JSON.stringify(storedReply) === JSON.stringify(instruction)) };
  }

  private async instructionFor(hook: InboundCallWebhook, call: CallRecord, tx: TransactionContext): Promise<CallInstruction> {
    switch (hook.reply) {
      case 'none':
        return { kind: 'none' };
      case 'bridge':
        // The pick-up of a call with answer confirmation: the prompt first (the key's answer is a plain bridge).
        if (call.answerConfirmation && hook.facts.some((f) => f.kind === 'forward_answered')) {
          return { kind: 'confirm_answer', prompt: await this.confirmationPrompt(call, tx), timeoutSeconds: ANSWER_CONFIRMATION_TIMEOUT_SECONDS, acceptDigit: ANSWER_CONFIRMATION_DIGIT };
        }
        return { kind: 'bridge' };
      case 'hangup':
        return { kind: 'hangup' };
      case 'route':
        return forwardOf(call) ?? { kind: 'voicemail', greeting: await this.greeting(call, 'voice.after_hours_greeting', tx), maxSeconds: VOICEMAIL_MAX_SECONDS };
      case 'continue':
        if (call.decision !== null && call.decision !== 'answered' && call.voicemailRecordingId === null) {
          return { kind: 'voicemail', greeting: await this.greeting(call, 'voice.missed_greeting', tx), maxSeconds: VOICEMAIL_MAX_SECONDS };
        }
        return { kind: 'hangup' };
    }
  }

  /**
   * Spoken greeting ({@link greetingFor}). Reads the location on the webhook transaction's own connection (never a
   * second pooled one; from memory when the directory is held there).
   */
  private async greeting(call: CallRecord, template: GreetingTemplate, tx: TransactionContext): Promise<string> {
    return greetingFor(await this.directory.get(call.locationId, tx.handle), template);
  }

  /** The answer-confirmation prompt of the call's location ({@link answerConfirmationPrompt}). */
  private async confirmationPrompt(call: CallRecord, tx: TransactionContext): Promise<string> {
    return answerConfirmationPrompt(await this.directory.get(call.locationId, tx.handle));
  }

  private attrs(call: CallRecord, time: string) {
    return { source: SOURCE, tenantId: call.tenantId, locationId: call.locationId, correlationId: call.id, subject: call.id, time: new Date(time) };
  }
}

/** Whether a batch's failure may be one webhook's own (so each is retried alone): not an outage, not a statement timeout. */
function worthRetryingAlone(err: unknown): boolean {
  if (isInfrastructureUnavailable(err)) return false;
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return (e?.driverError?.code ?? e?.code) !== STATEMENT_TIMEOUT_SQLSTATE;
}

/**
 * Whether the call's history can change nothing more for `hook`: the call is decided, and its voicemail recorded or none
 * in sight (neither in this webhook nor in any webhook of the leg its INSERT saw). Then the history is not read.
 */
function historySettled(hook: InboundCallWebhook, call: CallRecord, stored: StoredWebhook): boolean {
  const bringsVoicemail = stored.legVoicemail || hook.facts.some((f) => f.kind === 'voicemail_recorded');
  return call.decision !== null && (call.voicemailRecordingId !== null || !bringsVoicemail);
}

/** The call record a first webhook starts: routed by the dialled number's location and its business hours at the call's start. */
function planCall(hook: InboundCallWebhook, start: NonNullable<InboundCallWebhook['start']>, owner: { config: LocationConfig; trackingSource?: string; dialedE164: string }): CallRecord {
  const { config } = owner;
  const caller = normalizeCallerId(start.from, countryOfNumber(owner.dialedE164));
  const open = isWithinBusinessHours(config, new Date(start.startedAt));
  return {
    id: randomUUID(),
    provider: hook.provider,
    providerCallId: hook.callerLegId,
    tenantId: config.tenantId,
    locationId: config.locationId,
    callerRaw: start.from,
    callerE164: caller.e164,
    dialedE164: owner.dialedE164,
    trackingSource: owner.trackingSource ?? null,
    route: open ? 'forward' : 'after_hours',
    forwardToE164: open ? config.forwardToE164 : null,
    ringTimeoutSeconds: config.ringTimeoutSeconds,
    minRingSeconds: config.minRingSeconds,
    answerConfirmation: open && config.answerConfirmation === true,
    startedAt: start.startedAt,
    decision: null,
    voicemailRecordingId: null,
  };
}

/** The first webhook's answer for a forwarded call (ring the location's line), or null when the call is not forwarded. */
function forwardOf(call: CallRecord): CallInstruction | null {
  if (call.route !== 'forward' || !call.forwardToE164) return null;
  return { kind: 'forward', toE164: call.forwardToE164, ringTimeoutSeconds: call.ringTimeoutSeconds, ...(call.answerConfirmation ? { answerConfirmation: true } : {}) };
}

/** Fields every call event carries, from the call record. */
function identity(call: CallRecord) {
  return {
    callId: call.id,
    provider: call.provider,
    providerCallId: call.providerCallId,
    callerE164: call.callerE164,
    callerRaw: call.callerRaw,
    dialedE164: call.dialedE164,
    ...(call.trackingSource ? { trackingSource: call.trackingSource } : {}),
    startedAt: call.startedAt,
  };
}

/** The answer when there is no call state to consult: 204 for asynchronous callbacks, else hang up. */
function fallbackInstruction(hook: InboundCallWebhook): CallInstruction {
  return hook.reply === 'none' ? { kind: 'none' } : hook.reply === 'bridge' ? { kind: 'bridge' } : { kind: 'hangup' };
}
