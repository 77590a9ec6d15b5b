import { type DataSource } from 'typeorm';
import { AdvisoryMigrationLock } from './adapters/postgres/advisory-migration-lock';
import { type MigrationLock } from './port/relational-store.port';
import { quoteSchema } from './schema-name';

/** Outcome of a migration run: names of the migrations applied or reverted. */
export interface MigrationRunResult {
  schema: string;
  applied: string[];
}

/**
 * Runs pending migrations of `dataSource` under its store's {@link MigrationLock} keyed by schema (a session-level
 * PostgreSQL advisory lock, or the embedded store's in-process lock), so replicas or parallel jobs never migrate the
 * same schema at once (the second waits, then finds nothing to do). Creates the schema if missing.
 * @throws whatever a migration throws; that migration's transaction is rolled back.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<MigrationRunResult> {
  return withMigrationLock(dataSource, schema, async () => {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)}`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { schema, applied: applied.map((m) => m.name) };
  });
}

/** Reverts the last `steps` applied migrations of `dataSource`, under the same lock. */
export async function revertMigrations(dataSource: DataSource, schema: string, steps = 1): Promise<MigrationRunResult> {
  return withMigrationLock(dataSource, schema, async () => {
    const reverted: string[] = [];
    for (let i = 0; i < steps; i++) {
      const before = await appliedMigrationNames(dataSource, schema);
      if (before.length === 0) break;
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted.push(before[before.length - 1] ?? '?');
    }
    return { schema, applied: reverted };
  });
}

/** Names of the migrations recorded in `<schema>.migrations`, oldest first ([] if none). */
export async function appliedMigrationNames(dataSource: DataSource, schema: string): Promise<string[]> {
  const exists = (await dataSource.query(`SELECT to_regclass($1) AS t`, [`${schema}.migrations`])) as { t: string | null }[];
  if (!exists[0]?.t) return [];
  const rows = (await dataSource.query(`SELECT name FROM ${quoteSchema(schema)}.migrations ORDER BY id`)) as { name: string }[];
  return rows.map((r) => r.name);
}

const boundLocks = new WeakMap<DataSource, MigrationLock>();
const advisoryLock = new AdvisoryMigrationLock();

/**
 * Makes {@link runMigrations} and {@link revertMigrations} on `dataSource` take `lock` instead of the PostgreSQL advisory
 * lock (the embedded store binds its in-process lock to every data source it creates).
 */
export function bindMigrationLock(dataSource: DataSource, lock: MigrationLock): void {
  boundLocks.set(dataSource, lock);
}

function withMigrationLock<T>(dataSource: DataSource, schema: string, fn: () => Promise<T>): Promise<T> {
  return (boundLocks.get(dataSource) ?? advisoryLock).withLock(dataSource, schema, fn);
}
