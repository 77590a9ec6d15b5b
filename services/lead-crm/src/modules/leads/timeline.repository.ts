import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionContext } from '@textback/persistence';
import { CRM_SCHEMA } from '../../database/crm-schema.constants';
import { type TimelineEntry, type TimelineKind } from './lead.types';

/** An entry to append. `sourceEventId` makes appending the same event's entry twice a no-op. */
export interface NewTimelineEntry {
  tenantId: string;
  locationId: string;
  contactId: string;
  leadId: string | null;
  kind: TimelineKind;
  occurredAt: Date;
  summary: string;
  actor?: string | null;
  sourceEventId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * The timeline of a contact at a location: calls, texts, notes, stage changes, pages and tasks,
 * ordered by `occurred_at` (the time of the fact, UTC) then by `sequence` (arrival order).
 */
@Injectable()
export class TimelineRepository {
  private readonly s: string;

  constructor(@Inject(CRM_SCHEMA) schema: string) {
    this.s = quoteSchema(schema);
  }

  /** Appends an entry. @returns false when an entry of the same source event already exists. */
  async append(tx: TransactionContext, e: NewTimelineEntry): Promise<boolean> {
    const rows = (await entityManagerOf(tx.handle).query(`${timelineInsertSql(this.s, 1)} RETURNING id`, timelineInsertParams(e))) as unknown[];
    return rows.length === 1;
  }

  /**
   * The timeline of a contact at a location, oldest first. Callers pass a contact and location
   * of a lead they already read within the caller's scope.
   */
  async list(tx: TransactionContext, tenantId: string, contactId: string, locationId: string): Promise<TimelineEntry[]> {
    const rows = (await entityManagerOf(tx.handle).query(
      `SELECT id, sequence, lead_id, kind, occurred_at, summary, actor, data FROM ${this.s}.timeline_entries
       WHERE tenant_id = $1 AND contact_id = $2 AND location_id = $3 ORDER BY occurred_at, sequence`,
      [tenantId, contactId, locationId],
    )) as { id: string; sequence: string; lead_id: string | null; kind: TimelineKind; occurred_at: Date; summary: string; actor: string | null; data: Record<string, unknown> }[];
    return rows.map((r) => ({ id: r.id, sequence: Number(r.sequence), leadId: r.lead_id, kind: r.kind, occurredAt: r.occurred_at, summary: r.summary, actor: r.actor, data: r.data }));
  }
}

/**
 * The INSERT of one timeline entry (a no-op when an entry of the same source event exists), for {@link TimelineRepository.append}
 * and for a repository that appends in the statement that reads the entry's lead: `leadIdFrom` is SQL giving the lead
 * id (e.g. a CTE's), else the lead id parameter is used. Parameters from `$first`, in the order of
 * {@link timelineInsertParams}. `s` is the quoted schema.
 */
export function timelineInsertSql(s: string, first: number, leadIdFrom?: string): string {
  const p = (i: number) => `$${first + i}`;
  const leadId = leadIdFrom ? `COALESCE(${leadIdFrom}, ${p(4)}::uuid)` : p(4);
  return `INSERT INTO ${s}.timeline_entries (id, tenant_id, location_id, contact_id, lead_id, kind, occurred_at, summary, actor, source_event_id, data)
       VALUES (${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${leadId}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}) ON CONFLICT (source_event_id) DO NOTHING`;
}

/** The 11 parameters of {@link timelineInsertSql} (the fifth the lead id, null when absent). */
export function timelineInsertParams(e: Omit<NewTimelineEntry, 'leadId'> & { leadId?: string | null }): unknown[] {
  return [randomUUID(), e.tenantId, e.locationId, e.contactId, e.leadId ?? null, e.kind, e.occurredAt, e.summary, e.actor ?? null, e.sourceEventId ?? null, JSON.stringify(e.data ?? {})];
}
