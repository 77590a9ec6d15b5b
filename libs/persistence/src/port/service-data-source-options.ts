import { type DataSourceOptions } from 'typeorm';
import { quoteSchema } from '../schema-name';
import { type ServiceDataSourceSettings } from './relational-store.port';

/** TypeORM's options of its `postgres` driver (used by both adapters). */
export type PostgresDataSourceOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/**
 * The TypeORM options every adapter's service data source shares: TypeORM's `postgres` driver bound to one schema,
 * `synchronize: false`, migrations tracked in `<schema>.migrations`, one transaction per migration, never run on
 * initialize. Adapters add the driver module and its pool settings.
 * @throws Error when the schema name is not a plain snake_case identifier.
 */
export function serviceDataSourceOptions(settings: ServiceDataSourceSettings): PostgresDataSourceOptions {
  quoteSchema(settings.schema);
  return {
    type: 'postgres',
    schema: settings.schema,
    applicationName: settings.applicationName,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    entities: settings.entities ?? [],
    migrations: settings.migrations ?? [],
    logging: false,
  };
}
