import { quoteSchema } from '@textback/persistence';
import { type QueryRunner } from 'typeorm';

/**
 * The schema a migration runs in: the data source's `schema` option (`telephony` in
 * production, a unique schema per test file). Migrations never hard-code it.
 * @throws Error when the schema name is not a valid lower-case identifier.
 */
export function migrationSchema(runner: QueryRunner): { name: string; sql: string } {
  const name = (runner.connection.options as { schema?: string }).schema ?? 'telephony';
  return { name, sql: quoteSchema(name) };
}
