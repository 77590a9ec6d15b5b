import { existsSync } from 'node:fs';
import { openRelationalStore, pgliteDataDir, type RelationalStore } from '@textback/persistence';
import { CliUsageError } from './cli-usage.error';

/**
 * A command that works on existing data found no database: DATABASE_URL unset (or `--data-dir` given) and no PGlite
 * database in the data directory. A configuration error like a usage error: every command exits 2 on it.
 */
export class NoEmbeddedDatabaseError extends CliUsageError {
  /** @param remedy what the operator should do, or what the command could not do (default: create one first). */
  constructor(dataDir: string, remedy = 'start Textback once (npm start) or run `npx textback migrate all` first') {
    super(`no embedded database in ${dataDir} (the data directory: --data-dir, else TEXTBACK_DATA_DIR, default ./data): ${remedy}`);
  }
}

/**
 * The relational store a `textback` command works on, through the store port: PostgreSQL at `databaseUrl`, else the
 * PGlite database already in `dataDir` (refused while the single process holds it). Unlike `openRelationalStore` it
 * never creates an empty embedded database: `migrate` (or the first `npm start`) does that.
 * @throws NoEmbeddedDatabaseError when `databaseUrl` is unset and `dataDir` holds no PGlite database yet.
 */
export async function openExistingRelationalStore(config: { databaseUrl?: string | undefined; dataDir: string }): Promise<RelationalStore> {
  if (!config.databaseUrl && !existsSync(pgliteDataDir({ TEXTBACK_DATA_DIR: config.dataDir }))) throw new NoEmbeddedDatabaseError(config.dataDir);
  return openRelationalStore({ DATABASE_URL: config.databaseUrl, TEXTBACK_DATA_DIR: config.dataDir });
}
