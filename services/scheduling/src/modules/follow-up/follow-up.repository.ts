import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { CLOSED_LEAD_STAGES } from '../lead/lead-ref.repository';
import { returnedRows } from '../shared/returned-rows.util';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';

/** `leadId` of {@link FollowUpRepository.insertActive}: the caller's open lead as `lead_ref` holds it, read in SQL. */
export const CALLER_OPEN_LEAD = 'caller_open_lead' as const;

/** Why a cadence runs: the caller never replied to the first text, or engaged but did not book. */
export type CadenceKind = 'no_reply' | 'not_booked';

/** A follow-up cadence of one caller at one location. */
export interface FollowUpCadence {
  cadenceId: string;
  tenantId: string;
  locationId: string;
  callerE164: string;
  leadId: string | null;
  correlationId: string;
  kind: CadenceKind;
  nextStep: number;
  status: 'active' | 'stopped' | 'completed';
}

interface CadenceRow {
  cadence_id: string;
  tenant_id: string;
  location_id: string;
  caller_e164: string;
  lead_id: string | null;
  correlation_id: string;
  kind: CadenceKind;
  next_step: number;
  status: FollowUpCadence['status'];
}

const toCadence = (r: CadenceRow): FollowUpCadence => ({ cadenceId: r.cadence_id, tenantId: r.tenant_id, locationId: r.location_id, callerE164: r.caller_e164, leadId: r.lead_id, correlationId: r.correlation_id, kind: r.kind, nextStep: r.next_step, status: r.status });

/** SQL of `follow_up_cadence` (at most one active cadence per caller and location). */
@Injectable()
export class FollowUpRepository {
  private readonly s: string;

  constructor(@Inject(SERVICE_DEFINITION) definition: ServiceDefinition) {
    this.s = quoteSchema(definition.schema);
  }

  /**
   * Starts a cadence unless the caller already has an active one. `leadId` {@link CALLER_OPEN_LEAD}: the caller's open
   * lead at the location as scheduling last learned it (`lead_ref`, null when none is known or it is won/lost), read
   * by the INSERT itself (one round trip, not two). @returns the new cadence id, or null.
   */
  async insertActive(tx: TransactionHandle, c: Omit<FollowUpCadence, 'cadenceId' | 'nextStep' | 'status' | 'leadId'> & { leadId: string | null | typeof CALLER_OPEN_LEAD }, startedAt: Date): Promise<string | null> {
    const lead =
      c.leadId === CALLER_OPEN_LEAD
        ? `COALESCE($5::uuid, (SELECT lead_id FROM ${this.s}.lead_ref WHERE tenant_id = $2 AND location_id = $3 AND caller_e164 = $4 AND stage <> ALL ($9::text[])))`
        : '$5::uuid';
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.s}.follow_up_cadence (cadence_id, tenant_id, location_id, caller_e164, lead_id, correlation_id, kind, started_at) VALUES ($1, $2, $3, $4, ${lead}, $6, $7, $8)
       ON CONFLICT (location_id, caller_e164) WHERE status = 'active' DO NOTHING RETURNING cadence_id`,
      [randomUUID(), c.tenantId, c.locationId, c.callerE164, c.leadId === CALLER_OPEN_LEAD ? null : c.leadId, c.correlationId, c.kind, startedAt, ...(c.leadId === CALLER_OPEN_LEAD ? [CLOSED_LEAD_STAGES] : [])],
    )) as { cadence_id: string }[];
    return rows[0]?.cadence_id ?? null;
  }

  /** A cadence by id, locked; null when unknown. */
  async lock(tx: TransactionHandle, cadenceId: string): Promise<FollowUpCadence | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.s}.follow_up_cadence WHERE cadence_id = $1 FOR UPDATE`, [cadenceId])) as CadenceRow[];
    return rows[0] ? toCadence(rows[0]) : null;
  }

  /** Stops the active cadences of a caller (in one location, or all of a tenant's). @returns the stopped cadence ids. */
  async stopActive(tx: TransactionHandle, scope: { tenantId: string; locationId?: string }, callerE164: string, reason: string, at: Date): Promise<string[]> {
    const rows = returnedRows<{ cadence_id: string }>(
      await entityManagerOf(tx).query(
      `UPDATE ${this.s}.follow_up_cadence SET status = 'stopped', stop_reason = $4, stopped_at = $5
       WHERE tenant_id = $1 AND ($2::uuid IS NULL OR location_id = $2) AND caller_e164 = $3 AND status = 'active' RETURNING cadence_id`,
      [scope.tenantId, scope.locationId ?? null, callerE164, reason, at],
    ),
    );
    return rows.map((r) => r.cadence_id);
  }

  /** Records the next step to send. */
  async setNextStep(tx: TransactionHandle, cadenceId: string, nextStep: number): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.follow_up_cadence SET next_step = $2 WHERE cadence_id = $1`, [cadenceId, nextStep]);
  }

  /** Marks a cadence completed (every step sent). */
  async complete(tx: TransactionHandle, cadenceId: string, at: Date): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.follow_up_cadence SET status = 'completed', stopped_at = $2 WHERE cadence_id = $1`, [cadenceId, at]);
  }
}
