import { type QueryRunner } from 'typeorm';

/** The schema a migration runs in: the data source's `schema` option (tests use their own), default `messaging`. */
export function migrationSchemaOf(runner: QueryRunner): string {
  return (runner.connection.options as { schema?: string }).schema ?? 'messaging';
}
