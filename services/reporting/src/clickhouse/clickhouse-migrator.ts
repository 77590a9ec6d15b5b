import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ClickHouseClient } from '@clickhouse/client';
import { type ClickHouseSettings, createReportingClickHouse } from './clickhouse-client.factory';
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
 * order, recording each after its statements succeed. DDL uses IF NOT EXISTS so a migration
 * interrupted half-way can be re-run. There is no lock (ClickHouse has none): run it from one
 * job (`textback migrate` / k8s Job) or at boot of a single replica.
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
      for (const statement of m.statements) await client.command({ query: statement });
      await client.command({ query: sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${new Date()})`.text });
      done.push(m.version);
    }
    return done;
  } finally {
    await client.close();
  }
}

async function appliedVersions(client: ClickHouseClient): Promise<number[]> {
  const rows = await (await client.query({ query: 'SELECT DISTINCT version FROM schema_migrations', format: 'JSONEachRow' })).json<{ version: number | string }>();
  return rows.map((r) => Number(r.version));
}
