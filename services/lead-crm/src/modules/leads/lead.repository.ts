import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type LeadStage, type Urgency } from '@textback/contracts';
import { entityManagerOf, quoteSchema, type TransactionContext } from '@textback/persistence';
import { CRM_SCHEMA } from '../../database/crm-schema.constants';
import { type CrmScope } from '../auth/crm-scope.types';
import { scopeCondition } from '../auth/scope-sql.util';
import { type LeadPatch, type LeadRecord, type LeadSource } from './lead.types';
import { type NewTimelineEntry, timelineInsertParams, timelineInsertSql } from './timeline.repository';

/** Filters of the lead list. `from`/`to` bound `created_at` (UTC instants, `to` exclusive). */
export interface LeadListFilter {
  locationId?: string;
  stage?: LeadStage;
  urgency?: Urgency;
  from?: Date;
  to?: Date;
  /** Position after which to continue: the last lead of the previous page. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

const COLUMNS: Record<keyof LeadPatch, string> = {
  stage: 'stage',
  missedCallReason: 'missed_call_reason',
  intent: 'intent',
  urgency: 'urgency',
  serviceId: 'service_id',
  estimatedValueCents: 'estimated_value_cents',
  actualValueCents: 'actual_value_cents',
  lostReason: 'lost_reason',
  takenOverBy: 'taken_over_by',
  takenOverAt: 'taken_over_at',
  closedAt: 'closed_at',
  trackingSource: 'tracking_source',
  callId: 'call_id',
};

/**
 * Leads, contacts and the location facts events need. Methods used by consumers take the
 * tenant id from the event envelope; methods used by the API take the caller's {@link CrmScope}
 * and return nothing outside it (the API answers 404).
 */
@Injectable()
export class LeadRepository {
  private readonly s: string;

  constructor(@Inject(CRM_SCHEMA) schema: string) {
    this.s = quoteSchema(schema);
  }

  /** True when `locationId` is a location of `tenantId` in this CRM. */
  async locationOfTenant(tx: TransactionContext, tenantId: string, locationId: string): Promise<boolean> {
    const rows = (await entityManagerOf(tx.handle).query(`SELECT 1 FROM ${this.s}.locations WHERE id = $1 AND tenant_id = $2`, [locationId, tenantId])) as unknown[];
    return rows.length > 0;
  }

  /** Average ticket (cents) of a service at a location, or null when the service is unknown. */
  async averageTicketCents(tx: TransactionContext, locationId: string, serviceId: string): Promise<number | null> {
    const rows = (await entityManagerOf(tx.handle).query(`SELECT average_ticket_cents FROM ${this.s}.location_services WHERE location_id = $1 AND service_id = $2`, [locationId, serviceId])) as {
      average_ticket_cents: number;
    }[];
    return rows[0]?.average_ticket_cents ?? null;
  }

  /**
   * The contact of `e164` in `tenantId`, created when new. The upsert locks the contact row
   * until the transaction ends, so events about one caller arriving on different topics at the
   * same time are applied one after the other (no two open leads for one story).
   * @returns the contact id.
   */
  async upsertContact(tx: TransactionContext, tenantId: string, e164: string): Promise<string> {
    const rows = (await entityManagerOf(tx.handle).query(
      `INSERT INTO ${this.s}.contacts (id, tenant_id, e164) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, e164) DO UPDATE SET updated_at = ${this.s}.contacts.updated_at RETURNING id`,
      [randomUUID(), tenantId, e164],
    )) as { id: string }[];
    return rows[0]!.id;
  }

  /** Records an opt-out (true) or opt-in (false) of a contact, unless a later change is already recorded. */
  async setConsent(tx: TransactionContext, tenantId: string, e164: string, optedOut: boolean, at: Date): Promise<void> {
    await entityManagerOf(tx.handle).query(
      `UPDATE ${this.s}.contacts SET opted_out = $3, consent_changed_at = $4, updated_at = now()
       WHERE tenant_id = $1 AND e164 = $2 AND (consent_changed_at IS NULL OR consent_changed_at <= $4)`,
      [tenantId, e164, optedOut, at],
    );
  }

  /**
   * The contact's current lead at the location, in one statement: the newest lead that is not won or lost, else the
   * newest lead (closed), else null. The row returned is locked for update (a closed one too, harmlessly: closed leads
   * change only through the API). `open` tells which of the two it is.
   */
  async findCurrentLead(tx: TransactionContext, tenantId: string, locationId: string, contactId: string): Promise<{ lead: LeadRecord; open: boolean } | null> {
    const rows = (await entityManagerOf(tx.handle).query(`${this.selectLead()} WHERE ${CURRENT_LEAD}`, [tenantId, locationId, contactId])) as Record<string, unknown>[];
    return currentOf(rows[0]);
  }

  /**
   * {@link findCurrentLead}, and `entry` appended to the timeline with that lead's id (null when there is none), in one
   * statement: for an event that opens no lead, whose timeline entry belongs to the current lead whatever it is. The
   * lead's lock is taken before the entry is written (the INSERT reads the locking CTE). A no-op append when an entry
   * of the same source event exists, as {@link TimelineRepository.append}.
   */
  async findCurrentLeadAppending(tx: TransactionContext, tenantId: string, locationId: string, contactId: string, entry: Omit<NewTimelineEntry, 'leadId'>): Promise<{ lead: LeadRecord; open: boolean } | null> {
    const rows = (await entityManagerOf(tx.handle).query(
      `WITH cur AS (${this.selectLead()} WHERE ${CURRENT_LEAD}), appended AS (${timelineInsertSql(this.s, 4, '(SELECT id FROM cur)')})
       SELECT * FROM cur`,
      [tenantId, locationId, contactId, ...timelineInsertParams(entry)],
    )) as Record<string, unknown>[];
    return currentOf(rows[0]);
  }

  /**
   * Opens a lead at stage `new` and, when `entry` is given, appends it to the timeline with the new lead's id, in one
   * statement (the append is a no-op when an entry of the same source event exists, as {@link TimelineRepository.append}).
   * @returns the lead.
   */
  async insertLead(
    tx: TransactionContext,
    lead: { tenantId: string; locationId: string; contactId: string; source: LeadSource; createdAt: Date } & LeadPatch,
    entry?: Omit<NewTimelineEntry, 'leadId'>,
  ): Promise<LeadRecord> {
    const id = randomUUID();
    const params = [id, lead.tenantId, lead.locationId, lead.contactId, lead.source, lead.trackingSource ?? null, lead.missedCallReason ?? null, lead.callId ?? null, lead.createdAt];
    const rows = (await entityManagerOf(tx.handle).query(
      `WITH l AS (
         INSERT INTO ${this.s}.leads (id, tenant_id, location_id, contact_id, stage, source, tracking_source, missed_call_reason, call_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'new', $5, $6, $7, $8, $9, now()) RETURNING *
       )${entry ? `, appended AS (${timelineInsertSql(this.s, params.length + 1)})` : ''} ${this.selectFrom('l')}`,
      entry ? [...params, ...timelineInsertParams({ ...entry, leadId: id })] : params,
    )) as Record<string, unknown>[];
    return toLead(rows[0]!);
  }

  /** Applies `patch` to a lead of `tenantId`. @returns the updated lead. */
  async updateLead(tx: TransactionContext, tenantId: string, leadId: string, patch: LeadPatch): Promise<LeadRecord> {
    const sets: string[] = [];
    const params: unknown[] = [tenantId, leadId];
    for (const [key, value] of Object.entries(patch) as [keyof LeadPatch, unknown][]) {
      if (value === undefined) continue;
      params.push(value);
      sets.push(`${COLUMNS[key]} = $${params.length}`);
    }
    if (sets.length === 0) return (await this.byId(tx, tenantId, leadId))!;
    // One statement: the update and the lead as it now is (the CTE's RETURNING is the updated row).
    const rows = (await entityManagerOf(tx.handle).query(
      `WITH l AS (UPDATE ${this.s}.leads SET ${sets.join(', ')}, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING *) ${this.selectFrom('l')}`,
      params,
    )) as Record<string, unknown>[];
    if (!rows[0]) throw new Error(`lead ${leadId} of tenant ${tenantId} not found`);
    return toLead(rows[0]);
  }

  /** A lead of `tenantId` by id (for consumers; not scoped by role), or null. */
  async byId(tx: TransactionContext, tenantId: string, leadId: string): Promise<LeadRecord | null> {
    const rows = (await entityManagerOf(tx.handle).query(`${this.selectLead()} WHERE l.tenant_id = $1 AND l.id = $2`, [tenantId, leadId])) as Record<string, unknown>[];
    return rows[0] ? toLead(rows[0]) : null;
  }

  /** A lead the caller may see (locked for update when `forUpdate`), or null (the API answers 404). */
  async findScoped(tx: TransactionContext, scope: CrmScope, leadId: string, forUpdate = false): Promise<LeadRecord | null> {
    const params: unknown[] = [leadId];
    const where = scopeCondition(scope, this.s, 'l', params);
    const rows = (await entityManagerOf(tx.handle).query(`${this.selectLead()} WHERE l.id = $1 AND ${where}${forUpdate ? ' FOR UPDATE OF l' : ''}`, params)) as Record<string, unknown>[];
    return rows[0] ? toLead(rows[0]) : null;
  }

  /** True when the caller may see `locationId` (a filter naming another location answers 404). */
  async locationInScope(tx: TransactionContext, scope: CrmScope, locationId: string): Promise<boolean> {
    const params: unknown[] = [locationId];
    const where = scopeCondition(scope, this.s, 'x', params, 'id');
    const rows = (await entityManagerOf(tx.handle).query(`SELECT 1 FROM ${this.s}.locations x WHERE x.id = $1 AND ${where}`, params)) as unknown[];
    return rows.length > 0;
  }

  /** Leads the caller may see, newest first (created_at, id), at most `filter.limit`. */
  async listScoped(tx: TransactionContext, scope: CrmScope, filter: LeadListFilter): Promise<LeadRecord[]> {
    const params: unknown[] = [];
    const conditions = [scopeCondition(scope, this.s, 'l', params)];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(params.length));
    };
    if (filter.locationId) add((n) => `l.location_id = $${n}`, filter.locationId);
    if (filter.stage) add((n) => `l.stage = $${n}`, filter.stage);
    if (filter.urgency) add((n) => `l.urgency = $${n}`, filter.urgency);
    if (filter.from) add((n) => `l.created_at >= $${n}`, filter.from);
    if (filter.to) add((n) => `l.created_at < $${n}`, filter.to);
    if (filter.after) {
      params.push(filter.after.createdAt, filter.after.id);
      conditions.push(`(l.created_at, l.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit);
    const rows = (await entityManagerOf(tx.handle).query(`${this.selectLead()} WHERE ${conditions.join(' AND ')} ORDER BY l.created_at DESC, l.id DESC LIMIT $${params.length}`, params)) as Record<
      string,
      unknown
    >[];
    return rows.map(toLead);
  }

  private selectLead(): string {
    return `SELECT l.*, c.e164 AS caller_e164, c.opted_out AS caller_opted_out FROM ${this.s}.leads l JOIN ${this.s}.contacts c ON c.id = l.contact_id`;
  }

  /** {@link selectLead} over the rows of CTE `cte` (a lead's INSERT or UPDATE … RETURNING *), as the lead now is. */
  private selectFrom(cte: 'l'): string {
    return `SELECT ${cte}.*, c.e164 AS caller_e164, c.opted_out AS caller_opted_out FROM ${cte} JOIN ${this.s}.contacts c ON c.id = ${cte}.contact_id`;
  }
}

/** WHERE of the contact's current lead ($1 tenant, $2 location, $3 contact): the newest open one, else the newest; locked. */
const CURRENT_LEAD = `l.tenant_id = $1 AND l.location_id = $2 AND l.contact_id = $3
       ORDER BY (l.stage NOT IN ('won', 'lost')) DESC, l.created_at DESC, l.id DESC LIMIT 1 FOR UPDATE OF l`;

function currentOf(row: Record<string, unknown> | undefined): { lead: LeadRecord; open: boolean } | null {
  if (!row) return null;
  const lead = toLead(row);
  return { lead, open: lead.stage !== 'won' && lead.stage !== 'lost' };
}

function toLead(r: Record<string, unknown>): LeadRecord {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    locationId: r.location_id as string,
    contactId: r.contact_id as string,
    callerE164: r.caller_e164 as string,
    callerOptedOut: (r.caller_opted_out as boolean | null) ?? false,
    stage: r.stage as LeadRecord['stage'],
    source: r.source as LeadRecord['source'],
    trackingSource: (r.tracking_source as string | null) ?? null,
    missedCallReason: (r.missed_call_reason as LeadRecord['missedCallReason']) ?? null,
    intent: (r.intent as LeadRecord['intent']) ?? null,
    urgency: (r.urgency as LeadRecord['urgency']) ?? null,
    serviceId: (r.service_id as string | null) ?? null,
    estimatedValueCents: (r.estimated_value_cents as number | null) ?? null,
    actualValueCents: (r.actual_value_cents as number | null) ?? null,
    callId: (r.call_id as string | null) ?? null,
    lostReason: (r.lost_reason as string | null) ?? null,
    takenOverBy: (r.taken_over_by as string | null) ?? null,
    takenOverAt: (r.taken_over_at as Date | null) ?? null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
    closedAt: (r.closed_at as Date | null) ?? null,
  };
}
