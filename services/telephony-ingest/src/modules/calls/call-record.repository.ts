import { Inject, Injectable } from '@nestjs/common';
import { type Provider } from '@textback/contracts';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { DATA_SOURCE, SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { type CallFact, type CallRoute } from './call-facts.types';
import { type CallInstruction } from './call-instruction.types';
import { type InboundCallWebhook } from './call-webhook.types';

/** Largest value of `call.ring_seconds` (numeric(8,1)). */
const MAX_RING_SECONDS = 9_999_999.9;

/** A call as telephony-ingest keeps it (table `call`). Times are ISO-8601 UTC. */
export interface CallRecord {
  /** Textback's call id (UUID), the correlation id of every event about the call. */
  id: string;
  provider: Provider;
  /** The carrier's id of the caller's leg. */
  providerCallId: string;
  tenantId: string;
  locationId: string;
  callerRaw: string;
  callerE164: string | null;
  dialedE164: string;
  trackingSource: string | null;
  route: CallRoute;
  forwardToE164: string | null;
  ringTimeoutSeconds: number;
  minRingSeconds: number;
  /** Answer confirmation was on for this call (the location's `answerConfirmation` when it arrived, in hours). */
  answerConfirmation: boolean;
  startedAt: string;
  /** `answered` or a missed-call reason once decided, else null. */
  decision: string | null;
  voicemailRecordingId: string | null;
}

interface CallRow {
  id: string;
  provider: Provider;
  provider_call_id: string;
  tenant_id: string;
  location_id: string;
  caller_raw: string;
  caller_e164: string | null;
  dialed_e164: string;
  tracking_source: string | null;
  route: CallRoute;
  forward_to_e164: string | null;
  ring_timeout_seconds: number;
  min_ring_seconds: number;
  answer_confirmation: boolean;
  started_at: Date;
  decision: string | null;
  voicemail_recording_id: string | null;
}

/**
 * SQL of the `call` and `call_webhook` tables. Every method runs in the caller's transaction.
 * Webhooks are unique on `(provider, provider_call_id, event_type)` (constraint
 * `uq_call_webhook_provider_call_event`), so a duplicate or concurrent delivery inserts nothing.
 */
@Injectable()
export class CallRecordRepository {
  private readonly s: string;

  constructor(
    @Inject(SERVICE_DEFINITION) definition: ServiceDefinition,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {
    this.s = quoteSchema(definition.schema);
  }

  /**
   * Stores a webhook raw with its facts (and `reply`, the answer expected for it, when known before the transaction:
   * saves the later {@link saveWebhookReply}) and locks its call, in one statement (one round trip, not two).
   * `webhookId` is null when the same delivery is already stored (nothing inserted); `call` is the call of the
   * webhook's caller leg, locked (FOR UPDATE) until the transaction ends, or null when unknown.
   * The insert runs before the lock is taken (the lock's CTE waits for it through a one-time filter), as two statements
   * in that order did: a concurrent duplicate first meets the other delivery's unique entry, never a call lock held by
   * a transaction that waits for its own, so the two cannot deadlock. The facts of the call are read by a later
   * statement ({@link callFacts}), whose snapshot is taken after the lock is held and so sees every webhook committed
   * before (one statement's snapshot would predate a lock wait).
   * `legSeen`: whether the statement's snapshot held any other webhook of the caller leg (its own insert is not
   * visible to it): when not, and the webhook starts the call, the call's history is this webhook's facts alone
   * ({@link CallLifecycleService} then does not read it back). `legVoicemail`: whether any of those held a
   * `voicemail_recorded` fact (when not, and the call is decided, the history holds nothing this webhook must act on
   * beyond its own facts).
   */
  async insertWebhookLockingCall(tx: TransactionHandle, hook: InboundCallWebhook, reply: CallInstruction | null = null): Promise<{ webhookId: string | null; call: CallRecord | null; legSeen: boolean; legVoicemail: boolean }> {
    const rows = (await entityManagerOf(tx).query(
      `WITH w AS (
         INSERT INTO ${this.s}.call_webhook (provider, provider_call_id, event_type, caller_leg_id, event_time, payload, facts, raw_body, reply)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT ON CONSTRAINT uq_call_webhook_provider_call_event DO NOTHING RETURNING id
       ), c AS (
         SELECT * FROM ${this.s}.call WHERE provider = $1 AND provider_call_id = $4 AND (SELECT count(*) FROM w) >= 0 FOR UPDATE
       )
       SELECT (SELECT id FROM w) AS webhook_id, h.leg_seen, h.leg_voicemail, c.*
       FROM (VALUES (1)) AS one (x) LEFT JOIN c ON true
       CROSS JOIN (SELECT count(*) > 0 AS leg_seen, COALESCE(bool_or(facts @> '[{"kind": "voicemail_recorded"}]'::jsonb), false) AS leg_voicemail
                   FROM ${this.s}.call_webhook WHERE provider = $1 AND caller_leg_id = $4) AS h`,
      [hook.provider, hook.providerCallId, hook.eventType, hook.callerLegId, hook.eventTime, JSON.stringify(hook.payload), JSON.stringify(hook.facts), hook.rawBody ?? null, reply === null ? null : JSON.stringify(reply)],
    )) as (Partial<CallRow> & { webhook_id: string | null; leg_seen: boolean; leg_voicemail: boolean })[];
    const row = rows[0];
    return { webhookId: row?.webhook_id ?? null, call: row?.id ? toCallRecord(row as CallRow) : null, legSeen: row?.leg_seen ?? true, legVoicemail: row?.leg_voicemail ?? true };
  }

  /**
   * {@link insertWebhookLockingCall} for several webhooks of DIFFERENT caller legs in one statement (group commit: one
   * round trip for a batch of concurrent callbacks). Every webhook is inserted (in the given order, so `id` keeps arrival
   * order) before any call is locked, and the calls are locked in `(provider, provider_call_id)` order, so two batches
   * over overlapping calls wait for each other instead of deadlocking. Results are per webhook, in the given order, with
   * the same meaning as {@link insertWebhookLockingCall}'s; `legSeen` / `legVoicemail` read the statement's snapshot,
   * which holds none of the batch's own inserts (hence one webhook per caller leg per call of this method).
   * @throws when two webhooks share a caller leg (their `legSeen` would miss each other).
   */
  async insertWebhooksLockingCalls(
    tx: TransactionHandle,
    entries: readonly { hook: InboundCallWebhook; reply: CallInstruction | null }[],
  ): Promise<{ webhookId: string | null; call: CallRecord | null; legSeen: boolean; legVoicemail: boolean }[]> {
    const legs = new Set(entries.map((e) => legKey(e.hook.provider, e.hook.callerLegId)));
    if (legs.size !== entries.length) throw new Error('insertWebhooksLockingCalls: one webhook per caller leg');
    const rows = (await entityManagerOf(tx).query(
      `WITH i AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[], $7::jsonb[], $8::bytea[], $9::jsonb[]) WITH ORDINALITY
           AS i (provider, provider_call_id, event_type, caller_leg_id, event_time, payload, facts, raw_body, reply, ord)
       ), w AS (
         INSERT INTO ${this.s}.call_webhook (provider, provider_call_id, event_type, caller_leg_id, event_time, payload, facts, raw_body, reply)
         SELECT provider, provider_call_id, event_type, caller_leg_id, event_time, payload, facts, raw_body, reply FROM i ORDER BY ord
         ON CONFLICT ON CONSTRAINT uq_call_webhook_provider_call_event DO NOTHING RETURNING id, provider, provider_call_id, event_type
       ), c AS (
         SELECT * FROM ${this.s}.call WHERE (provider, provider_call_id) IN (SELECT provider, caller_leg_id FROM i) AND (SELECT count(*) FROM w) >= 0
         ORDER BY provider, provider_call_id FOR UPDATE
       ), h AS (
         SELECT provider, caller_leg_id, COALESCE(bool_or(facts @> '[{"kind": "voicemail_recorded"}]'::jsonb), false) AS leg_voicemail
         FROM ${this.s}.call_webhook WHERE (provider, caller_leg_id) IN (SELECT provider, caller_leg_id FROM i) GROUP BY provider, caller_leg_id
       )
       SELECT i.ord, w.id AS webhook_id, h.caller_leg_id IS NOT NULL AS leg_seen, COALESCE(h.leg_voicemail, false) AS leg_voicemail, c.*
       FROM i
       LEFT JOIN w ON w.provider = i.provider AND w.provider_call_id = i.provider_call_id AND w.event_type = i.event_type
       LEFT JOIN c ON c.provider = i.provider AND c.provider_call_id = i.caller_leg_id
       LEFT JOIN h ON h.provider = i.provider AND h.caller_leg_id = i.caller_leg_id
       ORDER BY i.ord`,
      [
        entries.map((e) => e.hook.provider),
        entries.map((e) => e.hook.providerCallId),
        entries.map((e) => e.hook.eventType),
        entries.map((e) => e.hook.callerLegId),
        entries.map((e) => e.hook.eventTime),
        entries.map((e) => JSON.stringify(e.hook.payload)),
        entries.map((e) => JSON.stringify(e.hook.facts)),
        entries.map((e) => e.hook.rawBody ?? null),
        entries.map((e) => (e.reply === null ? null : JSON.stringify(e.reply))),
      ],
    )) as (Partial<CallRow> & { ord: string; webhook_id: string | null; leg_seen: boolean; leg_voicemail: boolean })[];
    if (rows.length !== entries.length) throw new Error(`insertWebhooksLockingCalls: ${rows.length} rows for ${entries.length} webhooks`);
    return rows.map((row) => ({ webhookId: row.webhook_id ?? null, call: row.id ? toCallRecord(row as CallRow) : null, legSeen: row.leg_seen, legVoicemail: row.leg_voicemail }));
  }

  /** The reply given to the stored copy of a webhook (null if it had none). */
  async findWebhookReply(tx: TransactionHandle, provider: Provider, providerCallId: string, eventType: string): Promise<CallInstruction | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT reply FROM ${this.s}.call_webhook WHERE provider = $1 AND provider_call_id = $2 AND event_type = $3`, [provider, providerCallId, eventType])) as {
      reply: CallInstruction | null;
    }[];
    return rows[0]?.reply ?? null;
  }

  async saveWebhookReply(tx: TransactionHandle, webhookId: string, reply: CallInstruction): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.call_webhook SET reply = $2 WHERE id = $1`, [webhookId, JSON.stringify(reply)]);
  }

  /** Creates the call record; false when the carrier's call already has one. */
  async insertCall(tx: TransactionHandle, call: CallRecord): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.s}.call (id, provider, provider_call_id, tenant_id, location_id, caller_raw, caller_e164, dialed_e164, tracking_source, route, forward_to_e164, ring_timeout_seconds, min_ring_seconds, started_at, answer_confirmation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT ON CONSTRAINT uq_call_provider_call DO NOTHING RETURNING id`,
      [
        call.id,
        call.provider,
        call.providerCallId,
        call.tenantId,
        call.locationId,
        call.callerRaw,
        call.callerE164,
        call.dialedE164,
        call.trackingSource,
        call.route,
        call.forwardToE164,
        call.ringTimeoutSeconds,
        call.minRingSeconds,
        call.startedAt,
        call.answerConfirmation,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  /**
   * {@link insertCall} for several calls in one statement (group commit). A carrier call that already has a record is
   * skipped (nothing changed), as by {@link insertCall}. @returns how many records were inserted.
   */
  async insertCalls(tx: TransactionHandle, calls: readonly CallRecord[]): Promise<number> {
    const column = <K extends keyof CallRecord>(key: K) => calls.map((call) => call[key]);
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.s}.call (id, provider, provider_call_id, tenant_id, location_id, caller_raw, caller_e164, dialed_e164, tracking_source, route, forward_to_e164, ring_timeout_seconds, min_ring_seconds, started_at, answer_confirmation)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::int[], $14::timestamptz[], $15::boolean[])
       ON CONFLICT ON CONSTRAINT uq_call_provider_call DO NOTHING RETURNING id`,
      [
        column('id'),
        column('provider'),
        column('providerCallId'),
        column('tenantId'),
        column('locationId'),
        column('callerRaw'),
        column('callerE164'),
        column('dialedE164'),
        column('trackingSource'),
        column('route'),
        column('forwardToE164'),
        column('ringTimeoutSeconds'),
        column('minRingSeconds'),
        column('startedAt'),
        column('answerConfirmation'),
      ],
    )) as unknown[];
    return rows.length;
  }

  /**
   * {@link callFacts} of several caller legs in one statement (group commit): per `provider` + NUL + `callerLegId`, every
   * fact of the leg's webhooks in arrival order; a leg without webhooks is absent.
   */
  async callFactsOfLegs(tx: TransactionHandle, legs: readonly { provider: Provider; callerLegId: string }[]): Promise<Map<string, CallFact[]>> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT provider, caller_leg_id, facts FROM ${this.s}.call_webhook
       WHERE (provider, caller_leg_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY provider, caller_leg_id, id`,
      [legs.map((leg) => leg.provider), legs.map((leg) => leg.callerLegId)],
    )) as { provider: string; caller_leg_id: string; facts: CallFact[] }[];
    const byLeg = new Map<string, CallFact[]>();
    for (const row of rows) {
      const key = legKey(row.provider, row.caller_leg_id);
      const facts = byLeg.get(key);
      if (facts) facts.push(...row.facts);
      else byLeg.set(key, [...row.facts]);
    }
    return byLeg;
  }

  /** Deletes the raw bytes of applied webhooks received before `cutoff` (retention); facts and payload stay. */
  async purgeRawBodiesBefore(cutoff: Date): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.s}.call_webhook SET raw_body = NULL WHERE received_at < $1 AND raw_body IS NOT NULL`, [cutoff]);
  }

  /** Every fact of a caller leg's webhooks, in arrival order (the call's history). */
  async callFacts(tx: TransactionHandle, provider: Provider, callerLegId: string): Promise<CallFact[]> {
    const rows = (await entityManagerOf(tx).query(`SELECT facts FROM ${this.s}.call_webhook WHERE provider = $1 AND caller_leg_id = $2 ORDER BY id`, [provider, callerLegId])) as { facts: CallFact[] }[];
    return rows.flatMap((r) => r.facts);
  }

  /**
   * Records the call's one decision and, when `reply` is given, stores it as the answer of webhook `reply.webhookId`
   * in the same statement, only if the decision was recorded. Returns false (and changes nothing) when the call
   * already has a decision. `ringSeconds` in seconds; times ISO-8601.
   */
  async recordDecision(
    tx: TransactionHandle,
    callId: string,
    decision: { outcome: string; explanation: string; ringSeconds: number; decidedAt: string },
    reply: { webhookId: string; instruction: CallInstruction } | null = null,
  ): Promise<boolean> {
    const update = `UPDATE ${this.s}.call SET decision = $2, decision_explanation = $3, ring_seconds = $4, decided_at = $5 WHERE id = $1 AND decision IS NULL RETURNING id`;
    // ring_seconds is numeric(8,1): carrier times 2000..now+1d can still exceed it, so it is capped (115 days).
    const params = [callId, decision.outcome, decision.explanation, Math.min(decision.ringSeconds, MAX_RING_SECONDS), decision.decidedAt];
    if (!reply) return affected((await entityManagerOf(tx).query(update, params)) as [unknown[], number] | unknown[]);
    const rows = (await entityManagerOf(tx).query(
      `WITH d AS (${update}), r AS (UPDATE ${this.s}.call_webhook SET reply = $7 WHERE id = $6 AND EXISTS (SELECT 1 FROM d) RETURNING id) SELECT id FROM d`,
      [...params, reply.webhookId, JSON.stringify(reply.instruction)],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Records the call's voicemail. Returns false when it already has one. */
  async recordVoicemail(tx: TransactionHandle, callId: string, recordingId: string): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(`UPDATE ${this.s}.call SET voicemail_recording_id = $2 WHERE id = $1 AND voicemail_recording_id IS NULL RETURNING id`, [callId, recordingId])) as
      | [unknown[], number]
      | unknown[];
    return affected(rows);
  }
}

/** Key of a caller leg in {@link CallRecordRepository.callFactsOfLegs}'s map: provider, NUL, the leg's carrier id. */
export function legKey(provider: string, callerLegId: string): string {
  return `${provider}\u0000${callerLegId}`;
}

function toCallRecord(r: CallRow): CallRecord {
  return {
    id: r.id,
    provider: r.provider,
    providerCallId: r.provider_call_id,
    tenantId: r.tenant_id,
    locationId: r.location_id,
    callerRaw: r.caller_raw,
    callerE164: r.caller_e164,
    dialedE164: r.dialed_e164,
    trackingSource: r.tracking_source,
    route: r.route,
    forwardToE164: r.forward_to_e164,
    ringTimeoutSeconds: r.ring_timeout_seconds,
    minRingSeconds: r.min_ring_seconds,
    answerConfirmation: r.answer_confirmation,
    startedAt: r.started_at.toISOString(),
    decision: r.decision,
    voicemailRecordingId: r.voicemail_recording_id,
  };
}

/** TypeORM's postgres driver returns `[rows, count]` for UPDATE … RETURNING. */
function affected(result: [unknown[], number] | unknown[]): boolean {
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[1] > 0;
  return result.length > 0;
}
