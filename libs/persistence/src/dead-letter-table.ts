import { type DataSource } from 'typeorm';
import { quoteSchema } from './schema-name';

/**
 * A table where a retry loop parks the work it gave up on, as data the operator CLI reads
 * (`textback dead-letters list|replay`). SQL fragments are written by us (never by an operator) and name the
 * table's own columns.
 * - `queue`: name shown to operators and used in ids (`<queue>:<row id>`); `table`, `idColumn`: where the rows are.
 * - `deadWhere`: predicate selecting dead-lettered rows.
 * - `reasonSql`, `errorSql`, `attemptsSql`, `atSql`: expressions for the reason code, last error, failed attempts
 *   and when the row was given up.
 * - `replaySet`: SET clause making a row pending again; absent when a replay would not be safe (list only).
 */
export interface DeadLetterTable {
  queue: string;
  table: string;
  idColumn: string;
  deadWhere: string;
  reasonSql: string;
  errorSql: string;
  attemptsSql: string;
  atSql: string;
  replaySet?: string;
}

/** The outbox of every service (see addOutboxDeadLetters). Replay: pending again, attempts reset, published next. */
export const OUTBOX_DEAD_LETTERS: DeadLetterTable = {
  queue: 'outbox',
  table: 'outbox',
  idColumn: 'id',
  deadWhere: 'dead_lettered_at IS NOT NULL AND published_at IS NULL',
  reasonSql: `CASE WHEN attempts = 0 THEN 'too_large' ELSE 'retries_exhausted' END`,
  errorSql: `'topic ' || topic || ': ' || COALESCE(last_error, '')`,
  attemptsSql: 'attempts',
  atSql: 'dead_lettered_at',
  replaySet: 'dead_lettered_at = NULL, attempts = 0, last_error = NULL',
};

/** A dead-lettered row as the CLI shows it. */
export interface DeadLetterRow {
  /** `<queue>:<row id>`. */
  id: string;
  queue: string;
  reason: string;
  error: string | null;
  attempts: number;
  at: Date;
  replayable: boolean;
}

/**
 * Lists and replays the dead-lettered rows of one service schema's {@link DeadLetterTable}s (operator tooling;
 * services use their own repositories).
 */
export class DeadLetterTableRepository {
  private readonly s: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.s = quoteSchema(schema);
  }

  /** Dead rows of `tables`, oldest first per table. */
  async list(tables: readonly DeadLetterTable[]): Promise<DeadLetterRow[]> {
    const out: DeadLetterRow[] = [];
    for (const t of tables) {
      const rows = (await this.dataSource.query(
        `SELECT ${t.idColumn}::text AS id, ${t.reasonSql} AS reason, ${t.errorSql} AS error, ${t.attemptsSql} AS attempts, ${t.atSql} AS at
         FROM ${this.s}.${t.table} WHERE ${t.deadWhere} ORDER BY ${t.atSql}, ${t.idColumn}`,
      )) as { id: string; reason: string; error: string | null; attempts: number; at: Date }[];
      for (const r of rows) out.push({ id: `${t.queue}:${r.id}`, queue: t.queue, reason: r.reason, error: r.error, attempts: Number(r.attempts), at: r.at, replayable: t.replaySet !== undefined });
    }
    return out;
  }

  /**
   * Makes dead rows pending again: one (`rowId`, the part after `<queue>:`) or every dead row of `table`.
   * @returns the number of rows reset (0 when the row is not dead, e.g. already replayed).
   * @throws Error when `table` cannot be replayed.
   */
  async replay(table: DeadLetterTable, rowId: string | 'all'): Promise<number> {
    if (!table.replaySet) throw new Error(`dead letters of ${table.queue} cannot be replayed (list only)`);
    const byId = rowId === 'all' ? '' : ` AND ${table.idColumn}::text = $1`;
    const [, count] = (await this.dataSource.query(
      `UPDATE ${this.s}.${table.table} SET ${table.replaySet} WHERE ${table.deadWhere}${byId}`,
      rowId === 'all' ? [] : [rowId],
    )) as [unknown, number];
    return count;
  }
}
