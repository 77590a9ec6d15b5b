import { type AnalyticsStoreConfig } from '@textback/analytics';
import { type ReportingEnv } from '../config/reporting.env';

/**
 * The analytics store reporting runs on, from its environment: the ClickHouse server at
 * CLICKHOUSE_URL (migrations under the PostgreSQL lock of DATABASE_URL). The embedded mode (chDB
 * on a data directory, no CLICKHOUSE_URL) is chosen by the process that runs every service.
 */
export function reportingAnalyticsConfig(env: ReportingEnv): AnalyticsStoreConfig {
  return {
    url: env.CLICKHOUSE_URL,
    database: env.CLICKHOUSE_DATABASE,
    username: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
    migrationLockDatabaseUrl: env.DATABASE_URL,
  };
}
