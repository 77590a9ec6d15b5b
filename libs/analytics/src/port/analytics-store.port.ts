import { type SqlFragment } from '../sql/clickhouse-sql.util';
import { type AnalyticsMigration } from './analytics-migration';

/** Injection token of the process's {@link AnalyticsStore}. */
export const ANALYTICS_STORE = Symbol('ANALYTICS_STORE');

/** A row to insert: a plain object, column name → value (numbers, strings; DateTime columns take unix seconds). */
export type AnalyticsRow = object;

/** Options of one read. */
export interface AnalyticsQueryOptions {
  /** Upper bound of the query's run time, seconds (ClickHouse `max_execution_time`; chDB rejects after it). */
  maxExecutionSeconds?: number;
}

/**
 * The analytics store port: reporting's append-only facts, rollups and reads, in the ClickHouse SQL
 * dialect that runs on ClickHouse 18.16 and on current ClickHouse (the chDB engine). Two
 * adapters implement it: `adapters/clickhouse` (a ClickHouse server over HTTP, the distributed
 * mode) and `adapters/chdb` (the ClickHouse engine in-process, on a data directory, for one
 * process). Values reach SQL only through the `sql` tag of `sql/clickhouse-sql.util` (client-side
 * literals: 18.16 has no server-side query parameters), so a query is a {@link SqlFragment}.
 *
 * Results come as JSONEachRow objects with ClickHouse's JSON conventions in both adapters:
 * (U)Int64 as strings, other numbers as numbers, Date as `YYYY-MM-DD`, DateTime as
 * `YYYY-MM-DD hh:mm:ss` in the column's zone. Errors are the adapter's error, carrying the
 * ClickHouse error code (see `clickHouseErrorCode`).
 */
export interface AnalyticsStore {
  /** Which adapter this is, for logs and health (`clickhouse` or `chdb`). */
  readonly kind: 'clickhouse' | 'chdb';

  /**
   * Applies every migration whose version is not recorded in `schema_migrations`, in order, once
   * (concurrent callers are serialised: a PostgreSQL advisory lock for ClickHouse when configured,
   * an in-process queue for chDB). Creates the database first when missing.
   * @returns the versions applied by this call.
   */
  migrate(migrations: readonly AnalyticsMigration[]): Promise<number[]>;

  /**
   * Inserts one batch of rows into `table` (JSONEachRow with an explicit column list; columns
   * left out of `columns` take their DEFAULT). A batch is one INSERT: the unit of atomicity both
   * engines give (and what materialised views see at once). An empty batch is a no-op.
   */
  insert(table: string, columns: readonly string[], rows: readonly AnalyticsRow[]): Promise<void>;

  /** Runs a read and returns its rows (JSONEachRow, see the interface's note on types). */
  query<T extends object = Record<string, unknown>>(sql: SqlFragment | string, options?: AnalyticsQueryOptions): Promise<T[]>;

  /** Runs a statement that returns no rows (DDL, OPTIMIZE, INSERT … SELECT). */
  command(sql: SqlFragment | string): Promise<void>;

  /**
   * Whether the tables materialized views fill may disagree with their sources because a process stopped without
   * {@link close} while it had the store open (a kill between an insert into a source and the push of that block to
   * its views). chDB: true from the first open after such a stop until {@link markViewsRebuilt}, whoever opens it
   * (the flag is a file in the data directory). ClickHouse server: always false (its inserts run in the server,
   * which outlives a killed client). The caller rebuilds with `rebuildMaterializedViews` before anything inserts.
   */
  viewsMayBeStale(): boolean;

  /** Clears {@link viewsMayBeStale} after a rebuild (chDB: removes the flag file, synced; ClickHouse: nothing). */
  markViewsRebuilt(): Promise<void>;

  /** Resolves when the store answers a trivial query; rejects with the adapter's error otherwise. */
  health(): Promise<void>;

  /** Releases connections (ClickHouse) or the engine's session (chDB). Idempotent. */
  close(): Promise<void>;
}
