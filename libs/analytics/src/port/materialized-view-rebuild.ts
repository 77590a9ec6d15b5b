import { type AnalyticsStore } from './analytics-store.port';
import { ident } from '../sql/clickhouse-sql.util';

/** Suffix of the temporary objects a rebuild creates (a Null copy of the source, one view per rebuilt view). */
export const REBUILD_SUFFIX = '__rebuild';

/** One materialized view of the store, as `SHOW CREATE TABLE` describes it. */
export interface MaterializedViewDefinition {
  /** The view's name (in the store's current database). */
  name: string;
  /** The table the view writes to (`TO <target>`), unqualified. */
  target: string;
  /** The table its first `FROM` reads: the one whose inserts trigger it, unqualified. */
  source: string;
  /** The view's query, from `SELECT` to the end, as the engine printed it. */
  select: string;
}

/** What {@link rebuildMaterializedViews} did. */
export interface MaterializedViewRebuild {
  /** The source table replayed. */
  source: string;
  /** Views whose targets were emptied and refilled, in name order. */
  views: string[];
  /** Their target tables, emptied and refilled. */
  targets: string[];
  /** Rows of the source replayed (after FINAL, so duplicates of one key count once). */
  sourceRows: number;
  /** Wall time of the whole rebuild, milliseconds. */
  durationMs: number;
}

/** Thrown when a view's definition cannot be read, or a target is fed by something other than one view on the source. */
export class MaterializedViewRebuildException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaterializedViewRebuildException';
  }
}

const NAME = String.raw`(?:\x60[^\x60]+\x60|[A-Za-z_][A-Za-z0-9_]*)`;
const QUALIFIED = new RegExp(String.raw`^(?:${NAME}\.)?(${NAME})`);

function unquote(name: string): string {
  return name.startsWith('`') ? name.slice(1, -1) : name;
}

/**
 * Reads one view's definition from the `SHOW CREATE TABLE` statement the engine prints. Both engines print
 * `CREATE MATERIALIZED VIEW db.name TO db.target (columns) AS SELECT … FROM db.source …`: ClickHouse 18.16 on one line,
 * current ClickHouse (chDB) over several with backquoted column names.
 * @throws MaterializedViewRebuildException when the statement is not a `TO` view or has no `FROM`.
 */
export function parseMaterializedView(name: string, statement: string): MaterializedViewDefinition {
  const to = new RegExp(String.raw`^CREATE MATERIALIZED VIEW\s+\S+\s+TO\s+`, 'i').exec(statement);
  const target = to ? QUALIFIED.exec(statement.slice(to[0].length))?.[1] : undefined;
  const as = /\bAS\s+SELECT\b/i.exec(statement);
  if (!target || !as) throw new MaterializedViewRebuildException(`materialized view ${name}: not a \`TO <table>\` view with a SELECT (${statement.slice(0, 120)}…)`);
  const select = statement.slice(as.index + as[0].length - 'SELECT'.length);
  const from = /\bFROM\s+/i.exec(select);
  const source = from ? QUALIFIED.exec(select.slice(from.index + from[0].length))?.[1] : undefined;
  if (!source) throw new MaterializedViewRebuildException(`materialized view ${name}: no FROM in its query`);
  return { name, target: unquote(target), source: unquote(source), select };
}

/**
 * The view's query reading `table` instead of its source: only the first `FROM` (the table whose inserts trigger the
 * view) is replaced; other references, in joins or subqueries, still read what they read.
 */
export function retargetSelect(view: MaterializedViewDefinition, table: string): string {
  const from = /\bFROM\s+/i.exec(view.select);
  if (!from) throw new MaterializedViewRebuildException(`materialized view ${view.name}: no FROM in its query`);
  const start = from.index + from[0].length;
  const qualified = QUALIFIED.exec(view.select.slice(start));
  if (!qualified) throw new MaterializedViewRebuildException(`materialized view ${view.name}: no table after FROM`);
  return `${view.select.slice(0, start)}${ident(table)}${view.select.slice(start + qualified[0].length)}`;
}

/** The materialized views of the store's current database, from `system.tables` and `SHOW CREATE TABLE`. */
export async function listMaterializedViews(store: AnalyticsStore): Promise<MaterializedViewDefinition[]> {
  const rows = await store.query<{ name: string }>(`SELECT name FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView' ORDER BY name`);
  const views: MaterializedViewDefinition[] = [];
  for (const { name } of rows) {
    const [shown] = await store.query<{ statement: string }>(`SHOW CREATE TABLE ${ident(name)}`);
    if (!shown) throw new MaterializedViewRebuildException(`materialized view ${name}: SHOW CREATE TABLE returned nothing`);
    views.push(parseMaterializedView(name, shown.statement));
  }
  return views;
}

/**
 * Recomputes every table that a materialized view fills from `source` (reporting: `events` → measures_daily,
 * reasons_daily, leads_daily, first_text_stories), from the rows `source` holds now. A view's target is written when
 * an insert into its source pushes the block on to it, not atomically with the source's own rows (ClickHouse: "Inserts
 * into materialized views are not atomic with the source table"), so a process killed between the two writes leaves
 * source rows that no rollup counted; the consumer then drops the redelivered event as already stored. Rebuilding
 * makes the targets agree with the source again.
 *
 * How, in SQL that runs on ClickHouse 18.16 and on current ClickHouse (chDB): temporary objects of an interrupted
 * rebuild are dropped; a `Null`-engine copy of the source (`<source>__rebuild`, it stores nothing) gets one view per
 * rebuilt view, with the same query and target; every target is emptied (TRUNCATE); then `INSERT INTO
 * <source>__rebuild SELECT * FROM <source> FINAL` pushes every source row, once per key, through those views; the
 * temporary objects are dropped. The source is never written. Interrupted at any step, running it again gives the
 * same result.
 *
 * Run it only while nothing inserts into `source` (at start, before consumers): a row inserted during the rebuild
 * could be counted twice or not at all. Every target must be filled only by views on `source`: it is emptied.
 * @returns what was rebuilt (no views on `source`: nothing, and nothing is written).
 * @throws MaterializedViewRebuildException when a target is also fed by a view on another table, or a definition
 *   cannot be read; the engine's error otherwise (the targets may then be partly filled: run it again).
 */
export async function rebuildMaterializedViews(store: AnalyticsStore, source: string): Promise<MaterializedViewRebuild> {
  const started = Date.now();
  const all = await listMaterializedViews(store);
  const staging = `${source}${REBUILD_SUFFIX}`;
  for (const leftover of all.filter((v) => v.name.endsWith(REBUILD_SUFFIX))) await store.command(`DROP TABLE IF EXISTS ${ident(leftover.name)}`);
  await store.command(`DROP TABLE IF EXISTS ${ident(staging)}`);
  const live = all.filter((v) => !v.name.endsWith(REBUILD_SUFFIX));
  const views = live.filter((v) => v.source === source);
  if (views.length === 0) return { source, views: [], targets: [], sourceRows: 0, durationMs: Date.now() - started };
  const targets = [...new Set(views.map((v) => v.target))].sort();
  const shared = live.filter((v) => v.source !== source && targets.includes(v.target));
  if (shared.length > 0) throw new MaterializedViewRebuildException(`cannot rebuild from ${source}: ${shared.map((v) => `${v.target} is also fed by ${v.name} from ${v.source}`).join('; ')}`);

  await store.command(`CREATE TABLE ${ident(staging)} AS ${ident(source)} ENGINE = Null`);
  try {
    for (const view of views) {
      await store.command(`CREATE MATERIALIZED VIEW ${ident(`${view.name}${REBUILD_SUFFIX}`)} TO ${ident(view.target)} AS ${retargetSelect(view, staging)}`);
    }
    for (const target of targets) await store.command(`TRUNCATE TABLE ${ident(target)}`);
    const [count] = await store.query<{ n: string | number }>(`SELECT count() AS n FROM ${ident(source)} FINAL`);
    await store.command(`INSERT INTO ${ident(staging)} SELECT * FROM ${ident(source)} FINAL`);
    return { source, views: views.map((v) => v.name), targets, sourceRows: Number(count?.n ?? 0), durationMs: Date.now() - started };
  } finally {
    for (const view of views) await store.command(`DROP TABLE IF EXISTS ${ident(`${view.name}${REBUILD_SUFFIX}`)}`);
    await store.command(`DROP TABLE IF EXISTS ${ident(staging)}`);
  }
}
