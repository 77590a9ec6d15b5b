import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { returnedRows } from '../shared/returned-rows.util';

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
const CLOSED_STAGES = ['won', 'lost'];

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
   * Stores `ref` as the caller's lead unless a newer lead event was already applied (events of
   * different lead topics can arrive out of order). @returns true when stored.
   */
  async record(tx: TransactionHandle, ref: LeadRef): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.s}.lead_ref AS r (location_id, caller_e164, tenant_id, lead_id, stage, event_time) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (location_id, caller_e164) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, lead_id = EXCLUDED.lead_id, stage = EXCLUDED.stage, event_time = EXCLUDED.event_time
       WHERE r.event_time <= EXCLUDED.event_time RETURNING lead_id`,
      [ref.locationId, ref.callerE164, ref.tenantId, ref.leadId, ref.stage, ref.eventTime],
    )) as unknown[];
    return rows.length === 1;
  }

  /** The caller's open lead at the location (null when none is known yet, or it is won/lost). */
  async openLeadId(tx: TransactionHandle, tenantId: string, locationId: string, callerE164: string): Promise<string | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT lead_id FROM ${this.s}.lead_ref WHERE tenant_id = $1 AND location_id = $2 AND caller_e164 = $3 AND stage <> ALL($4::text[])`,
      [tenantId, locationId, callerE164, CLOSED_STAGES],
    )) as { lead_id: string }[];
    return rows[0]?.lead_id ?? null;
  }

  /**
   * Names `leadId` on the caller's records that were created before the lead was known and can
   * still publish events: open offers, confirmed bookings, paging dispatches, active cadences.
   * @returns how many rows were updated.
   */
  async attachToActive(tx: TransactionHandle, tenantId: string, locationId: string, callerE164: string, leadId: string): Promise<number> {
    const m = entityManagerOf(tx);
    const params = [tenantId, locationId, callerE164, leadId];
    const where = `tenant_id = $1 AND location_id = $2 AND caller_e164 = $3 AND lead_id IS NULL`;
    let n = 0;
    for (const sql of [
      `UPDATE ${this.s}.booking_offer SET lead_id = $4 WHERE ${where} AND status = 'open' RETURNING 1`,
      `UPDATE ${this.s}.booking SET lead_id = $4 WHERE ${where} AND status = 'confirmed' RETURNING 1`,
      `UPDATE ${this.s}.dispatch SET lead_id = $4 WHERE ${where} AND status = 'paging' RETURNING 1`,
      `UPDATE ${this.s}.follow_up_cadence SET lead_id = $4 WHERE ${where} AND status = 'active' RETURNING 1`,
    ])
      n += returnedRows(await m.query(sql, params)).length;
    return n;
  }
}
