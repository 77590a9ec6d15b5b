import { ChdbAnalyticsStore } from './adapters/chdb/chdb-analytics.store';
import { ClickHouseAnalyticsStore } from './adapters/clickhouse/clickhouse-analytics.store';
import { type AnalyticsStore } from './port/analytics-store.port';

/** Configuration of the analytics store: a ClickHouse server when `url` is set, else chDB on `dataDir`. */
export interface AnalyticsStoreConfig {
  /** ClickHouse HTTP URL (CLICKHOUSE_URL). Present: the ClickHouse adapter (distributed mode). */
  url?: string;
  /** Database of the analytics tables (CLICKHOUSE_DATABASE), in either adapter. */
  database: string;
  username?: string;
  password?: string;
  /** HTTP request timeout, ms (ClickHouse only; default 30 000). */
  requestTimeoutMs?: number;
  /** PostgreSQL URL whose advisory lock serialises ClickHouse migrations across replicas (ClickHouse only). */
  migrationLockDatabaseUrl?: string;
  /** Data directory of the embedded engine (chDB), used when `url` is absent. */
  dataDir?: string;
}

/** Thrown when neither a ClickHouse URL nor an embedded data directory is configured. */
export class AnalyticsStoreConfigException extends Error {
  constructor() {
    super('analytics store: set CLICKHOUSE_URL (ClickHouse server) or a data directory for the embedded chDB store');
    this.name = 'AnalyticsStoreConfigException';
  }
}

/**
 * Opens the analytics store `config` describes: {@link ClickHouseAnalyticsStore} when `url` is
 * present (nothing about the distributed mode changes), else {@link ChdbAnalyticsStore} on
 * `dataDir` (loads the optional chdb package). The caller owns the store and closes it.
 * @throws AnalyticsStoreConfigException with neither; ChdbUnavailableException without chdb installed.
 */
export async function createAnalyticsStore(config: AnalyticsStoreConfig): Promise<AnalyticsStore> {
  if (config.url) {
    return new ClickHouseAnalyticsStore({
      url: config.url,
      database: config.database,
      ...(config.username !== undefined ? { username: config.username } : {}),
      ...(config.password !== undefined ? { password: config.password } : {}),
      ...(config.requestTimeoutMs !== undefined ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
      ...(config.migrationLockDatabaseUrl !== undefined ? { migrationLockDatabaseUrl: config.migrationLockDatabaseUrl } : {}),
    });
  }
  if (config.dataDir) return ChdbAnalyticsStore.open({ dataDir: config.dataDir, database: config.database });
  throw new AnalyticsStoreConfigException();
}
