import { Injectable } from '@nestjs/common';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { MessagingSchema } from '../shared/messaging-schema';

/** A stored first-text decision (one per call). */
export interface FirstTextDecisionRow {
  callId: string;
  tenantId: string;
  locationId: string;
  callerE164: string | null;
  outcome: 'sent' | 'suppressed' | 'deferred';
  reason: string | null;
  detail: string | null;
  commandId: string | null;
  decidedAt: Date;
}

/** SQL of first-text claims and decisions. */
@Injectable()
export class FirstTextRepository {
  constructor(private readonly schema: MessagingSchema) {}

  /**
   * Claims the caller's first-text slot at `locationId` for the cooldown window: succeeds when no claim exists or
   * the last one is at least `cooldownMinutes` older than `at`. The primary key (location_id, caller_e164) and the
   * conditional upsert serialize concurrent claims in PostgreSQL, so exactly one wins per window; a loser's
   * repeat call is counted on the claim.
   * @returns true when this call holds the slot.
   */
  async claimSlot(tx: TransactionHandle, locationId: string, callerE164: string, callId: string, at: Date, cooldownMinutes: number): Promise<boolean> {
    const m = entityManagerOf(tx);
    const rows = (await m.query(
      `INSERT INTO ${this.schema.sql}.first_text_claim (location_id, caller_e164, call_id, claimed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT pk_first_text_claim DO UPDATE SET call_id = EXCLUDED.call_id, claimed_at = EXCLUDED.claimed_at, repeat_calls = 0
       WHERE ${this.schema.sql}.first_text_claim.claimed_at <= EXCLUDED.claimed_at - make_interval(mins => $5::int)
       RETURNING call_id`,
      [locationId, callerE164, callId, at, cooldownMinutes],
    )) as unknown[];
    if (rows.length > 0) return true;
    await m.query(`UPDATE ${this.schema.sql}.first_text_claim SET repeat_calls = repeat_calls + 1 WHERE location_id = $1 AND caller_e164 = $2`, [locationId, callerE164]);
    return false;
  }

  /**
   * The call whose story a text from `callerE164` to `locationId` continues: the call holding the
   * caller's first-text claim (the latest missed call that was considered for a first text), or
   * null when the caller never missed a call there. Used as the correlation id of inbound texts,
   * so a reply joins the missed call's story (lead timeline, reply rate, tracking source).
   */
  async storyOf(tx: TransactionHandle, locationId: string, callerE164: string): Promise<string | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT call_id::text AS call_id FROM ${this.schema.sql}.first_text_claim WHERE location_id = $1 AND caller_e164 = $2`, [locationId, callerE164])) as Array<{ call_id: string }>;
    return rows[0]?.call_id ?? null;
  }

  /**
   * Stores the decision of a call unless one exists (a redelivered or re-emitted missed call).
   * @returns true when stored.
   */
  async insertDecision(tx: TransactionHandle, d: FirstTextDecisionRow): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.first_text_decision (call_id, tenant_id, location_id, caller_e164, outcome, reason, detail, command_id, decided_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT ON CONSTRAINT pk_first_text_decision DO NOTHING RETURNING call_id`,
      [d.callId, d.tenantId, d.locationId, d.callerE164, d.outcome, d.reason, d.detail, d.commandId, d.decidedAt],
    )) as unknown[];
    return rows.length > 0;
  }

  /** True when the call already has a decision. */
  async hasDecision(tx: TransactionHandle, callId: string): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(`SELECT 1 FROM ${this.schema.sql}.first_text_decision WHERE call_id = $1`, [callId])) as unknown[];
    return rows.length > 0;
  }
}
