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
    const rows = (await entityManagerOf(tx.handle).query(
      `INSERT INTO ${this.s}.timeline_entries (id, tenant_id, location_id, contact_id, lead_id, kind, occurred_at, summary, actor, source_event_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (source_event_id) DO NOTHING RETURNING id`,
      [randomUUID(), e.tenantId, e.locationId, e.contactId, e.leadId, e.kind, e.occurredAt, e.summary, e.actor ?? null, e.sourceEventId ?? null, JSON.stringify(e.data ?? {})],
    )) as unknown[];
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
