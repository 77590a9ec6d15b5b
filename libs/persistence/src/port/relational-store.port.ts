import { type Logger } from 'pino';
import { type DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { type DatabaseWakeups, type WakeupNotificationSource } from '../database-wakeups';

/** Settings of one service's data source, whatever the store (the address is the store's, not the service's). */
export interface ServiceDataSourceSettings {
  /** The service's own schema (STYLE.md: a schema per service). */
  schema: string;
  /** Name reported to the database (`application_name` on PostgreSQL), e.g. the service name. */
  applicationName: string;
  /** Connections in the service's pool (PostgreSQL only; the embedded store has one session for everybody). */
  poolSize?: number;
  /**
   * How long an unused pooled connection stays open, milliseconds (PostgreSQL only: pg-pool `idleTimeoutMillis`,
   * default 10 000; 0 = until the pool ends).
   */
  poolIdleTimeoutMs?: number;
  /**
   * Longest wait for a connection, milliseconds. PostgreSQL: a pooled connection (default 5 000). Embedded: the one
   * session, held by other callers' transactions (default 30 000); past it the caller fails instead of waiting forever,
   * which is also how a transaction that waits for a second checkout of its own (a self-deadlock) shows up.
   */
  connectTimeoutMs?: number;
  /** Longest a statement may run, milliseconds (PostgreSQL only: `statement_timeout`); unset or 0: no limit. */
  statementTimeoutMs?: number;
  /**
   * PostgreSQL only: send a transaction's `START TRANSACTION` together with its first statement (one round trip fewer
   * per transaction, `BeginFoldingPgClient`); default true. False sends it on its own, as before (for comparisons).
   */
  foldTransactionStart?: boolean;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
}

/**
 * Mutual exclusion of migration runs of one schema: replicas or parallel jobs never migrate the same schema at once
 * (the second waits, then finds nothing to do).
 */
export interface MigrationLock {
  /**
   * Runs `work` while holding the lock of `schema` (migrated through `dataSource`); the lock is released however
   * `work` ends. `work` may use `dataSource` freely: the lock holds no connection the embedded store would need.
   */
  withLock<T>(dataSource: DataSource, schema: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Port of the relational store: what a process needs from the database that holds every service's schema, so that the
 * same services, migrations and repositories run on a PostgreSQL server (distributed mode) or on PGlite in the
 * process (embedded mode). Adapters: `adapters/postgres` ({@link PostgresRelationalStore}) and `adapters/pglite`
 * ({@link PgliteRelationalStore}). Choose one with {@link openRelationalStore}.
 *
 * Rules the embedded adapter imposes, which both modes' code follows: a transaction holds the store's only session
 * (others queue), so no transaction may wait for a second connection of its own, nor stay open across a call to the
 * outside world (a carrier, a broker): do the call between transactions.
 */
export interface RelationalStore {
  /** `postgres` (a server at DATABASE_URL) or `pglite` (a data directory in this process). */
  readonly kind: 'postgres' | 'pglite';
  /** Where the data is, for logs: the server's URL without password, or the data directory. */
  readonly location: string;
  /** The lock {@link runMigrations} takes: a PostgreSQL advisory lock, or an in-process one. */
  readonly migrationLock: MigrationLock;
  /**
   * A TypeORM data source (not initialized) bound to one schema, `synchronize: false`, migrations tracked in
   * `<schema>.migrations` and run only by {@link runMigrations}. Its migration lock is this store's.
   * @throws Error when the schema name is not a plain snake_case identifier.
   */
  createDataSource(settings: ServiceDataSourceSettings): DataSource;
  /**
   * The process's wake-ups on this store ({@link DatabaseWakeups}; not started): a LISTEN connection of their own on
   * PostgreSQL, the one session's notifications in the embedded store.
   */
  createWakeups(applicationName: string, log: Logger): DatabaseWakeups;
  /**
   * NOTIFY delivery inside the process, for listeners other than the wake-ups (the console's live inbox feed): the
   * embedded store's one session; `null` on PostgreSQL, where a listener opens a LISTEN connection of its own.
   */
  readonly notifications: WakeupNotificationSource | null;
  /** Releases what the store holds (embedded: closes the database; PostgreSQL: nothing). Data sources first. */
  close(): Promise<void>;
}
