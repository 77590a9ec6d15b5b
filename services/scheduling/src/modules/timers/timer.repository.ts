import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { DATA_SOURCE, SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { returnedRows } from '../shared/returned-rows.util';
import { type DueTimer, type TimerRequest } from './timer.types';

interface TimerRow {
  timer_id: string;
  key: string;
  kind: string;
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/** SQL of the `timer` table (durable timers polled with FOR UPDATE SKIP LOCKED). */
@Injectable()
export class TimerRepository {
  private readonly s: string;

  constructor(
    @Inject(SERVICE_DEFINITION) definition: ServiceDefinition,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {
    this.s = quoteSchema(definition.schema);
  }

  /**
   * Inserts a pending timer unless one with the same key exists. `priority`: `timer.priority` (0 urgent, 1 routine;
   * TIMER_PRIORITY_VALUE). @returns true when inserted.
   */
  async insert(tx: TransactionHandle, request: TimerRequest, priority: number): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.s}.timer (timer_id, key, kind, due_at, payload, priority) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING RETURNING timer_id`,
      [randomUUID(), request.key, request.kind, request.dueAt, JSON.stringify(request.payload), priority],
    )) as unknown[];
    return rows.length === 1;
  }

  /** Moves a pending timer to a new due instant (e.g. deferred past quiet hours). */
  async reschedule(tx: TransactionHandle, key: string, dueAt: Date): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.timer SET due_at = $2 WHERE key = $1 AND status = 'pending'`, [key, dueAt]);
  }

  /** Cancels pending timers whose key starts with `prefix`. @returns how many. */
  async cancelByPrefix(tx: TransactionHandle, prefix: string): Promise<number> {
    const rows = returnedRows(await entityManagerOf(tx).query(`UPDATE ${this.s}.timer SET status = 'cancelled' WHERE status = 'pending' AND starts_with(key, $1) RETURNING timer_id`, [prefix]));
    return rows.length;
  }

  /**
   * Locks a pending timer due at or before `now`, skipping rows another poller holds: by `order` `priority`, the most
   * urgent (lowest `priority`), oldest first within it (index ix_timer_pending_priority_due); by `oldest`, the oldest
   * whatever its priority (ix_timer_pending_due). When none is locked,
   * the same statement also reads when the earliest pending timer is due and hands it to `whenIdle` (what
   * {@link nextDueAt} would say, without its round trip; a due timer another poller holds reads as due).
   * @returns null when nothing is due.
   */
  async lockNextDue(tx: TransactionHandle, now: Date, whenIdle?: (nextDueAt: Date | null) => void, order: 'priority' | 'oldest' = 'priority'): Promise<DueTimer | null> {
    const orderBy = order === 'priority' ? 'priority, due_at, timer_id' : 'due_at, timer_id';
    const rows = (await entityManagerOf(tx).query(
      `WITH locked AS MATERIALIZED (
         SELECT timer_id, key, kind, due_at, payload, attempts FROM ${this.s}.timer WHERE status = 'pending' AND due_at <= $1 ORDER BY ${orderBy} LIMIT 1 FOR UPDATE SKIP LOCKED)
       SELECT timer_id, key, kind, due_at, payload, attempts, NULL::timestamptz AS next_due FROM locked
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, NULL, NULL, (SELECT min(due_at) FROM ${this.s}.timer WHERE status = 'pending') WHERE NOT EXISTS (SELECT 1 FROM locked)`,
      [now],
    )) as ({ [K in keyof TimerRow]: TimerRow[K] | null } & { next_due: Date | null })[];
    const r = rows[0];
    if (r?.timer_id !== undefined && r.timer_id !== null) return { timerId: r.timer_id, key: r.key ?? '', kind: r.kind ?? '', dueAt: new Date(r.due_at ?? 0), payload: r.payload ?? {}, attempts: r.attempts ?? 0 };
    whenIdle?.(r?.next_due ? new Date(r.next_due) : null);
    return null;
  }

  /**
   * Due instant of the earliest pending timer (failed retries included), or null when none is pending. One statement
   * outside any transaction (a transaction would add two).
   */
  async nextDueAt(): Promise<Date | null> {
    const rows = (await this.dataSource.query(`SELECT min(due_at) AS due_at FROM ${this.s}.timer WHERE status = 'pending'`)) as { due_at: Date | null }[];
    const due = rows[0]?.due_at;
    return due ? new Date(due) : null;
  }

  /** Leases a pending timer to its poller until `until` by moving its due instant there. */
  async lease(tx: TransactionHandle, timerId: string, until: Date): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.timer SET due_at = $2 WHERE timer_id = $1 AND status = 'pending'`, [timerId, until]);
  }

  /** Marks a timer fired, unless its handler already moved it (rescheduled it into the future). */
  async markFired(tx: TransactionHandle, timerId: string, dueAt: Date, now: Date): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.timer SET status = 'fired', fired_at = $3 WHERE timer_id = $1 AND status = 'pending' AND due_at = $2`, [timerId, dueAt, now]);
  }

  /** Records a failed firing: retry at `retryAt`, or give up (`failed`) after `maxAttempts`. */
  async recordFailure(tx: TransactionHandle, timerId: string, error: string, retryAt: Date, maxAttempts: number): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.s}.timer SET attempts = attempts + 1, last_error = $2, due_at = $3, status = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE status END WHERE timer_id = $1 AND status = 'pending'`,
      [timerId, error.slice(0, 2000), retryAt, maxAttempts],
    );
  }

  /** Savepoint helpers: a failing timer handler's writes are undone while the failure is recorded. */
  async savepoint(tx: TransactionHandle, name: string): Promise<void> {
    await entityManagerOf(tx).query(`SAVEPOINT ${name}`);
  }

  async releaseSavepoint(tx: TransactionHandle, name: string): Promise<void> {
    await entityManagerOf(tx).query(`RELEASE SAVEPOINT ${name}`);
  }

  async rollbackToSavepoint(tx: TransactionHandle, name: string): Promise<void> {
    await entityManagerOf(tx).query(`ROLLBACK TO SAVEPOINT ${name}`);
  }
}
