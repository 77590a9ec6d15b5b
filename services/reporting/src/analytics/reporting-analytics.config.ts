import { join } from 'node:path';
import { type AnalyticsStoreConfig } from '@textback/analytics';
import { resolveDataDir } from '@textback/config';
import { type ReportingEnv } from '../config/reporting.env';

/** Folder of the embedded analytics engine (chDB) inside the data directory. */
export const CHDB_DATA_SUBDIR = 'chdb';

/**
 * The analytics store reporting runs on, from its environment. Distributed mode: the ClickHouse server at
 * CLICKHOUSE_URL (migrations under the PostgreSQL lock of DATABASE_URL). Embedded mode (no CLICKHOUSE_URL, nor the
 * other server addresses: the env schema refuses a partial set): chDB in `<TEXTBACK_DATA_DIR>/chdb`.
 */
export function reportingAnalyticsConfig(env: ReportingEnv): AnalyticsStoreConfig {
  if (env.CLICKHOUSE_URL === undefined) {
    return { database: env.CLICKHOUSE_DATABASE, dataDir: join(resolveDataDir(env), CHDB_DATA_SUBDIR) };
  }
  return {
    url: env.CLICKHOUSE_URL,
    database: env.CLICKHOUSE_DATABASE,
    username: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
    ...(env.DATABASE_URL !== undefined ? { migrationLockDatabaseUrl: env.DATABASE_URL } : {}),
  };
}
