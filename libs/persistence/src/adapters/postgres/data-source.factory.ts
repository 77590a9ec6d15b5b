import { DataSource } from 'typeorm';
import { type ServiceDataSourceSettings } from '../../port/relational-store.port';
import { serviceDataSourceOptions } from '../../port/service-data-source-options';
import { countedPg, FOLD_TRANSACTION_START } from './counted-pg';

/**
 * Settings of one service's PostgreSQL data source: {@link ServiceDataSourceSettings} plus the server's URL.
 * - `connectTimeoutMs`: longest wait for a pooled connection (a new TCP connection and its start-up, or a free one),
 *   pg `connectionTimeoutMillis`; default 5 000. Past it the query fails with "timeout exceeded when trying to connect".
 * - `statementTimeoutMs`: PostgreSQL's `statement_timeout` on every pooled connection (the server cancels it, SQLSTATE
 *   57014) and pg's client-side `query_timeout` 1 s later (a connection whose peer went silent, e.g. a network cut,
 *   fails too instead of hanging). Unset or 0: no limit (PostgreSQL's default).
 */
export interface ServiceDataSourceOptions extends ServiceDataSourceSettings {
  /** postgres:// URL. */
  url: string;
}

/**
 * Creates (does not initialize) a TypeORM data source on a PostgreSQL server, bound to one schema, with
 * `synchronize: false` and migrations tracked in `<schema>.migrations` ({@link serviceDataSourceOptions}). Migrations run
 * only by {@link runMigrations}, never on boot. Its connections count every statement ({@link countedPg}); connect and
 * statement time limits: see {@link ServiceDataSourceOptions}. Pool of `poolSize` connections (default 10).
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    ...serviceDataSourceOptions(options),
    driver: countedPg,
    url: options.url,
    extra: {
      max: options.poolSize ?? 10,
      idleTimeoutMillis: options.poolIdleTimeoutMs ?? 10_000,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // READ COMMITTED as every connection's default (a start-up parameter, no statement), so transactions need no
      // `SET TRANSACTION ISOLATION LEVEL` round trip after `START TRANSACTION` (TypeormTransactionRunner, OutboxRelay).
      options: '-c default_transaction_isolation=read\\ committed',
      ...(options.foldTransactionStart === false ? { [FOLD_TRANSACTION_START]: false } : {}),
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs, query_timeout: options.statementTimeoutMs + 1_000 } : {}),
    },
  });
}
