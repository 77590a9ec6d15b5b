import { join } from 'node:path';
import { type Logger } from 'pino';
import { PgliteRelationalStore } from './adapters/pglite/pglite-relational-store';
import { PostgresRelationalStore } from './adapters/postgres/postgres-relational-store';
import { type RelationalStore } from './port/relational-store.port';

/** Configuration that picks the relational store (read from the environment by the caller's env schema). */
export interface RelationalStoreConfig {
  /** postgres:// URL: present = PostgreSQL (distributed mode). */
  DATABASE_URL?: string | undefined;
  /** Directory of the single process's data (default `./data`); PGlite keeps its files in `<dir>/pglite`. */
  TEXTBACK_DATA_DIR?: string | undefined;
}

/** Default data directory of the embedded mode, relative to the working directory. */
export const DEFAULT_DATA_DIR = './data';

/** Where the embedded relational store keeps its files for `config`: `<TEXTBACK_DATA_DIR or ./data>/pglite`. */
export function pgliteDataDir(config: RelationalStoreConfig): string {
  return join(config.TEXTBACK_DATA_DIR || DEFAULT_DATA_DIR, 'pglite');
}

/**
 * Opens the relational store `config` asks for: PostgreSQL at DATABASE_URL when it is set (today's distributed mode,
 * nothing opened yet), else PGlite on {@link pgliteDataDir} (created on first use), reporting long session holds to
 * `log`.
 * @throws Error when the data directory is held by another process or PGlite cannot start.
 */
export async function openRelationalStore(config: RelationalStoreConfig, log?: Logger): Promise<RelationalStore> {
  if (config.DATABASE_URL) return new PostgresRelationalStore(config.DATABASE_URL);
  return PgliteRelationalStore.open({ dataDir: pgliteDataDir(config), ...(log ? { log } : {}) });
}
