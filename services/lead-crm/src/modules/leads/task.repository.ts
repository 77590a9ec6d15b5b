import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionContext } from '@textback/persistence';
import { CRM_SCHEMA } from '../../database/crm-schema.constants';
import { type CrmScope } from '../auth/crm-scope.types';
import { scopeCondition } from '../auth/scope-sql.util';
import { type TaskRecord } from './lead.types';

/** A task to open; `taskKey` is its stable key (one task per key per tenant). */
export interface NewTask {
  tenantId: string;
  locationId: string;
  contactId: string | null;
  leadId: string | null;
  kind: TaskRecord['kind'];
  taskKey: string;
  reason: string;
  windowStart?: Date | null;
  windowEnd?: Date | null;
}

/** Callback and review tasks. */
@Injectable()
export class TaskRepository {
  private readonly s: string;

  constructor(@Inject(CRM_SCHEMA) schema: string) {
    this.s = quoteSchema(schema);
  }

  /**
   * Opens a task, or updates the callback window of the task with the same key. A lead has at
   * most one open callback task: messaging's request ("this caller cannot be texted") and
   * scheduling's window for it arrive as two events with different keys, in either order, and
   * the second one updates the first task's window instead of opening another.
   * @returns the task and whether it was created.
   */
  async upsert(tx: TransactionContext, t: NewTask): Promise<{ task: TaskRecord; created: boolean }> {
    if (t.kind === 'callback' && t.leadId) {
      const merged = (await entityManagerOf(tx.handle).query(
        `UPDATE ${this.s}.tasks SET window_start = coalesce($4, window_start), window_end = coalesce($5, window_end)
         WHERE tenant_id = $1 AND lead_id = $2 AND kind = 'callback' AND status = 'open' AND task_key <> $3
         RETURNING *, false AS created`,
        [t.tenantId, t.leadId, t.taskKey, t.windowStart ?? null, t.windowEnd ?? null],
      )) as [Array<Record<string, unknown>>, number] | Array<Record<string, unknown>>;
      // TypeORM answers UPDATE ... RETURNING with [rows, count].
      const rows = Array.isArray(merged[0]) ? (merged[0] as Array<Record<string, unknown>>) : (merged as Array<Record<string, unknown>>);
      if (rows[0]) return { task: toTask(rows[0]), created: false };
    }
    const rows = (await entityManagerOf(tx.handle).query(
      `INSERT INTO ${this.s}.tasks (id, tenant_id, location_id, contact_id, lead_id, kind, task_key, reason, window_start, window_end)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (tenant_id, task_key) DO UPDATE SET window_start = coalesce(EXCLUDED.window_start, ${this.s}.tasks.window_start),
         window_end = coalesce(EXCLUDED.window_end, ${this.s}.tasks.window_end), lead_id = coalesce(${this.s}.tasks.lead_id, EXCLUDED.lead_id)
       RETURNING *, (xmax = 0) AS created`,
      [randomUUID(), t.tenantId, t.locationId, t.contactId, t.leadId, t.kind, t.taskKey, t.reason, t.windowStart ?? null, t.windowEnd ?? null],
    )) as (Record<string, unknown> & { created: boolean })[];
    return { task: toTask(rows[0]!), created: rows[0]!.created };
  }

  /**
   * Marks done the open needs-review tasks (`needs-review:<message id>`, opened by texts messaging flagged for an
   * opt-out review) of a contact at a location, when their review was resolved: messaging keeps one open review per
   * caller and location, so its resolution answers every such task. A second resolution changes nothing.
   * @returns how many tasks were closed.
   */
  async completeOpenReviews(tx: TransactionContext, where: { tenantId: string; locationId: string; contactId: string }, by: string, at: Date): Promise<number> {
    const result = (await entityManagerOf(tx.handle).query(
      `UPDATE ${this.s}.tasks SET status = 'done', completed_at = $5, completed_by = $4
       WHERE tenant_id = $1 AND location_id = $2 AND contact_id = $3 AND kind = 'review' AND status = 'open' AND task_key LIKE 'needs-review:%'`,
      [where.tenantId, where.locationId, where.contactId, by, at],
    )) as [unknown, number];
    return result[1];
  }

  /** Tasks the caller may see, oldest first, optionally of one location and status. */
  async listScoped(tx: TransactionContext, scope: CrmScope, filter: { locationId?: string; status?: TaskRecord['status']; limit: number }): Promise<TaskRecord[]> {
    const params: unknown[] = [];
    const conditions = [scopeCondition(scope, this.s, 't', params)];
    if (filter.locationId) {
      params.push(filter.locationId);
      conditions.push(`t.location_id = $${params.length}`);
    }
    if (filter.status) {
      params.push(filter.status);
      conditions.push(`t.status = $${params.length}`);
    }
    params.push(filter.limit);
    const rows = (await entityManagerOf(tx.handle).query(`SELECT t.* FROM ${this.s}.tasks t WHERE ${conditions.join(' AND ')} ORDER BY t.created_at, t.id LIMIT $${params.length}`, params)) as Record<
      string,
      unknown
    >[];
    return rows.map(toTask);
  }

  /** Open and done tasks of one lead the caller may see. */
  async listForLead(tx: TransactionContext, scope: CrmScope, leadId: string): Promise<TaskRecord[]> {
    const params: unknown[] = [leadId];
    const where = scopeCondition(scope, this.s, 't', params);
    const rows = (await entityManagerOf(tx.handle).query(`SELECT t.* FROM ${this.s}.tasks t WHERE t.lead_id = $1 AND ${where} ORDER BY t.created_at, t.id`, params)) as Record<string, unknown>[];
    return rows.map(toTask);
  }

  /**
   * Marks a task the caller may see done (a second completion changes nothing).
   * @returns the task, or null when it is outside the caller's scope or does not exist (404).
   */
  async completeScoped(tx: TransactionContext, scope: CrmScope, taskId: string): Promise<TaskRecord | null> {
    const params: unknown[] = [taskId, scope.userId];
    const where = scopeCondition(scope, this.s, 't', params);
    const rows = (await entityManagerOf(tx.handle).query(
      `UPDATE ${this.s}.tasks t SET status = 'done', completed_at = coalesce(t.completed_at, now()), completed_by = coalesce(t.completed_by, $2)
       WHERE t.id = $1 AND ${where} RETURNING t.*`,
      params,
    )) as [Record<string, unknown>[], number] | Record<string, unknown>[];
    const list = Array.isArray(rows[0]) ? (rows[0] as Record<string, unknown>[]) : (rows as Record<string, unknown>[]);
    return list[0] ? toTask(list[0]) : null;
  }
}

function toTask(r: Record<string, unknown>): TaskRecord {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    locationId: r.location_id as string,
    contactId: (r.contact_id as string | null) ?? null,
    leadId: (r.lead_id as string | null) ?? null,
    kind: r.kind as TaskRecord['kind'],
    status: r.status as TaskRecord['status'],
    taskKey: r.task_key as string,
    reason: r.reason as string,
    windowStart: (r.window_start as Date | null) ?? null,
    windowEnd: (r.window_end as Date | null) ?? null,
    createdAt: r.created_at as Date,
    completedAt: (r.completed_at as Date | null) ?? null,
    completedBy: (r.completed_by as string | null) ?? null,
  };
}
