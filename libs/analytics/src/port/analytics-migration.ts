import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type SqlFragment } from '../sql/clickhouse-sql.util';

/** One numbered migration file: `NNN_name.sql`. */
export interface AnalyticsMigration {
  version: number;
  name: string;
  /** Statements in file order (ClickHouse runs one statement per request). */
  statements: string[];
}

/**
 * Reads `NNN_name.sql` files of `dir` in version order; statements are separated by a `;` at the
 * end of a line. Lines starting with `--` are comments.
 * @throws Error on a duplicate version or a file name without a numeric prefix.
 */
export function loadAnalyticsMigrations(dir: string): AnalyticsMigration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m?.[1] || !m[2]) throw new Error(`bad analytics migration file name ${file} (want NNN_name.sql)`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new Error(`duplicate analytics migration version ${version}`);
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

/** What the migration runner needs from an adapter, already bound to the target database. */
export interface MigrationExecutor {
  command(sql: SqlFragment | string): Promise<void>;
  query<T extends object>(sql: SqlFragment | string): Promise<T[]>;
}

/**
 * The small migration runner (as twenty's), shared by both adapters: creates a
 * `schema_migrations` table, then applies every migration whose version is not recorded, in
 * order, recording each after its statements succeed. DDL uses IF NOT EXISTS (and an
 * `ALTER TABLE t ADD COLUMN c` whose column exists is skipped, 18.16 has no IF NOT EXISTS there)
 * so a migration interrupted half-way can be re-run. No lock: the adapter serialises callers.
 * @returns the versions applied by this call.
 */
export async function applyAnalyticsMigrations(db: MigrationExecutor, migrations: readonly AnalyticsMigration[]): Promise<number[]> {
  await db.command("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime('UTC')) ENGINE = ReplacingMergeTree() ORDER BY version");
  const applied = new Set((await db.query<{ version: number | string }>('SELECT DISTINCT version FROM schema_migrations')).map((r) => Number(r.version)));
  const done: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    for (const statement of m.statements) {
      if (await isExistingColumnAdd(db, statement)) continue;
      await db.command(statement);
    }
    await db.command(sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${new Date()})`);
    done.push(m.version);
  }
  return done;
}

/** True when `statement` is `ALTER TABLE t ADD COLUMN c ...` and `t` already has column `c`. */
async function isExistingColumnAdd(db: MigrationExecutor, statement: string): Promise<boolean> {
  const m = /^ALTER\s+TABLE\s+`?(\w+)`?\s+ADD\s+COLUMN\s+`?(\w+)`?/i.exec(statement);
  if (!m?.[1] || !m[2]) return false;
  const rows = await db.query<{ n: string | number }>(sql`SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = ${m[1]} AND name = ${m[2]}`);
  return Number(rows[0]?.n ?? 0) > 0;
}
