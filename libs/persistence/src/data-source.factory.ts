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
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
}

/**
 * Creates (does not initialize) a TypeORM data source bound to one schema, with
 * `synchronize: false` and migrations tracked in `<schema>.migrations`. Migrations run only by
 * {@link runMigrations}, never on boot. Its connections count every statement ({@link countedPg}).
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
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
    logging: false,
  });
}
