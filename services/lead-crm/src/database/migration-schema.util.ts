import { quoteSchema } from '@textback/persistence';
import { type QueryRunner } from 'typeorm';

/**
 * The quoted schema a migration runs in: the data source's `schema` option (the service's
 * `crm` in production, a unique schema per test file). Migrations never hard-code it.
 * @throws Error when the data source has no valid schema.
 */
export function migrationSchema(runner: QueryRunner): { name: string; sql: string } {
  const name = (runner.connection.options as { schema?: string }).schema ?? 'crm';
  return { name, sql: quoteSchema(name) };
}
