import { Inject, Injectable } from '@nestjs/common';
import { type CallMissedV1, type EventEnvelope } from '@textback/contracts';
import { DATA_SOURCE } from '@textback/platform';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { type DataSource } from 'typeorm';
import { MessagingSchema } from '../shared/messaging-schema';

/** A stored missed call waiting for its first-text decision. */
export interface FirstTextJob {
  eventId: string;
  envelope: EventEnvelope<CallMissedV1>;
  attempts: number;
  /** End of this worker's lease on the job (wall clock), also the lease's token. */
  leaseUntil: Date;
}

/**
 * SQL of `first_text_job`, the durable hand-off between the Kafka consumer and the decision workers. Instants are
 * wall-clock (scheduling of work, not business time).
 */
@Injectable()
export class FirstTextJobRepository {
  constructor(
    private readonly schema: MessagingSchema,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /**
   * Stores a missed call from Kafka as a job in `tx` (the consumer's transaction, which holds the event's inbox claim).
   * The job key is the event id, so storing it again stores nothing.
   * @returns true when the job was stored.
   */
  async store(tx: TransactionHandle, event: EventEnvelope<CallMissedV1>, at: Date): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.first_text_job (event_id, call_id, envelope, created_at, not_before)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT ON CONSTRAINT pk_first_text_job DO NOTHING RETURNING event_id`,
      [event.id, event.data.callId, JSON.stringify(event), at],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Leases the oldest due job for its decision: moves its `not_before` to `leaseUntil` and returns it, in one
   * statement that commits by itself (FOR UPDATE SKIP LOCKED: concurrent workers lease different jobs). No row stays
   * locked while the worker does its outside calls (the line-type lookup); until `leaseUntil` no other worker takes the
   * job, and if this worker dies the job is due again then. `leaseUntil` is the lease's token ({@link takeLeased}).
   * When no job is leased, the same statement says when the earliest stored job is due (as {@link nextDueAt} would,
   * one round trip fewer for a worker about to sleep; a due job held by another worker's lease in progress reads as
   * due, so the worker waits its minimum and looks again).
   * @param now wall-clock instant, jobs with `not_before <= now` are due.
   * @returns the job, or null with the earliest `not_before` of the jobs not dead-lettered (null when none is stored).
   */
  async lease(now: Date, leaseUntil: Date): Promise<{ job: FirstTextJob; nextDueAt?: undefined } | { job: null; nextDueAt: Date | null }> {
    const s = this.schema.sql;
    const rows = (await this.dataSource.query(
      `WITH leased AS (
         UPDATE ${s}.first_text_job SET not_before = $2 WHERE event_id = (
           SELECT event_id FROM ${s}.first_text_job WHERE not_before <= $1 AND dead_lettered_at IS NULL ORDER BY not_before LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING event_id, envelope, attempts)
       SELECT event_id, envelope, attempts, NULL::timestamptz AS next_due FROM leased
       UNION ALL
       SELECT NULL, NULL, NULL, (SELECT min(not_before) FROM ${s}.first_text_job WHERE dead_lettered_at IS NULL) WHERE NOT EXISTS (SELECT 1 FROM leased)`,
      [now, leaseUntil],
    )) as { event_id: string | null; envelope: EventEnvelope<CallMissedV1> | null; attempts: number | null; next_due: Date | null }[];
    const r = rows[0];
    if (r?.event_id && r.envelope) return { job: { eventId: r.event_id, envelope: r.envelope, attempts: r.attempts ?? 0, leaseUntil } };
    return { job: null, nextDueAt: r?.next_due ? new Date(r.next_due) : null };
  }

  /**
   * Takes a job this worker leased ({@link lease}): deletes it in `tx` if it still carries the lease (`not_before` =
   * `leaseUntil`), so the deletion commits with the decision and a rollback leaves the job leased (due again when the
   * lease ends, or at once by {@link postpone}).
   * @returns false when the lease was lost (it ended and another worker took the job, or the job is gone).
   */
  async takeLeased(tx: TransactionHandle, job: Pick<FirstTextJob, 'eventId' | 'leaseUntil'>): Promise<boolean> {
    const [rows] = (await entityManagerOf(tx).query(`DELETE FROM ${this.schema.sql}.first_text_job WHERE event_id = $1 AND not_before = $2 RETURNING event_id`, [
      job.eventId,
      job.leaseUntil,
    ])) as [unknown[], number];
    return rows.length > 0;
  }

  /**
   * Makes live jobs with `not_before` in (`now`, `until`] due at `now` (the leases of a dead process; see
   * {@link FirstTextService.releaseLeasesOfDeadProcess}). One statement. @returns how many jobs were released.
   */
  async releaseUntil(now: Date, until: Date): Promise<number> {
    const [rows] = (await this.dataSource.query(
      `UPDATE ${this.schema.sql}.first_text_job SET not_before = $1 WHERE not_before > $1 AND not_before <= $2 AND dead_lettered_at IS NULL RETURNING event_id`,
      [now, until],
    )) as [unknown[], number];
    return rows.length;
  }

  /** When the earliest live job may be taken (`not_before`), or null when there is none. One statement. */
  async nextDueAt(): Promise<Date | null> {
    const rows = (await this.dataSource.query(`SELECT min(not_before) AS due FROM ${this.schema.sql}.first_text_job WHERE dead_lettered_at IS NULL`)) as { due: Date | null }[];
    const due = rows[0]?.due;
    return due ? new Date(due) : null;
  }

  /**
   * Records the last failed attempt and parks the job as dead-lettered (its own statement, as {@link postpone}), if
   * its attempt count is still `seenAttempts` (compare-and-set: see {@link postpone}).
   * @returns false when another worker recorded this attempt first (nothing changed).
   */
  async deadLetter(eventId: string, seenAttempts: number, error: string): Promise<boolean> {
    return this.updated(
      await this.dataSource.query(
        `UPDATE ${this.schema.sql}.first_text_job SET attempts = $2 + 1, dead_lettered_at = now(), last_error = $3 WHERE event_id = $1 AND attempts = $2 AND dead_lettered_at IS NULL RETURNING event_id`,
        [eventId, seenAttempts, error.slice(0, 1000)],
      ),
    );
  }

  /**
   * Records a failed attempt and holds the job until `notBefore` (its own statement: the failed transaction rolled
   * back), if its attempt count is still `seenAttempts`. Compare-and-set because the rollback puts the job back due
   * before this statement runs: another worker may take it meanwhile and fail it too; one of the two records the
   * attempt, so a job is never counted twice for one round nor dead-lettered before its last attempt.
   * @returns false when another worker recorded this attempt first (nothing changed).
   */
  async postpone(eventId: string, seenAttempts: number, notBefore: Date, error: string): Promise<boolean> {
    return this.updated(
      await this.dataSource.query(
        `UPDATE ${this.schema.sql}.first_text_job SET attempts = $2 + 1, not_before = $3, last_error = $4 WHERE event_id = $1 AND attempts = $2 AND dead_lettered_at IS NULL RETURNING event_id`,
        [eventId, seenAttempts, notBefore, error.slice(0, 1000)],
      ),
    );
  }

  /** Whether an UPDATE … RETURNING changed a row (TypeORM answers `[rows, count]` for UPDATE on pg). */
  private updated(result: unknown): boolean {
    const rows = Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
    return rows.length > 0;
  }
}
