import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type AnalyticsStore, createAnalyticsStore, ident, sql } from '@textback/analytics';
import { resolveDataDir } from '@textback/config';
import { PgliteRelationalStore, pgliteDataDir, quoteSchema } from '@textback/persistence';
import { type QueryRunner } from 'typeorm';
import { CHDB_DATA_SUBDIR } from '../../../../services/reporting/src/analytics/reporting-analytics.config';
import { NoEmbeddedDatabaseError } from '../cli-relational-store';
import { CliUsageError } from '../cli-usage.error';
import { SERVICES } from '../service-registry';
import { outboxExportSql, type OutboxHandover, outboxHandover } from './outbox-handover';
import { SHOP_TRANSFER_FORMAT, SHOP_TRANSFER_VERSION, ShopTransferWriter } from './shop-transfer-file';

/** The in-process bus's schema in the data directory (libs/bus BUS_SCHEMA; not imported here: the CLI loads no bus). */
export const EXPORT_BUS_SCHEMA = 'bus';
/** Rows fetched from a cursor at a time (PGlite) and from chDB per page: the export's memory is about one batch. */
const FETCH_ROWS = 2_000;
/** ClickHouse tables that are never copied: the migration runner's own (the target runs its migrations). */
const ANALYTICS_SKIP = new Set(['schema_migrations']);

/** What an export wrote, for the operator and the tests. */
export interface ShopExportReport {
  file: string;
  relationalRows: number;
  analyticsRows: number;
  tables: Record<string, number>;
  outbox: Record<string, { horizon: string; pending: number; published: number }>;
}

/**
 * `textback export [--data-dir DIR] --out FILE`: writes the embedded mode's whole data (every service schema's rows,
 * the bus's dead letters, sequence positions, reporting's analytics base tables) to one gzipped JSON-lines file for
 * `textback import` in the distributed mode. The data directory defaults to TEXTBACK_DATA_DIR (./data).
 * Reads inside one REPEATABLE READ READ ONLY transaction, streaming each table through a cursor (memory: one batch).
 * Outbox rows follow {@link OutboxHandover}'s rule. Analytics: every table of chDB except materialized views, the
 * tables they fill (ClickHouse's own views re-derive them from `events` at import) and `schema_migrations`; tables
 * with a ReplacingMergeTree-family engine are read `FINAL` (one row per key, as the queries count them).
 * @throws NoEmbeddedDatabaseError (a usage error, exit 2) when the directory holds no embedded database; Error when a process holds it (`... is in use by process <pid>`),
 *   or FILE exists; a failed export removes its partial file.
 */
export async function shopExportCommand(args: string[], env: Record<string, string | undefined>): Promise<ShopExportReport> {
  const out = option(args, '--out');
  if (!out) throw new CliUsageError('usage: textback export [--data-dir DIR] --out FILE');
  const dataDir = resolve(option(args, '--data-dir') ?? resolveDataDir(env));
  const pgliteDir = pgliteDataDir({ TEXTBACK_DATA_DIR: dataDir });
  if (!existsSync(pgliteDir)) throw new NoEmbeddedDatabaseError(dataDir, 'nothing to export');
  const file = resolve(out);
  if (existsSync(file)) throw new Error(`${file} exists: choose another file (an export never overwrites)`);
  // Refused while the single process runs: the store takes the directory's one-process lock.
  const store = await PgliteRelationalStore.open({ dataDir: pgliteDir });
  const writer = new ShopTransferWriter(file);
  let done = false;
  try {
    const ds = await store.createDataSource({ schema: 'public', applicationName: 'textback-export' }).initialize();
    try {
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const report = await exportAll(runner, writer, dataDir, env, file);
        await runner.query('COMMIT');
        done = true;
        return report;
      } finally {
        if (!done) await runner.query('ROLLBACK').catch(() => undefined);
        await runner.release();
      }
    } finally {
      await ds.destroy();
    }
  } finally {
    if (!done) {
      await writer.abort();
      rmSync(file, { force: true });
    }
    await store.close();
  }
}

async function exportAll(runner: QueryRunner, writer: ShopTransferWriter, dataDir: string, env: Record<string, string | undefined>, file: string): Promise<ShopExportReport> {
  const exportedAt = new Date().toISOString();
  const schemas = SERVICES.map((s) => s.schema);
  const hasBus = await schemaExists(runner, EXPORT_BUS_SCHEMA);
  const migrations: Record<string, string[]> = {};
  for (const schema of schemas) {
    const rows = (await runner.query(`SELECT name FROM ${quoteSchema(schema)}.migrations ORDER BY id`)) as { name: string }[];
    migrations[schema] = rows.map((r) => r.name);
  }
  const cursorRows = hasBus ? ((await runner.query(`SELECT consumer_group, producer_schema, last_seq::text AS last_seq FROM bus.cursors`)) as { consumer_group: string; producer_schema: string; last_seq: string }[]) : [];
  const groups = SERVICES.filter((s) => s.consumes.length > 0).map((s) => s.name);
  const handovers = new Map<string, OutboxHandover>(schemas.map((s) => [s, outboxHandover(s, groups, cursorRows)]));
  const outbox: ShopExportReport['outbox'] = {};
  for (const h of handovers.values()) {
    const counts = (await runner.query(
      `SELECT count(*) FILTER (WHERE seq > $1::bigint AND dead_lettered_at IS NULL)::int AS pending, count(*) FILTER (WHERE seq <= $1::bigint OR dead_lettered_at IS NOT NULL)::int AS published FROM ${quoteSchema(h.schema)}.outbox`,
      [h.horizon],
    )) as { pending: number; published: number }[];
    outbox[h.schema] = { horizon: h.horizon, pending: counts[0]?.pending ?? 0, published: counts[0]?.published ?? 0 };
  }
  const chdbDir = join(dataDir, CHDB_DATA_SUBDIR);
  const analytics = existsSync(chdbDir) ? await createAnalyticsStore({ database: env.CLICKHOUSE_DATABASE || 'textback', dataDir: chdbDir }) : null;
  try {
    const analyticsMigrations = analytics ? (await analytics.query<{ version: string | number }>('SELECT DISTINCT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version)) : [];
    await writer.header({
      format: SHOP_TRANSFER_FORMAT,
      version: SHOP_TRANSFER_VERSION,
      exportedAt,
      source: dataDir,
      migrations,
      analyticsMigrations,
      outbox: Object.fromEntries([...handovers.values()].map((h) => [h.schema, { ...outbox[h.schema]!, cursors: h.cursors }])),
    });
    const tables: Record<string, number> = {};
    let relationalRows = 0;
    for (const schema of [...schemas, ...(hasBus ? [EXPORT_BUS_SCHEMA] : [])]) {
      for (const table of await tablesInDependencyOrder(runner, schema)) {
        if (table === 'migrations') continue;
        if (schema === EXPORT_BUS_SCHEMA && table !== 'dead_letters') continue; // cursors: in the header, as the handover
        const columns = ((await runner.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [schema, table])) as { column_name: string }[]).map((c) => c.column_name);
        await writer.table({ schema, name: table, columns });
        const handover = table === 'outbox' ? handovers.get(schema) : undefined;
        const select = handover ? outboxExportSql(handover, exportedAt) : `SELECT row_to_json(t)::text AS j FROM ${quoteSchema(schema)}.${pgIdent(table)} t`;
        const n = await streamCursor(runner, select, (j) => writer.row(j));
        await writer.end(n);
        tables[`${schema}.${table}`] = n;
        relationalRows += n;
      }
    }
    const sequences = (await runner.query(`SELECT schemaname, sequencename, last_value::text AS last_value FROM pg_sequences WHERE schemaname = ANY($1) AND sequencename <> 'migrations_id_seq' ORDER BY 1, 2`, [[...schemas, EXPORT_BUS_SCHEMA]])) as { schemaname: string; sequencename: string; last_value: string | null }[];
    for (const s of sequences) await writer.sequence({ schema: s.schemaname, name: s.sequencename, lastValue: s.last_value });
    const analyticsRows = analytics ? await exportAnalytics(analytics, writer, tables) : 0;
    await writer.close({ relationalRows, analyticsRows });
    return { file, relationalRows, analyticsRows, tables, outbox };
  } finally {
    await analytics?.close();
  }
}

/** Streams `select` (one text column `j`) through a server-side cursor, `FETCH_ROWS` at a time. @returns rows read. */
async function streamCursor(runner: QueryRunner, select: string, each: (json: string) => Promise<void>): Promise<number> {
  await runner.query(`DECLARE textback_export NO SCROLL CURSOR FOR ${select}`);
  let n = 0;
  try {
    for (;;) {
      const batch = (await runner.query(`FETCH ${FETCH_ROWS} FROM textback_export`)) as { j: string }[];
      for (const row of batch) await each(row.j);
      n += batch.length;
      if (batch.length < FETCH_ROWS) return n;
    }
  } finally {
    await runner.query('CLOSE textback_export');
  }
}

async function schemaExists(runner: QueryRunner, schema: string): Promise<boolean> {
  const rows = (await runner.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema])) as unknown[];
  return rows.length > 0;
}

/**
 * The base tables of `schema`, each after the tables its foreign keys reference (the importer inserts in file order
 * inside one transaction, so referenced rows come first); ties by name.
 * @throws Error on a cycle of foreign keys (none today; it would need deferred constraints).
 */
export async function tablesInDependencyOrder(runner: QueryRunner, schema: string): Promise<string[]> {
  const tables = ((await runner.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`, [schema])) as { table_name: string }[]).map((t) => t.table_name);
  const edges = (await runner.query(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
      JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  )) as { child: string; parent: string }[];
  const bare = (name: string) => name.slice(name.lastIndexOf('.') + 1).replace(/"/g, '');
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (bare(e.child) !== bare(e.parent)) parents.get(bare(e.child))?.add(bare(e.parent));
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p) || !parents.has(p)));
    if (!next) throw new Error(`foreign keys in schema ${schema} form a cycle: ${tables.filter((t) => !placed.has(t)).join(', ')}`);
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

/**
 * Writes chDB's base analytics tables: every table but the materialized views, their target tables (re-derived by
 * the target's views when `events` is inserted) and {@link ANALYTICS_SKIP}. Paged by the table's sorting key.
 */
async function exportAnalytics(store: AnalyticsStore, writer: ShopTransferWriter, tables: Record<string, number>): Promise<number> {
  const all = await store.query<{ name: string; engine: string; sorting_key: string; create_table_query: string }>(
    'SELECT name, engine, sorting_key, create_table_query FROM system.tables WHERE database = currentDatabase() ORDER BY name',
  );
  const targets = new Set(all.filter((t) => t.engine === 'MaterializedView').map((t) => mvTarget(t.create_table_query)));
  let total = 0;
  for (const t of all) {
    if (t.engine === 'MaterializedView' || targets.has(t.name) || ANALYTICS_SKIP.has(t.name) || !t.engine.includes('MergeTree')) continue;
    const columns = (await store.query<{ name: string }>(sql`SELECT name FROM system.columns WHERE database = currentDatabase() AND table = ${t.name} AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position`)).map((c) => c.name);
    await writer.analyticsTable({ name: t.name, columns });
    const final = /^Replacing|^Collapsing|^VersionedCollapsing|^Summing|^Aggregating/.test(t.engine) ? ' FINAL' : '';
    const order = t.sorting_key ? ` ORDER BY ${t.sorting_key}` : '';
    let n = 0;
    for (;;) {
      const page = await store.query<Record<string, unknown>>(`SELECT ${columns.map(ident).join(', ')} FROM ${ident(t.name)}${final}${order} LIMIT ${FETCH_ROWS} OFFSET ${n}`);
      for (const row of page) await writer.analyticsRow(row);
      n += page.length;
      if (page.length < FETCH_ROWS) break;
    }
    await writer.end(n);
    tables[`analytics.${t.name}`] = n;
    total += n;
  }
  return total;
}

/** The table a materialized view writes to (`... TO db.table ...` in its CREATE statement). */
export function mvTarget(createQuery: string): string {
  const m = /\bTO\s+(?:`?[\w]+`?\.)?`?(\w+)`?/i.exec(createQuery);
  return m?.[1] ?? '';
}

/** A PostgreSQL identifier, quoted. */
export function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The value after `name` in `args` (`--out FILE`), or undefined.
 * @throws CliUsageError when `name` is given without a value (last, or followed by another `--option`).
 */
export function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new CliUsageError(`${name} needs a value`);
  return value;
}
