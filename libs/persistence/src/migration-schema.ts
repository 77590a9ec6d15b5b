import { type QueryRunner } from 'typeorm';
import { wakeupTriggerDown, type WakeupTriggerOptions, wakeupTriggerUp } from './database-wakeups';
import { quoteSchema } from './schema-name';

/**
 * The PostgreSQL schema a migration runs in: the `schema` option of the data source running it.
 * Migrations use this instead of a hard-coded name so the same migrations build a throw-away
 * schema in tests.
 * @throws Error when the data source has no (valid) schema option.
 */
export function migrationSchemaOf(runner: QueryRunner): string {
  const schema = (runner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('migration data source has no schema option (createServiceDataSource sets it)');
  quoteSchema(schema);
  return schema;
}

/**
 * Makes INSERTs into `schema`.`table` wake the workers subscribed to `queue` ({@link DatabaseWakeups}): a
 * statement-level trigger that NOTIFYs `textback_wakeup` with `<schema>.<queue>` (with `onlyWhenRows`, only for a
 * statement that inserted rows).
 */
export async function addWakeupTrigger(runner: QueryRunner, schema: string, table: string, queue: string, options: WakeupTriggerOptions = {}): Promise<void> {
  for (const sql of wakeupTriggerUp(schema, table, queue, ['INSERT'], options)) await runner.query(sql);
}

/** Removes what {@link addWakeupTrigger} created. */
export async function dropWakeupTrigger(runner: QueryRunner, schema: string, table: string, queue: string): Promise<void> {
  for (const sql of wakeupTriggerDown(schema, table, queue)) await runner.query(sql);
}
