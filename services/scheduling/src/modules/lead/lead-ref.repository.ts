import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';

/** A caller's lead at a location as lead-crm last published it. `eventTime` is the lead event's `time`. */
export interface LeadRef {
  tenantId: string;
  locationId: string;
  callerE164: string;
  leadId: string;
  stage: string;
  eventTime: Date;
}

/** Lead stages after which lead-crm opens a new lead for the caller's next contact. */
export const CLOSED_LEAD_STAGES = ['won', 'lost'];

/**
 * SQL of `lead_ref`: scheduling's read model of the caller's current lead per location (from
 * `crm.lead.created/updated/stage-changed.v1`; lead-crm owns leads and assigns their ids), and
 * the back-fill of that lead id onto scheduling's still-active records of the caller.
 */
@Injectable()
export class LeadRefRepository {
  private readonly s: string;

  constructor(@Inject(SERVICE_DEFINITION) definition: ServiceDefinition) {
    this.s = quoteSchema(definition.schema);
  }

  /**
   * Stores `ref` as the caller's lead unless a newer lead event was already applied (events of different lead topics
   * can arrive out of order) and, when it stored `ref` and the lead is open (not won or lost), names that lead on the
   * caller's records that were created before it was known and can still publish events: open offers, confirmed
   * bookings, paging dispatches, active cadences. One statement (one round trip, not five): the UPDATEs are
   * data-modifying CTEs, which run to completion whether or not the final SELECT reads them, and touch other tables
   * than `lead_ref`, so sharing the INSERT's snapshot changes nothing they see.
   * @returns whether `ref` was stored, and how many records got its lead id.
   */
  async recordAndAttach(tx: TransactionHandle, ref: LeadRef): Promise<{ stored: boolean; attached: number }> {
    const attach = `tenant_id = $3 AND location_id = $1 AND caller_e164 = $2 AND lead_id IS NULL AND EXISTS (SELECT 1 FROM r) AND NOT ($5::text = ANY ($7::text[]))`;
    const updates = [
      `UPDATE ${this.s}.booking_offer SET lead_id = $4 WHERE ${attach} AND status = 'open' RETURNING 1`,
      `UPDATE ${this.s}.booking SET lead_id = $4 WHERE ${attach} AND status = 'confirmed' RETURNING 1`,
      `UPDATE ${this.s}.dispatch SET lead_id = $4 WHERE ${attach} AND status = 'paging' RETURNING 1`,
      `UPDATE ${this.s}.follow_up_cadence SET lead_id = $4 WHERE ${attach} AND status = 'active' RETURNING 1`,
    ];
    const rows = (await entityManagerOf(tx).query(
      `WITH r AS (
         INSERT INTO ${this.s}.lead_ref AS x (location_id, caller_e164, tenant_id, lead_id, stage, event_time) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (location_id, caller_e164) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, lead_id = EXCLUDED.lead_id, stage = EXCLUDED.stage, event_time = EXCLUDED.event_time
         WHERE x.event_time <= EXCLUDED.event_time RETURNING lead_id
       ), ${updates.map((sql, i) => `a${i} AS (${sql})`).join(', ')}
       SELECT (SELECT count(*) FROM r)::int AS stored, (${updates.map((_, i) => `(SELECT count(*) FROM a${i})`).join(' + ')})::int AS attached`,
      [ref.locationId, ref.callerE164, ref.tenantId, ref.leadId, ref.stage, ref.eventTime, CLOSED_LEAD_STAGES],
    )) as { stored: number; attached: number }[];
    return { stored: rows[0]!.stored === 1, attached: rows[0]!.attached };
  }

  /** The caller's open lead at the location (null when none is known yet, or it is won/lost). */
  async openLeadId(tx: TransactionHandle, tenantId: string, locationId: string, callerE164: string): Promise<string | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT lead_id FROM ${this.s}.lead_ref WHERE tenant_id = $1 AND location_id = $2 AND caller_e164 = $3 AND stage <> ALL($4::text[])`,
      [tenantId, locationId, callerE164, CLOSED_LEAD_STAGES],
    )) as { lead_id: string }[];
    return rows[0]?.lead_id ?? null;
  }
}
