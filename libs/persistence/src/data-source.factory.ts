import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { countedPg } from './counted-pg';
import { quoteSchema } from './schema-name';

/** Settings of one service's PostgreSQL data source. */
export interface ServiceDataSourceOptions {
  /** postgres:// URL. */
  url: string;
  /** The service's own schema (STYLE.md: a schema per service). */
  schema: string;
  /** Name reported to PostgreSQL (`application_name`), e.g. the service name. */
  applicationName: string;
  poolSize?: number;
  /**
   * Longest wait for a pooled connection (a new TCP connection and its start-up, or a free one), milliseconds
   * (pg `connectionTimeoutMillis`); default 5 000. Past it the query fails with "timeout exceeded when trying to connect".
   */
  connectTimeoutMs?: number;
  /**
   * Longest a statement may run, milliseconds: PostgreSQL's `statement_timeout` on every pooled connection (the server
   * cancels it, SQLSTATE 57014) and pg's client-side `query_timeout` 1 s later (a connection whose peer went silent, e.g.
   * a network cut, fails too instead of hanging). Unset or 0: no limit (PostgreSQL's default).
   */
  statementTimeoutMs?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
}

/**
 * Creates (does not initialize) a TypeORM data source bound to one schema, with
 * `synchronize: false` and migrations tracked in `<schema>.migrations`. Migrations run only by
 * {@link runMigrations}, never on boot. Its connections count every statement ({@link countedPg}); connect and statement time limits: see {@link ServiceDataSourceOptions}.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  quoteSchema(options.schema);
  return new DataSource({
    type: 'postgres',
    driver: countedPg,
    url: options.url,
    schema: options.schema,
    applicationName: options.applicationName,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs, query_timeout: options.statementTimeoutMs + 1_000 } : {}),
    },
    logging: false,
  });
}
