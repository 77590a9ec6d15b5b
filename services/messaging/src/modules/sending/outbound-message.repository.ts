import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { DATA_SOURCE } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { MessagingSchema } from '../shared/messaging-schema';
import { type OutboundMessage, type OutboundStatus } from './outbound-message.types';
import { automatedRecentCountSql } from './automated-recent.sql';

interface Row {
  message_id: string;
  command_id: string;
  tenant_id: string;
  location_id: string;
  correlation_id: string;
  causation_id: string | null;
  to_e164: string;
  from_e164: string | null;
  body: string;
  purpose: OutboundMessage['purpose'];
  automated: boolean;
  requested_by: string;
  status: OutboundStatus;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date;
  expires_at: Date | null;
  provider: string | null;
  provider_message_id: string | null;
  segments: number | null;
  encoding: string | null;
  error_code: string | null;
  created_at: Date;
  sent_at: Date | null;
  compliance_kind: OutboundMessage['complianceKind'];
  consent_id: string | null;
  producer: string | null;
  lease_token: string | null;
  handling_failures: number;
}

/** Clears the current claim of a row (every write that ends or reschedules a claimed row). */
/**
 * Unconfirmed texts whose carrier call started longer ago than this are not reconciled (left listed), ms: 7 days, inside
 * Bandwidth's 14-day List Messages range, and a text that late is better not sent.
 */
export const RECONCILE_HORIZON_MS = 7 * 24 * 3600 * 1000;

const RELEASE = 'lease_token = NULL, lease_until = NULL, carrier_call_at = NULL';

function toMessage(r: Row): OutboundMessage {
  return {
    messageId: r.message_id,
    commandId: r.command_id,
    tenantId: r.tenant_id,
    locationId: r.location_id,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    to: r.to_e164,
    from: r.from_e164,
    body: r.body,
    purpose: r.purpose,
    automated: r.automated,
    requestedBy: r.requested_by,
    status: r.status,
    reason: r.reason,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    expiresAt: r.expires_at,
    provider: r.provider,
    providerMessageId: r.provider_message_id,
    segments: r.segments,
    encoding: r.encoding,
    errorCode: r.error_code,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    complianceKind: r.compliance_kind,
    consentId: r.consent_id,
    producer: r.producer,
    leaseToken: r.lease_token,
    handlingFailures: r.handling_failures,
  };
}

/** SQL of the durable send queue and message log (`outbound_message`). Instants are bound as parameters (the injected clock), never `now()`. */
@Injectable()
export class OutboundMessageRepository {
  constructor(
    private readonly schema: MessagingSchema,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /** `tx`'s connection, or the pool's (the statement then commits by itself) when no transaction is given. */
  private on(tx: TransactionHandle | undefined): Pick<DataSource, 'query'> {
    return tx ? entityManagerOf(tx) : this.dataSource;
  }

  /**
   * Inserts a message unless its `commandId` exists (the send's idempotency key). With `claim`, the row is inserted
   * already claimed (`lease_token` = `claim.token`, `lease_until`) and stamped for its carrier call
   * (`carrier_call_at`), as {@link claimCommand} and {@link markCarrierCall} would leave it: for a text checked and
   * given its rate slot in the same transaction (see `SendPolicy.enqueue`).
   * @returns true when inserted; false for a duplicate command.
   */
  async insert(tx: TransactionHandle, m: OutboundMessage, claim?: { token: string; leaseUntil: Date; carrierCallAt: Date }): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.outbound_message (message_id, command_id, tenant_id, location_id, correlation_id, causation_id, to_e164, from_e164, body, purpose, automated, requested_by,
         status, reason, attempts, next_attempt_at, expires_at, created_at, updated_at, compliance_kind, consent_id, producer, lease_token, lease_until, carrier_call_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,0,$15,$16,$17,$17,$18,$19,$20,$21,$22,$23)
       ON CONFLICT ON CONSTRAINT uq_outbound_message_command DO NOTHING RETURNING message_id`,
      [
        m.messageId, m.commandId, m.tenantId, m.locationId, m.correlationId, m.causationId, m.to, m.from, m.body, m.purpose, m.automated, m.requestedBy,
        m.status, m.reason, m.nextAttemptAt, m.expiresAt, m.createdAt, m.complianceKind, m.consentId, m.producer,
        claim?.token ?? null, claim?.leaseUntil ?? null, claim?.carrierCallAt ?? null,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Claims up to `limit` queued messages due at `now` that no live lease holds and no dead letter parks: writes
   * `token` and `leaseUntil` on them and returns them (one statement; FOR UPDATE SKIP LOCKED inside, so concurrent
   * workers take disjoint rows). Without `tx` it commits by itself (else the caller commits at once): the claim is the
   * lease, not a held lock.
   */
  async claimDue(tx: TransactionHandle | undefined, now: Date, limit: number, token: string, leaseUntil: Date): Promise<OutboundMessage[]> {
    const [rows] = (await this.on(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET lease_token = $3, lease_until = $4, carrier_call_at = NULL WHERE message_id IN (
         SELECT message_id FROM ${this.schema.sql}.outbound_message
         WHERE status = 'queued' AND dead_lettered_at IS NULL AND next_attempt_at <= $1 AND lease_until IS NULL
         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, limit, token, leaseUntil],
    )) as [Row[], number];
    return rows.map(toMessage).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
  }

  /**
   * When the send queue next has work: the earliest `next_attempt_at` of a free queued row or `lease_until` of a
   * leased one (an expired lease is settled then), ignoring parked dead letters; with `reconcile`, also when an
   * unconfirmed row is next due for a carrier lookup (see {@link claimUnconfirmed}); null when nothing is due.
   */
  async nextDueAt(tx: TransactionHandle | undefined, reconcile?: { delayMs: number; maxLookups: number; now: Date }): Promise<Date | null> {
    const rows = (await this.on(tx).query(
      `SELECT min(due) AS due FROM (
         SELECT COALESCE(lease_until, next_attempt_at) AS due FROM ${this.schema.sql}.outbound_message WHERE status = 'queued' AND dead_lettered_at IS NULL
         UNION ALL
         SELECT GREATEST(COALESCE(lease_until, next_attempt_at), carrier_call_at + make_interval(secs => $1::double precision / 1000)) FROM ${this.schema.sql}.outbound_message
         WHERE $2::int > 0 AND status = 'unconfirmed' AND carrier_call_at IS NOT NULL AND handling_failures < $2::int
           AND carrier_call_at > $3::timestamptz - make_interval(secs => ${RECONCILE_HORIZON_MS / 1000})) d`,
      [reconcile?.delayMs ?? 0, reconcile?.maxLookups ?? 0, reconcile?.now ?? new Date(0)],
    )) as { due: Date | null }[];
    const due = rows[0]?.due;
    return due ? new Date(due) : null;
  }

  /** Claims the queued message of `commandId` (as {@link claimDue}) when it is due at `now` and free; else null. */
  async claimCommand(tx: TransactionHandle | undefined, commandId: string, now: Date, token: string, leaseUntil: Date): Promise<OutboundMessage | null> {
    const [rows] = (await this.on(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET lease_token = $3, lease_until = $4, carrier_call_at = NULL WHERE message_id IN (
         SELECT message_id FROM ${this.schema.sql}.outbound_message
         WHERE command_id = $1 AND status = 'queued' AND dead_lettered_at IS NULL AND next_attempt_at <= $2 AND lease_until IS NULL FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [commandId, now, token, leaseUntil],
    )) as [Row[], number];
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /**
   * Locks a message still claimed by `token` (queued; unconfirmed after its lease expired mid-call; or delivered/failed
   * when the carrier's delivery callback overtook the send's own answer): a late outcome of the same claim is still
   * recorded. Null when the claim was lost.
   */
  async lockClaimed(tx: TransactionHandle, messageId: string, token: string): Promise<OutboundMessage | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.schema.sql}.outbound_message WHERE message_id = $1 AND lease_token = $2 AND status IN ('queued','unconfirmed','delivered','failed') FOR UPDATE`,
      [messageId, token],
    )) as Row[];
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /**
   * Stamps that the carrier call of claim `token` may start at `at` (committed before the call): from now on an
   * expired lease means "maybe sent", never "send again".
   */
  async markCarrierCall(tx: TransactionHandle, messageId: string, token: string, at: Date): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.schema.sql}.outbound_message SET carrier_call_at = $3, updated_at = $3 WHERE message_id = $1 AND lease_token = $2`, [messageId, token, at]);
  }

  /**
   * Settles leases expired at `now`: a row whose carrier call had started becomes `unconfirmed` (reason
   * `lease_expired`, parked as a list-only dead letter; a delivery callback carrying its command id can still settle
   * it); a row whose call had not started is released (claimable again).
   * `expiredBefore` (default `now`): leases ending before it count as expired (later than `now` for a process that
   * knows it is the store's only one: leases taken before it started are a dead process's).
   * @returns the ids made unconfirmed.
   */
  async settleExpiredLeases(tx: TransactionHandle | undefined, now: Date, expiredBefore: Date = now): Promise<string[]> {
    // One statement (both updates see one snapshot and touch disjoint rows): without `tx` it commits by itself.
    const unconfirmed = (await this.on(tx).query(
      `WITH unconfirmed AS (
         UPDATE ${this.schema.sql}.outbound_message SET status = 'unconfirmed', reason = 'lease_expired', lease_until = NULL, dead_lettered_at = $1, updated_at = $1, next_attempt_at = $1, handling_failures = 0,
           last_error = 'lease expired during the carrier call: the text may or may not have been sent'
         WHERE status = 'queued' AND lease_until < $2 AND carrier_call_at IS NOT NULL RETURNING message_id),
       released AS (UPDATE ${this.schema.sql}.outbound_message SET ${RELEASE} WHERE status = 'queued' AND lease_until < $2 AND carrier_call_at IS NULL RETURNING message_id)
       SELECT message_id FROM unconfirmed`,
      [now, expiredBefore],
    )) as { message_id: string }[];
    return unconfirmed.map((r) => r.message_id);
  }

  /**
   * Claims up to `limit` `unconfirmed` rows to reconcile with the carrier: their carrier call started at least
   * `delayMs` before `now` and less than {@link RECONCILE_HORIZON_MS} ago, their next lookup is due (`next_attempt_at`), fewer than `maxLookups` lookups answered
   * `unknown` (counted in `handling_failures`, reset when the row became unconfirmed), and no live claim holds them.
   * Writes `token`/`leaseUntil` (the row stays `unconfirmed`; an expired reconcile lease is simply claimed again).
   * @returns the rows with the instant their carrier call started (UTC).
   */
  async claimUnconfirmed(tx: TransactionHandle | undefined, now: Date, limit: number, token: string, leaseUntil: Date, delayMs: number, maxLookups: number): Promise<{ m: OutboundMessage; carrierCallAt: Date }[]> {
    const [rows] = (await this.on(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET lease_token = $3, lease_until = $4 WHERE message_id IN (
         SELECT message_id FROM ${this.schema.sql}.outbound_message
         WHERE status = 'unconfirmed' AND carrier_call_at IS NOT NULL AND carrier_call_at <= $1::timestamptz - make_interval(secs => $5::double precision / 1000)
           AND carrier_call_at > $1::timestamptz - make_interval(secs => ${RECONCILE_HORIZON_MS / 1000})
           AND next_attempt_at <= $1 AND handling_failures < $6 AND (lease_until IS NULL OR lease_until < $1)
         ORDER BY carrier_call_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, limit, token, leaseUntil, delayMs, maxLookups],
    )) as [(Row & { carrier_call_at: Date })[], number];
    return rows.map((r) => ({ m: toMessage(r), carrierCallAt: new Date(r.carrier_call_at) }));
  }

  /**
   * The carrier had no answer about unconfirmed row `messageId` (claim `token`): one more lookup counted, the next at
   * `retryAt`; the row stays `unconfirmed` and listed. No-op when the claim was lost.
   */
  async recordLookupUnknown(tx: TransactionHandle, messageId: string, token: string, detail: string, at: Date, retryAt: Date): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET lease_token = NULL, lease_until = NULL, handling_failures = handling_failures + 1, next_attempt_at = $5, last_error = $3, updated_at = $4
       WHERE message_id = $1 AND lease_token = $2 AND status = 'unconfirmed'`,
      [messageId, token, detail.slice(0, 2000), at, retryAt],
    );
  }

  /**
   * Records a failed handling of claim `token` (an error of ours, not the carrier's answer) with its error text:
   * `retryAt` puts the row back for then, else it is parked (`dead_lettered_at`); `unconfirmed` when the carrier call
   * had started (parked, never re-sent). No-op when the claim was lost.
   */
  async recordHandlingFailure(tx: TransactionHandle, messageId: string, token: string, error: string, at: Date, next: { retryAt: Date } | 'dead_letter' | 'unconfirmed'): Promise<void> {
    const set =
      next === 'unconfirmed'
        ? `status = 'unconfirmed', reason = 'handling_failed', lease_until = NULL, dead_lettered_at = $4`
        : next === 'dead_letter'
          ? `${RELEASE}, dead_lettered_at = $4`
          : RELEASE;
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET ${set}, next_attempt_at = COALESCE($5::timestamptz, next_attempt_at), handling_failures = ${next === 'unconfirmed' ? '0' : 'handling_failures + 1'}, last_error = $3, updated_at = $4
       WHERE message_id = $1 AND lease_token = $2 AND status = 'queued'`,
      [messageId, token, error, at, typeof next === 'object' ? next.retryAt : null],
    );
  }

  /**
   * Records the carrier's acceptance of claim `token`'s call, if the row still carries that claim (as
   * {@link lockClaimed}: queued, unconfirmed, or delivered/failed by a callback that overtook the answer, whose status
   * is kept), in one statement: the row's lock, check and write together.
   * @returns the row as written, or null when the claim was lost (nothing changed).
   */
  async markSentIfClaimed(tx: TransactionHandle, messageId: string, token: string, s: { provider: string; providerMessageId: string; segments: number; encoding: string; from: string; at: Date }): Promise<OutboundMessage | null> {
    const [rows] = (await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET status = CASE WHEN status IN ('delivered','failed') THEN status ELSE 'sent' END, provider = $2, provider_message_id = $3, segments = $4, encoding = $5, from_e164 = $6, sent_at = $7, attempts = attempts + 1, updated_at = $7,
         ${RELEASE}, dead_lettered_at = NULL, last_error = NULL WHERE message_id = $1 AND lease_token = $8 AND status IN ('queued','unconfirmed','delivered','failed')
       RETURNING *`,
      [messageId, s.provider, s.providerMessageId, s.segments, s.encoding, s.from, s.at, token],
    )) as [Row[], number];
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /**
   * Puts a message back in the queue for `nextAttemptAt` (retry, quiet hours, rate limit). Also for a claim whose
   * lease expired mid-call (`unconfirmed`) when the late answer says the carrier did not take the text (429/5xx).
   */
  async reschedule(tx: TransactionHandle, messageId: string, nextAttemptAt: Date, countAttempt: boolean, reason: string | null, at: Date): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET next_attempt_at = $2, attempts = attempts + $3, reason = $4, updated_at = $5, ${RELEASE},
         status = 'queued', dead_lettered_at = NULL, last_error = NULL WHERE message_id = $1`,
      [messageId, nextAttemptAt, countAttempt ? 1 : 0, reason, at],
    );
  }

  /** Ends a message in `status` with `reason` (and the carrier error code when there is one). */
  async finish(tx: TransactionHandle, messageId: string, status: OutboundStatus, reason: string | null, errorCode: string | null, at: Date): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET status = $2, reason = $3, error_code = COALESCE($4, error_code), updated_at = $5,
         ${RELEASE}, dead_lettered_at = NULL WHERE message_id = $1`,
      [messageId, status, reason, errorCode, at],
    );
  }

  /**
   * Cancels every queued text to `to` within the opt-out's reach (`locationIds`), except keyword replies and texts
   * whose carrier call has started (the carrier has them; their outcome is recorded as for any other).
   * @returns the cancelled message ids.
   */
  async cancelQueuedTo(tx: TransactionHandle, to: string, locationIds: string[] | 'all', sendingNumber: string | null, at: Date): Promise<string[]> {
    // TypeORM answers UPDATE with [rows, affected count].
    const [rows] = (await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET status = 'cancelled', reason = 'opted_out', updated_at = $2, ${RELEASE}
       WHERE status = 'queued' AND carrier_call_at IS NULL AND to_e164 = $1 AND purpose <> 'keyword_reply'
         AND ($3::uuid[] IS NULL OR location_id = ANY($3::uuid[])) AND ($4::text IS NULL OR from_e164 IS NULL OR from_e164 = $4)
       RETURNING message_id`,
      [to, at, locationIds === 'all' ? null : locationIds, sendingNumber],
    )) as [{ message_id: string }[], number];
    return rows.map((r) => r.message_id);
  }

  /**
   * Automated texts to `to` from `locationId` created since `since` that were not refused (the hourly cap counts these),
   * keyword replies included: HELP and START answers are texts like any other for the cap.
   */
  async countAutomatedSince(tx: TransactionHandle, locationId: string, to: string, since: Date): Promise<number> {
    const rows = (await entityManagerOf(tx).query(`SELECT (${automatedRecentCountSql(this.schema.sql, '$1', '$2', '$3')}) AS n`, [locationId, to, since])) as { n: number }[];
    return rows[0]?.n ?? 0;
  }

  /** When the latest compliance reply of `kind` to `to` from `locationId` that was not refused was created; null if none. */
  async lastComplianceReply(tx: TransactionHandle, locationId: string, to: string, kind: OutboundMessage['complianceKind']): Promise<Date | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT max(created_at) AS at FROM ${this.schema.sql}.outbound_message
       WHERE location_id = $1 AND to_e164 = $2 AND compliance_kind = $3 AND status IN ('queued','sent','delivered','failed','unconfirmed')`,
      [locationId, to, kind],
    )) as { at: Date | null }[];
    return rows[0]?.at ?? null;
  }

  /**
   * Serializes compliance replies to one recipient of one location until the transaction ends (a transaction-scoped
   * advisory lock): two STOPs processed at once cannot both see "no confirmation yet".
   */
  async lockRecipient(tx: TransactionHandle, locationId: string, to: string): Promise<void> {
    await entityManagerOf(tx).query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`send-decision:${locationId}:${to}`]);
  }

  /** True when a confirmation of consent-ledger entry `consentId` is queued or went out already. */
  async hasConfirmation(tx: TransactionHandle, consentId: string): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT 1 FROM ${this.schema.sql}.outbound_message WHERE consent_id = $1 AND status IN ('queued','sent','delivered','failed','unconfirmed') LIMIT 1`,
      [consentId],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * A delivery callback's write in one statement: finds the message the carrier knows as `providerMessageId` (or by
   * our command id carried in the tag), locks it, sets its status as {@link setDeliveryStatus} does, and, when
   * `processed` is given, marks that stored callback (`inbound_callback`) processed with `processed.outcome`, or with
   * `unknown_message` when no message matched.
   * @returns the message as it now is, or null when none matched.
   */
  async applyDeliveryStatus(
    tx: TransactionHandle,
    callback: { providerMessageId: string; tag: string | undefined; provider: string },
    change: { status: 'delivered' | 'failed'; reason: string | null; errorCode: string | null; at: Date },
    processed?: { callbackId: string; outcome: string; at: Date },
  ): Promise<OutboundMessage | null> {
    const tagIsUuid = callback.tag !== undefined && /^[0-9a-f-]{36}$/i.test(callback.tag);
    const s = this.schema.sql;
    const rows = (await entityManagerOf(tx).query(
      `WITH target AS MATERIALIZED (
         SELECT message_id FROM ${s}.outbound_message WHERE provider_message_id = $1 OR ($2::uuid IS NOT NULL AND command_id = $2::uuid) LIMIT 1 FOR UPDATE),
       changed AS (
         UPDATE ${s}.outbound_message o SET status = $3, reason = COALESCE($4, o.reason), error_code = $5, updated_at = $6,
           provider = COALESCE(o.provider, $7), provider_message_id = COALESCE(o.provider_message_id, $1), lease_until = NULL, dead_lettered_at = NULL
         FROM target WHERE o.message_id = target.message_id RETURNING o.*),
       marked AS (
         UPDATE ${s}.inbound_callback SET processed_at = $9, outcome = CASE WHEN EXISTS (SELECT 1 FROM changed) THEN $10 ELSE 'unknown_message' END
         WHERE $8::uuid IS NOT NULL AND callback_id = $8::uuid)
       SELECT * FROM changed`,
      [
        callback.providerMessageId,
        tagIsUuid ? callback.tag : null,
        change.status,
        change.reason,
        change.errorCode,
        change.at,
        callback.provider,
        processed?.callbackId ?? null,
        processed?.at ?? null,
        processed?.outcome ?? null,
      ],
    )) as Row[];
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /** The message the carrier knows as `providerMessageId`, or by our command id carried in the tag. */
  async findForCallback(tx: TransactionHandle, providerMessageId: string, tag: string | undefined): Promise<OutboundMessage | null> {
    const tagIsUuid = tag !== undefined && /^[0-9a-f-]{36}$/i.test(tag);
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.schema.sql}.outbound_message WHERE provider_message_id = $1 OR ($2::uuid IS NOT NULL AND command_id = $2::uuid) LIMIT 1 FOR UPDATE`,
      [providerMessageId, tagIsUuid ? tag : null],
    )) as Row[];
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /**
   * Sets the status from a delivery callback (delivered/failed) with the carrier error code. `carrier` fills the
   * provider and its message id when the row does not have them yet (the process died between the carrier's
   * acceptance and our commit; the callback found the row by the command id it carried), which also takes the row
   * out of the queue so it is not sent again. The claim's token stays: a callback can overtake the send's own answer
   * (the carrier calls back before our outcome commits), and that outcome must still be recorded with its event.
   */
  async setDeliveryStatus(tx: TransactionHandle, messageId: string, status: 'delivered' | 'failed', reason: string | null, errorCode: string | null, at: Date, carrier?: { provider: string; providerMessageId: string }): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET status = $2, reason = COALESCE($3, reason), error_code = $4, updated_at = $5,
         provider = COALESCE(provider, $6), provider_message_id = COALESCE(provider_message_id, $7), lease_until = NULL, dead_lettered_at = NULL WHERE message_id = $1`,
      [messageId, status, reason, errorCode, at, carrier?.provider ?? null, carrier?.providerMessageId ?? null],
    );
  }
}
