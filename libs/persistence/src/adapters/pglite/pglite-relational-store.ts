import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type PGlite } from '@electric-sql/pglite';
import { type Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DatabaseWakeups } from '../../database-wakeups';
import { bindMigrationLock } from '../../migration-runner';
import { type RelationalStore, type ServiceDataSourceSettings } from '../../port/relational-store.port';
import { serviceDataSourceOptions } from '../../port/service-data-source-options';
import { InProcessMigrationLock } from './in-process-migration-lock';
import { clusterTemplateDir, createCluster, ensureClusterTemplate, processIsAlive } from './pglite-cluster';
import { pgliteModules } from './pglite-modules';
import { PgliteSession } from './pglite-session';

/** Settings of {@link PgliteRelationalStore.open}. */
export interface PgliteStoreOptions {
  /** Directory of the database files (created when missing; `initdb` runs on first open). */
  dataDir: string;
  /** Default longest wait for the session of data sources that set no `connectTimeoutMs`, ms; default 30 000. */
  sessionWaitMs?: number;
  /** Where a checkout held at least `longHoldMs` is reported (a warning); without it, nowhere. */
  log?: Logger;
  /** Hold time of the session worth a warning, ms; default 1 000 (DEFAULT_LONG_HOLD_MS). */
  longHoldMs?: number;
}

/** Name of the file in the data directory's parent that marks it as open by a process (its pid). */
const LOCK_FILE_SUFFIX = '.lock';

/**
 * PostgreSQL settings the embedded store starts with, on top of PGlite's defaults (`PGlite.defaultStartParams`).
 * `shared_buffers`: the buffer pool lives in the WebAssembly heap and is touched whole at start; PostgreSQL's (and
 * initdb's) 128 MB default is larger than a single shop's whole database (tens of MB) and was the largest part of the
 * single process's resident memory. 32 MB measured: PGlite resident after opening an existing directory 286 -> 193 MB
 * (node, `PGlite.create` then `SELECT 1`); pages not in the pool come from the operating system's page cache.
 */
export const PGLITE_START_SETTINGS: readonly string[] = ['-c', 'shared_buffers=32MB'];

/** PGlite's start parameters for the embedded store: PGlite's defaults, then {@link PGLITE_START_SETTINGS}. */
export function pgliteStartParams(): string[] {
  return [...pgliteModules().PGlite.defaultStartParams, ...PGLITE_START_SETTINGS];
}

/**
 * Makes the cached empty cluster that new embedded databases are copied from ({@link createCluster}), if missing, so
 * the first `open` of a new data directory copies ~40 MB instead of running initdb (~5 s of one core). `npm run demo`
 * calls it while chDB installs; nothing needs it: without it the first new database makes the template itself.
 * @returns the template's directory (null: PGlite is not under node_modules, nothing cached) and whether this call made it.
 * @throws Error when initdb fails or the cache cannot be written.
 */
export async function prepareClusterTemplate(): Promise<{ dir: string | null; created: boolean }> {
  const startParams = pgliteStartParams();
  const dir = clusterTemplateDir(startParams);
  return { dir, created: dir ? await ensureClusterTemplate(dir, startParams) : false };
}

/**
 * The embedded {@link RelationalStore}: PostgreSQL 18 compiled to WebAssembly (PGlite, `@electric-sql/pglite`) in this
 * process, on a data directory, with the `btree_gist` extension available (scheduling's exclusion constraints). All
 * services' schemas live in its one database and share its one session ({@link PgliteSession}): TypeORM data sources
 * use TypeORM's own `postgres` driver over a pool that hands out that session whole, so transactions are serialised;
 * the migration lock is in-process ({@link InProcessMigrationLock}); wake-ups come from the session's LISTEN.
 *
 * One process per data directory: `open` writes `<dataDir>.lock` with its pid and refuses a directory another live
 * process holds (two PGlite instances on one directory would corrupt it); a lock file left by a dead process is taken
 * over. Not for the distributed mode: a franchise runs PostgreSQL.
 */
export class PgliteRelationalStore implements RelationalStore {
  readonly kind = 'pglite' as const;
  readonly migrationLock = new InProcessMigrationLock();

  private constructor(
    private readonly db: PGlite,
    private readonly session: PgliteSession,
    private readonly dataDir: string,
    private readonly lockFile: string,
    private readonly sessionWaitMs: number,
  ) {}

  /**
   * Opens the database in `options.dataDir`; a missing one is created first, as a copy of the cached empty cluster
   * ({@link createCluster}: initdb runs once per PGlite build and settings, not once per data directory).
   * @throws Error when another live process holds the directory, or PGlite cannot start on it.
   */
  static async open(options: PgliteStoreOptions): Promise<PgliteRelationalStore> {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    const lockFile = `${dataDir}${LOCK_FILE_SUFFIX}`;
    takeDirectoryLock(lockFile, dataDir);
    try {
      const { PGlite: PGliteClass, btreeGist } = pgliteModules();
      const startParams = pgliteStartParams();
      if (!existsSync(join(dataDir, 'PG_VERSION'))) await createCluster(dataDir, startParams);
      const db = await PGliteClass.create({ dataDir, extensions: { btree_gist: btreeGist }, startParams });
      const log = options.log;
      const session = await PgliteSession.open(db, {
        ...(options.longHoldMs !== undefined ? { longHoldMs: options.longHoldMs } : {}),
        ...(log
          ? {
              onLongHold: (heldMs: number) =>
                log.warn({ heldMs, dataDir }, 'embedded database session held long: every other caller waited (a transaction spanning an outside call?)'),
            }
          : {}),
      });
      return new PgliteRelationalStore(db, session, dataDir, lockFile, options.sessionWaitMs ?? 30_000);
    } catch (err) {
      rmSync(lockFile, { force: true });
      throw err;
    }
  }

  /** The one session's notifications (LISTEN through the queue; NOTIFYs arrive at commit). */
  get notifications(): PgliteSession {
    return this.session;
  }

  get location(): string {
    return this.dataDir;
  }

  createDataSource(settings: ServiceDataSourceSettings): DataSource {
    const ds = new DataSource({ ...serviceDataSourceOptions(settings), driver: this.session.pgModule(settings.connectTimeoutMs ?? this.sessionWaitMs) });
    bindMigrationLock(ds, this.migrationLock);
    return ds;
  }

  createWakeups(applicationName: string, log: Logger): DatabaseWakeups {
    return new DatabaseWakeups({ notifications: this.session, applicationName }, log);
  }

  /** Waits for the transaction in progress, closes the session and the database (flushing it to disk), unlocks the directory. */
  async close(): Promise<void> {
    await this.session.close();
    if (!this.db.closed) await this.db.close();
    rmSync(this.lockFile, { force: true });
  }
}

/**
 * Takes the one-process lock of a PGlite data directory (`<dataDir>.lock`, as {@link PgliteRelationalStore.open} does)
 * without opening the database: for tools that copy or replace the directory (backup, restore) while no process may
 * open it.
 * @returns a function that releases the lock.
 * @throws Error naming the live process that holds `dataDir`.
 */
export function lockPgliteDirectory(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const lockFile = `${dir}${LOCK_FILE_SUFFIX}`;
  takeDirectoryLock(lockFile, dir);
  return () => rmSync(lockFile, { force: true });
}

/**
 * Creates `lockFile` holding this pid, exclusively; takes it over when the pid in it is not a live process.
 * @throws Error naming the process that holds `dataDir`.
 */
function takeDirectoryLock(lockFile: string, dataDir: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && processIsAlive(holder)) {
        throw new Error(`data directory ${dataDir} is in use by process ${holder} (${lockFile}); one process per data directory`);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock data directory ${dataDir}`);
}
