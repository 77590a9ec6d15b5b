import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RoundTripMeter } from '@textback/observability';
import { type AnalyticsMigration, applyAnalyticsMigrations } from '../../port/analytics-migration';
import { type AnalyticsQueryOptions, type AnalyticsRow, type AnalyticsStore } from '../../port/analytics-store.port';
import { ident, type SqlFragment } from '../../sql/clickhouse-sql.util';
import { type ChdbModule, type ChdbSession } from './chdb-session.types';

/** Where and how the embedded analytics store keeps its data. */
export interface ChdbSettings {
  /** Data directory of the engine (created when missing). chDB allows one per process. */
  dataDir: string;
  /** Database holding the analytics tables (created at open); a plain identifier. */
  database: string;
}

/** File in the data directory while a store has it open: found at open, the previous process did not close it. */
export const CHDB_OPEN_MARKER = 'textback-open.json';
/** File in the data directory from an open that found {@link CHDB_OPEN_MARKER} until the views are rebuilt. */
export const CHDB_VIEWS_STALE_MARKER = 'textback-views-stale.json';

/** Writes `body` to `path` and syncs file and directory, so the marker survives a power loss too. */
function writeSynced(path: string, body: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDir(join(path, '..'));
}

/** Syncs directory `dir`, so a file created or removed in it survives a power loss. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Thrown when the optional `chdb` package is not installed (franchise images leave it out). */
export class ChdbUnavailableException extends Error {
  constructor(cause: unknown) {
    super('the embedded analytics store needs the optional npm package chdb (run `npm run engines:embedded`, which installs chdb 3.4.0); it is not installed here', { cause });
    this.name = 'ChdbUnavailableException';
  }
}

/**
 * Loads the optional `chdb` package (its engine, about 540 MB, from @chdb/lib-<platform>).
 * @throws ChdbUnavailableException when it is not installed.
 */
export function loadChdb(): ChdbModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional dependency, loaded only in the embedded mode
    return require('chdb') as ChdbModule;
  } catch (err) {
    throw new ChdbUnavailableException(err);
  }
}

/**
 * The analytics store on chDB (npm `chdb` 3.4.0: the ClickHouse 26.7 engine in-process, on a data
 * directory): the embedded mode's adapter, running the same SQL and migrations as the ClickHouse
 * server. Every statement runs through `queryAsync`/`insert`, which execute on a libuv worker
 * thread, so the event loop stays responsive while the engine works. The session is switched to
 * `database` (`USE`, kept for the session's life) and to ClickHouse server's JSON output of 64-bit
 * integers as strings, so results look the same as from the HTTP adapter.
 *
 * chDB allows one open data directory per process: open one store per process (the factory's
 * caller owns it) and close it before opening another directory.
 */
export class ChdbAnalyticsStore implements AnalyticsStore {
  readonly kind = 'chdb' as const;
  private migrations: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly chdb: ChdbModule,
    private readonly session: ChdbSession,
    private readonly dataDir: string,
  ) {}

  /**
   * Opens (creating when missing) the data directory and the database. Writes {@link CHDB_OPEN_MARKER} (removed by
   * {@link close}); when it is already there, the previous process stopped without closing, so
   * {@link CHDB_VIEWS_STALE_MARKER} is written first and {@link viewsMayBeStale} says so until {@link markViewsRebuilt}.
   * @throws ChdbUnavailableException without the chdb package; the chDB error when another data directory is open in this process.
   */
  static async open(settings: ChdbSettings): Promise<ChdbAnalyticsStore> {
    const chdb = loadChdb();
    mkdirSync(settings.dataDir, { recursive: true });
    const openMarker = join(settings.dataDir, CHDB_OPEN_MARKER);
    if (existsSync(openMarker)) writeSynced(join(settings.dataDir, CHDB_VIEWS_STALE_MARKER), JSON.stringify({ foundAt: new Date().toISOString(), reason: `${CHDB_OPEN_MARKER} was left by a process that did not close the store` }));
    const session = new chdb.Session(settings.dataDir);
    writeSynced(openMarker, JSON.stringify({ pid: process.pid, openedAt: new Date().toISOString() }));
    const store = new ChdbAnalyticsStore(chdb, session, settings.dataDir);
    try {
      await store.command(`CREATE DATABASE IF NOT EXISTS ${ident(settings.database)}`);
      await store.command(`USE ${ident(settings.database)}`);
      await store.command('SET output_format_json_quote_64bit_integers = 1');
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  /** Applies migrations one caller at a time (an in-process queue: chDB serves this process only). */
  migrate(migrations: readonly AnalyticsMigration[]): Promise<number[]> {
    const run = this.migrations.then(() => applyAnalyticsMigrations(this, migrations));
    this.migrations = run.catch(() => undefined);
    return run;
  }

  async insert(table: string, columns: readonly string[], rows: readonly AnalyticsRow[]): Promise<void> {
    if (rows.length === 0) return;
    RoundTripMeter.get().clickHouseInsert(rows.length);
    const payload = Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'), 'utf8');
    await this.session.insert({ table, values: payload, format: 'JSONEachRow', columns });
  }

  async query<T extends object = Record<string, unknown>>(sql: SqlFragment | string, options: AnalyticsQueryOptions = {}): Promise<T[]> {
    const result = await this.session.queryAsync(String(sql), {
      format: 'JSONEachRow',
      ...(options.maxExecutionSeconds !== undefined ? { timeout: options.maxExecutionSeconds * 1000 } : {}),
    });
    const text = result.text();
    return text.length === 0 ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as T);
  }

  async command(sql: SqlFragment | string): Promise<void> {
    await this.session.queryAsync(String(sql));
  }

  async health(): Promise<void> {
    await this.query('SELECT 1 AS ok');
  }

  viewsMayBeStale(): boolean {
    return existsSync(join(this.dataDir, CHDB_VIEWS_STALE_MARKER));
  }

  async markViewsRebuilt(): Promise<void> {
    rmSync(join(this.dataDir, CHDB_VIEWS_STALE_MARKER), { force: true });
    syncDir(this.dataDir);
  }

  /**
   * Closes the session after every outstanding native call settled (so the directory can be reopened), then removes
   * {@link CHDB_OPEN_MARKER}: the next open knows this one ended cleanly.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.chdb.drainPending();
    this.session.close();
    await this.chdb.drainPending();
    rmSync(join(this.dataDir, CHDB_OPEN_MARKER), { force: true });
  }
}
