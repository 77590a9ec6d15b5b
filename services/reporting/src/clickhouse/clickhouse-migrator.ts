import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ClickHouseClient } from '@clickhouse/client';
import { CountedPgClient as PgClient } from '@textback/persistence';
import { type ClickHouseSettings, createReportingClickHouse } from './clickhouse-client.factory';
import { loadReportingMigrateEnv } from '../config/reporting.env';
import { ident, sql } from './clickhouse-sql.util';

/** One numbered migration file: `NNN_name.sql`. */
export interface ClickHouseMigration {
  version: number;
  name: string;
  /** Statements in file order (ClickHouse runs one statement per request). */
  statements: string[];
}

/**
 * Where the `.sql` files live: `services/reporting/clickhouse/migrations`, found from the source
 * tree (ts-node/jest) or from `dist/services/reporting/src/clickhouse` (compiled).
 * @throws Error when neither location exists.
 */
export function defaultMigrationsDir(): string {
  const candidates = [resolve(__dirname, '../../clickhouse/migrations'), resolve(__dirname, '../../../../../services/reporting/clickhouse/migrations')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`ClickHouse migrations not found in ${candidates.join(' or ')}`);
  return found;
}

/**
 * Reads `NNN_name.sql` files in version order; statements are separated by a `;` at the end of a
 * line. Lines starting with `--` are comments.
 * @throws Error on a duplicate version or a file name without a numeric prefix.
 */
export function loadClickHouseMigrations(dir: string = defaultMigrationsDir()): ClickHouseMigration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m?.[1] || !m[2]) throw new Error(`bad ClickHouse migration file name ${file} (want NNN_name.sql)`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new Error(`duplicate ClickHouse migration version ${version}`);
    seen.add(version);
    const body = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('--'))
      .join('\n');
    const statements = body
      .split(/;\s*$/m)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    return { version, name: m[2], statements };
  });
}

/**
 * The small ClickHouse migration runner (as twenty's): creates the database and a
 * `schema_migrations` table, then applies every migration whose version is not recorded, in
 * order, recording each after its statements succeed. DDL uses IF NOT EXISTS (and an
 * `ALTER TABLE t ADD COLUMN c` whose column exists is skipped, 18.16 has no IF NOT EXISTS there)
 * so a migration interrupted half-way can be re-run. No lock of its own (ClickHouse 18.16 has
 * none): concurrent runners must go through {@link migrateClickHouseLocked}.
 * @returns the versions applied by this call.
 */
export async function migrateClickHouse(settings: ClickHouseSettings, migrations: ClickHouseMigration[] = loadClickHouseMigrations()): Promise<number[]> {
  const admin = createReportingClickHouse(settings, null);
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${ident(settings.database)}` });
  } finally {
    await admin.close();
  }
  const client = createReportingClickHouse(settings);
  try {
    await client.command({
      query: "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime('UTC')) ENGINE = ReplacingMergeTree() ORDER BY version",
    });
    const applied = new Set(await appliedVersions(client));
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      for (const statement of m.statements) {
        if (await isExistingColumnAdd(client, statement)) continue;
        await client.command({ query: statement });
      }
      await client.command({ query: sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${new Date()})`.text });
      done.push(m.version);
    }
    return done;
  } finally {
    await client.close();
  }
}

/**
 * {@link migrateClickHouse} under a PostgreSQL session advisory lock (`pg_advisory_lock`, keyed by
 * `hashtext('textback:clickhouse-migrations:' || database)`), so replicas booting together and
 * the `textback migrate reporting` job apply each migration exactly once: the second runner
 * waits, then finds every version recorded. PostgreSQL is reachable from every service;
 * ClickHouse 18.16 has no lock. The lock is released when its connection ends (also on a crash).
 * @param databaseUrl PostgreSQL URL (DATABASE_URL).
 * @returns the versions applied by this call.
 */
export async function migrateClickHouseLocked(settings: ClickHouseSettings, databaseUrl: string, migrations?: ClickHouseMigration[]): Promise<number[]> {
  const pg = new PgClient({ connectionString: databaseUrl, application_name: `clickhouse-migrate:${settings.database}` });
  await pg.connect();
  try {
    const key = `textback:clickhouse-migrations:${settings.database}`;
    await pg.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      return await migrateClickHouse(settings, migrations);
    } finally {
      await pg.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await pg.end();
  }
}

/**
 * The one-off job path (`textback migrate reporting`, a k8s Job before the rollout): applies
 * reporting's ClickHouse migrations under the lock, from DATABASE_URL and CLICKHOUSE_* in `env`.
 * @returns the versions applied.
 * @throws ConfigValidationException for bad variables; the ClickHouse/PostgreSQL error otherwise.
 */
export async function migrateReportingClickHouse(env: Record<string, string | undefined>): Promise<number[]> {
  const e = loadReportingMigrateEnv(env);
  return migrateClickHouseLocked({ url: e.CLICKHOUSE_URL, database: e.CLICKHOUSE_DATABASE, username: e.CLICKHOUSE_USER, password: e.CLICKHOUSE_PASSWORD }, e.DATABASE_URL);
}

/** True when `statement` is `ALTER TABLE t ADD COLUMN c ...` and `t` already has column `c`. */
async function isExistingColumnAdd(client: ClickHouseClient, statement: string): Promise<boolean> {
  const m = /^ALTER\s+TABLE\s+`?(\w+)`?\s+ADD\s+COLUMN\s+`?(\w+)`?/i.exec(statement);
  if (!m?.[1] || !m[2]) return false;
  const q = sql`SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = ${m[1]} AND name = ${m[2]}`;
  const rows = await (await client.query({ query: q.text, format: 'JSONEachRow' })).json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0) > 0;
}

async function appliedVersions(client: ClickHouseClient): Promise<number[]> {
  const rows = await (await client.query({ query: 'SELECT DISTINCT version FROM schema_migrations', format: 'JSONEachRow' })).json<{ version: number | string }>();
  return rows.map((r) => Number(r.version));
}
