import { Injectable } from '@nestjs/common';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { MessagingSchema } from '../shared/messaging-schema';
import { type OutboundMessage, type OutboundStatus } from './outbound-message.types';

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
}

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
  };
}

/** SQL of the durable send queue and message log (`outbound_message`). Instants are bound as parameters (the injected clock), never `now()`. */
@Injectable()
export class OutboundMessageRepository {
  constructor(private readonly schema: MessagingSchema) {}

  /**
   * Inserts a message unless its `commandId` exists (the send's idempotency key).
   * @returns true when inserted; false for a duplicate command.
   */
  async insert(tx: TransactionHandle, m: OutboundMessage): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.outbound_message (message_id, command_id, tenant_id, location_id, correlation_id, causation_id, to_e164, from_e164, body, purpose, automated, requested_by,
         status, reason, attempts, next_attempt_at, expires_at, created_at, updated_at, compliance_kind, consent_id, producer)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,0,$15,$16,$17,$17,$18,$19,$20)
       ON CONFLICT ON CONSTRAINT uq_outbound_message_command DO NOTHING RETURNING message_id`,
      [
        m.messageId, m.commandId, m.tenantId, m.locationId, m.correlationId, m.causationId, m.to, m.from, m.body, m.purpose, m.automated, m.requestedBy,
        m.status, m.reason, m.nextAttemptAt, m.expiresAt, m.createdAt, m.complianceKind, m.consentId, m.producer,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Locks up to `limit` queued messages due at `now` (FOR UPDATE SKIP LOCKED: concurrent workers take disjoint rows). */
  async claimDue(tx: TransactionHandle, now: Date, limit: number): Promise<OutboundMessage[]> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.schema.sql}.outbound_message WHERE status = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    )) as Row[];
    return rows.map(toMessage);
  }

  /** Locks the queued message of `commandId` when it is due at `now` and no other worker holds it; else null. */
  /** When the earliest queued message is due (`next_attempt_at`), or null when none is queued. */
  async nextDueAt(tx: TransactionHandle): Promise<Date | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT min(next_attempt_at) AS due FROM ${this.schema.sql}.outbound_message WHERE status = 'queued'`)) as { due: Date | null }[];
    const due = rows[0]?.due;
    return due ? new Date(due) : null;
  }

  async claimCommand(tx: TransactionHandle, commandId: string, now: Date): Promise<OutboundMessage | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.schema.sql}.outbound_message WHERE command_id = $1 AND status = 'queued' AND next_attempt_at <= $2 FOR UPDATE SKIP LOCKED`,
      [commandId, now],
    )) as Row[];
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /** Records the carrier's acceptance. */
  async markSent(tx: TransactionHandle, messageId: string, s: { provider: string; providerMessageId: string; segments: number; encoding: string; from: string; at: Date }): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET status = 'sent', provider = $2, provider_message_id = $3, segments = $4, encoding = $5, from_e164 = $6, sent_at = $7, attempts = attempts + 1, updated_at = $7 WHERE message_id = $1`,
      [messageId, s.provider, s.providerMessageId, s.segments, s.encoding, s.from, s.at],
    );
  }

  /** Puts a message back in the queue for `nextAttemptAt` (retry, quiet hours, rate limit). */
  async reschedule(tx: TransactionHandle, messageId: string, nextAttemptAt: Date, countAttempt: boolean, reason: string | null, at: Date): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET next_attempt_at = $2, attempts = attempts + $3, reason = $4, updated_at = $5 WHERE message_id = $1`,
      [messageId, nextAttemptAt, countAttempt ? 1 : 0, reason, at],
    );
  }

  /** Ends a message in `status` with `reason` (and the carrier error code when there is one). */
  async finish(tx: TransactionHandle, messageId: string, status: OutboundStatus, reason: string | null, errorCode: string | null, at: Date): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET status = $2, reason = $3, error_code = COALESCE($4, error_code), updated_at = $5 WHERE message_id = $1`,
      [messageId, status, reason, errorCode, at],
    );
  }

  /**
   * Cancels every queued text to `to` within the opt-out's reach (`locationIds`), except keyword replies.
   * @returns the cancelled message ids.
   */
  async cancelQueuedTo(tx: TransactionHandle, to: string, locationIds: string[] | 'all', sendingNumber: string | null, at: Date): Promise<string[]> {
    // TypeORM answers UPDATE with [rows, affected count].
    const [rows] = (await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET status = 'cancelled', reason = 'opted_out', updated_at = $2
       WHERE status = 'queued' AND to_e164 = $1 AND purpose <> 'keyword_reply'
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
    const rows = (await entityManagerOf(tx).query(
      `SELECT count(*)::int AS n FROM ${this.schema.sql}.outbound_message WHERE location_id = $1 AND to_e164 = $2 AND automated AND created_at >= $3 AND status IN ('queued','sent','delivered','failed')`,
      [locationId, to, since],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }

  /** When the latest compliance reply of `kind` to `to` from `locationId` that was not refused was created; null if none. */
  async lastComplianceReply(tx: TransactionHandle, locationId: string, to: string, kind: OutboundMessage['complianceKind']): Promise<Date | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT max(created_at) AS at FROM ${this.schema.sql}.outbound_message
       WHERE location_id = $1 AND to_e164 = $2 AND compliance_kind = $3 AND status IN ('queued','sent','delivered','failed')`,
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
      `SELECT 1 FROM ${this.schema.sql}.outbound_message WHERE consent_id = $1 AND status IN ('queued','sent','delivered','failed') LIMIT 1`,
      [consentId],
    )) as unknown[];
    return rows.length > 0;
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
   * out of the queue so it is not sent again.
   */
  async setDeliveryStatus(tx: TransactionHandle, messageId: string, status: 'delivered' | 'failed', reason: string | null, errorCode: string | null, at: Date, carrier?: { provider: string; providerMessageId: string }): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.outbound_message SET status = $2, reason = COALESCE($3, reason), error_code = $4, updated_at = $5,
         provider = COALESCE(provider, $6), provider_message_id = COALESCE(provider_message_id, $7) WHERE message_id = $1`,
      [messageId, status, reason, errorCode, at, carrier?.provider ?? null, carrier?.providerMessageId ?? null],
    );
  }
}
