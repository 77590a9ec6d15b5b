import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AnalyticsStore, ClickHouseAnalyticsStore, inList, sql } from '@textback/analytics';
import { BUS_MIGRATIONS } from '@textback/bus';
import { selectDeploymentMode } from '@textback/config';
import { openRelationalStore, quoteSchema, type RelationalStore, runMigrations } from '@textback/persistence';
import { type QueryRunner } from 'typeorm';
import { loadReportingMigrateEnv } from '../../../../services/reporting/src/config/reporting.env';
import { migrateServices } from '../migrate.command';
import { SERVICES } from '../service-registry';
import { EXPORT_BUS_SCHEMA, pgIdent } from './shop-export.command';
import { type ShopTransferHeader, type ShopTransferLine, readShopTransfer, ShopTransferFileException } from './shop-transfer-file';
import { CliUsageError } from '../cli-usage.error';

/** Rows per INSERT statement (one `json_populate_recordset` parameter) and most characters in one. */
const INSERT_ROWS = 1_000;
const INSERT_CHARS = 4_000_000;
/** Rows per ClickHouse INSERT. */
const ANALYTICS_INSERT_ROWS = 5_000;
/**
 * The analytics table materialized views read: with `--force`, its rows already in ClickHouse (by `event_id`) are not
 * inserted again, since every insert would feed the rollups again. The other base tables are ReplacingMergeTree
 * tables read FINAL: a second copy of a row changes no figure.
 */
const ANALYTICS_EVENTS = 'events';

/** What an import wrote. */
export interface ShopImportReport {
  relationalRows: number;
  analyticsRows: number;
  /** Outbox rows left for the distributed relays to publish, per schema (from the export's handover). */
  pendingOutbox: Record<string, number>;
}

/** The target already holds data and `--force` was not given, or the export is newer than this textback's migrations. */
export class ShopImportRefusedException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShopImportRefusedException';
  }
}

/**
 * `textback import --in FILE [--force]`: loads a `textback export` file into the distributed mode's stores, from
 * DATABASE_URL, CLICKHOUSE_URL (CLICKHOUSE_DATABASE, _USER, _PASSWORD) and KAFKA_BROKERS as `textback migrate` reads
 * them. Order: every service's migrations (and reporting's ClickHouse ones, and the `bus` schema that keeps the
 * embedded bus's dead letters); the export's migrations must all be known to the target (else refused: upgrade first);
 * then, unless `--force`, refused when any target table (PostgreSQL schemas, ClickHouse `events`) holds a row; then
 * the relational rows in ONE transaction (all or nothing; tables in the file's order, referenced tables first) with
 * the sequences moved past the imported ids; then the analytics rows (ClickHouse's views derive the rollups from
 * `events`). Outbox rows keep the export's handover: pending rows (`published_at` NULL) are published by the services'
 * relays once they start. `--force` imports over existing data: rows whose key exists are kept as they are (`ON
 * CONFLICT DO NOTHING`), events already in ClickHouse are skipped; a failed analytics step is finished by running the
 * same import again with `--force`.
 * @throws ShopImportRefusedException, ShopTransferFileException, ConfigValidationException (partial addresses), or the
 *   database's error (the relational transaction is rolled back).
 */
export async function shopImportCommand(args: string[], env: Record<string, string | undefined>, report: (line: string) => void): Promise<ShopImportReport> {
  const i = args.indexOf('--in');
  const input = i >= 0 ? args[i + 1] : undefined;
  if (!input) throw new CliUsageError('usage: textback import --in FILE [--force]');
  const force = args.includes('--force');
  const file = resolve(input);
  if (!existsSync(file)) throw new Error(`no such export: ${file}`);
  if (selectDeploymentMode('textback import', env) !== 'distributed') {
    throw new Error('textback import loads a shop into the distributed mode: set DATABASE_URL, KAFKA_BROKERS and CLICKHOUSE_URL (the embedded mode restores with `textback restore`)');
  }
  const lines = readShopTransfer(file);
  const first = await lines.next();
  if (first.done || first.value.kind !== 'header') throw new ShopTransferFileException(file, 'no header');
  const header = first.value.header;

  const store = await openRelationalStore({ DATABASE_URL: env.DATABASE_URL });
  const ch = loadReportingMigrateEnv(env);
  const analytics = new ClickHouseAnalyticsStore({ url: ch.CLICKHOUSE_URL, database: ch.CLICKHOUSE_DATABASE, username: ch.CLICKHOUSE_USER, password: ch.CLICKHOUSE_PASSWORD });
  try {
    await migrateServices(store, SERVICES, 0, env, report);
    await migrateBusSchema(store);
    const ds = await store.createDataSource({ schema: 'public', applicationName: 'textback-import', poolSize: 1 }).initialize();
    try {
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        await checkTarget(runner, analytics, header, force);
        return await load(runner, analytics, lines, header, force, file);
      } finally {
        await runner.release();
      }
    } finally {
      await ds.destroy();
    }
  } finally {
    await analytics.close();
    await store.close();
  }
}

/** The embedded bus's `bus` schema (its dead letters are imported; its cursors are not: see the handover). */
async function migrateBusSchema(store: RelationalStore): Promise<void> {
  const ds = await store.createDataSource({ schema: EXPORT_BUS_SCHEMA, applicationName: 'migrate:bus', migrations: BUS_MIGRATIONS, poolSize: 2 }).initialize();
  try {
    await runMigrations(ds, EXPORT_BUS_SCHEMA);
  } finally {
    await ds.destroy();
  }
}

async function checkTarget(runner: QueryRunner, analytics: AnalyticsStore, header: ShopTransferHeader, force: boolean): Promise<void> {
  for (const [schema, names] of Object.entries(header.migrations)) {
    const known = new Set(((await runner.query(`SELECT name FROM ${quoteSchema(schema)}.migrations`)) as { name: string }[]).map((r) => r.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) throw new ShopImportRefusedException(`the export's ${schema} schema has migrations this textback does not know (${unknown.join(', ')}): import with the version that exported it, or newer`);
  }
  const chVersions = new Set((await analytics.query<{ version: string | number }>('SELECT DISTINCT version FROM schema_migrations')).map((r) => Number(r.version)));
  const chUnknown = header.analyticsMigrations.filter((v) => !chVersions.has(v));
  if (chUnknown.length > 0) throw new ShopImportRefusedException(`the export's analytics have migrations ${chUnknown.join(', ')} that this textback's ClickHouse migrations do not have`);
  if (force) return;
  const occupied: string[] = [];
  for (const schema of [...Object.keys(header.migrations), EXPORT_BUS_SCHEMA]) {
    const tables = (await runner.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`, [schema])) as { table_name: string }[];
    for (const t of tables) {
      const rows = (await runner.query(`SELECT EXISTS (SELECT 1 FROM ${quoteSchema(schema)}.${pgIdent(t.table_name)}) AS found`)) as { found: boolean }[];
      if (rows[0]?.found) occupied.push(`${schema}.${t.table_name}`);
    }
  }
  const events = await analytics.query<{ n: string | number }>(`SELECT count() AS n FROM ${ANALYTICS_EVENTS}`);
  if (Number(events[0]?.n ?? 0) > 0) occupied.push(`ClickHouse ${ANALYTICS_EVENTS}`);
  if (occupied.length > 0) {
    throw new ShopImportRefusedException(`the target already holds data (${occupied.slice(0, 8).join(', ')}${occupied.length > 8 ? `, ${occupied.length - 8} more` : ''}): import into empty stores, or pass --force to add the export's rows (existing keys are kept)`);
  }
}

interface PendingTable {
  schema: string;
  name: string;
  insertSql: string;
  expected?: number;
  read: number;
  batch: string[];
  chars: number;
}

async function load(runner: QueryRunner, analytics: AnalyticsStore, lines: AsyncGenerator<ShopTransferLine>, header: ShopTransferHeader, force: boolean, file: string): Promise<ShopImportReport> {
  let relationalRows = 0;
  let analyticsRows = 0;
  let table: PendingTable | null = null;
  let chTable: { name: string; columns: string[]; batch: Record<string, unknown>[]; read: number } | null = null;
  let inTransaction = true;
  await runner.query('START TRANSACTION');
  const flush = async () => {
    if (!table || table.batch.length === 0) return;
    await runner.query(table.insertSql, [`[${table.batch.join(',')}]`]);
    table.batch = [];
    table.chars = 0;
  };
  const flushAnalytics = async () => {
    if (!chTable || chTable.batch.length === 0) return;
    let rows = chTable.batch;
    if (force && chTable.name === ANALYTICS_EVENTS) {
      const ids = rows.map((r) => String(r.event_id));
      const present = new Set((await analytics.query<{ event_id: string }>(sql`SELECT event_id FROM events WHERE event_id IN ${inList(ids)}`)).map((r) => r.event_id));
      rows = rows.filter((r) => !present.has(String(r.event_id)));
    }
    if (rows.length > 0) await analytics.insert(chTable.name, chTable.columns, rows);
    chTable.batch = [];
  };
  try {
    for await (const line of lines) {
      switch (line.kind) {
        case 'header':
          throw new ShopTransferFileException(file, 'a second header');
        case 'table':
          table = { schema: line.table.schema, name: line.table.name, insertSql: await insertSql(runner, line.table.schema, line.table.name, line.table.columns, force), read: 0, batch: [], chars: 0 };
          break;
        case 'row':
          if (!table) throw new ShopTransferFileException(file, 'a row before its table');
          table.batch.push(line.json);
          table.chars += line.json.length;
          table.read++;
          if (table.batch.length >= INSERT_ROWS || table.chars >= INSERT_CHARS) await flush();
          break;
        case 'end':
          if (chTable) {
            await flushAnalytics();
            if (chTable.read !== line.rows) throw new ShopTransferFileException(file, `analytics table ${chTable.name}: ${chTable.read} rows, ${line.rows} announced`);
            analyticsRows += chTable.read;
            chTable = null;
          } else if (table) {
            await flush();
            if (table.read !== line.rows) throw new ShopTransferFileException(file, `${table.schema}.${table.name}: ${table.read} rows, ${line.rows} announced`);
            relationalRows += table.read;
            table = null;
          }
          break;
        case 'sequence':
          if (line.sequence.lastValue !== null) {
            const seq = `${quoteSchema(line.sequence.schema)}.${pgIdent(line.sequence.name)}`;
            await runner.query(`SELECT setval($1::regclass, greatest($2::bigint, (SELECT last_value FROM ${seq})), true)`, [seq, line.sequence.lastValue]);
          }
          break;
        case 'analyticsTable':
          if (inTransaction) {
            await runner.query('COMMIT');
            inTransaction = false;
          }
          chTable = { name: line.table.name, columns: line.table.columns, batch: [], read: 0 };
          break;
        case 'analyticsRow':
          if (!chTable) throw new ShopTransferFileException(file, 'an analytics row before its table');
          chTable.batch.push(JSON.parse(line.json) as Record<string, unknown>);
          chTable.read++;
          if (chTable.batch.length >= ANALYTICS_INSERT_ROWS) await flushAnalytics();
          break;
        case 'trailer':
          if (line.trailer.relationalRows !== relationalRows || line.trailer.analyticsRows !== analyticsRows) {
            throw new ShopTransferFileException(file, `totals differ: read ${relationalRows}/${analyticsRows}, file says ${line.trailer.relationalRows}/${line.trailer.analyticsRows}`);
          }
          break;
        default: {
          const never: never = line;
          throw new ShopTransferFileException(file, `unexpected line ${JSON.stringify(never)}`);
        }
      }
    }
    if (inTransaction) {
      await runner.query('COMMIT');
      inTransaction = false;
    }
  } finally {
    if (inTransaction) await runner.query('ROLLBACK').catch(() => undefined);
  }
  return { relationalRows, analyticsRows, pendingOutbox: Object.fromEntries(Object.entries(header.outbox).map(([s, o]) => [s, o.pending])) };
}

/**
 * The INSERT of a batch of `schema.table` rows (one JSON array parameter) for the file's `columns` that the target
 * table has and writes (generated columns are left to the target).
 * @throws ShopImportRefusedException when the target table is missing or lacks a column of the file (data would be lost).
 */
async function insertSql(runner: QueryRunner, schema: string, table: string, columns: readonly string[], force: boolean): Promise<string> {
  const target = (await runner.query(`SELECT column_name, is_generated FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`, [schema, table])) as { column_name: string; is_generated: string }[];
  if (target.length === 0) throw new ShopImportRefusedException(`the target has no table ${schema}.${table}: its migrations differ from the export's`);
  const known = new Set(target.map((c) => c.column_name));
  const missing = columns.filter((c) => !known.has(c));
  if (missing.length > 0) throw new ShopImportRefusedException(`the target's ${schema}.${table} has no column ${missing.join(', ')}: the export's rows would lose them`);
  const generated = new Set(target.filter((c) => c.is_generated !== 'NEVER').map((c) => c.column_name));
  const cols = columns.filter((c) => !generated.has(c)).map(pgIdent).join(', ');
  const qualified = `${quoteSchema(schema)}.${pgIdent(table)}`;
  return `INSERT INTO ${qualified} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${qualified}, $1::json)${force ? ' ON CONFLICT DO NOTHING' : ''}`;
}
