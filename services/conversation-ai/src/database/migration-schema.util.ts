import { type QueryRunner } from 'typeorm';

/**
 * The PostgreSQL schema a migration runs in: the data source's `schema` option (so tests can
 * migrate a throw-away schema with the same migrations), falling back to `conversation`.
 */
export function migrationSchema(runner: QueryRunner): string {
  const options = runner.connection.options as { schema?: string };
  return options.schema ?? 'conversation';
}
