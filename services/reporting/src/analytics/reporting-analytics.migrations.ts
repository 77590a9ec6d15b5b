import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AnalyticsMigration, type AnalyticsStore, type AnalyticsStoreConfig, createAnalyticsStore, loadAnalyticsMigrations, type MaterializedViewRebuild, rebuildMaterializedViews } from '@textback/analytics';
import { loadReportingMigrateEnv } from '../config/reporting.env';

/**
 * Where reporting's `.sql` migrations live: `services/reporting/clickhouse/migrations`, found from
 * the source tree (ts-node/jest) or from `dist/services/reporting/src/analytics` (compiled).
 * @throws Error when neither location exists.
 */
export function defaultMigrationsDir(): string {
  const candidates = [resolve(__dirname, '../../clickhouse/migrations'), resolve(__dirname, '../../../../../services/reporting/clickhouse/migrations')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`reporting's analytics migrations not found in ${candidates.join(' or ')}`);
  return found;
}

/** Reporting's analytics migrations (`NNN_name.sql`, one dialect for ClickHouse 18.16 and chDB), in version order. */
export function reportingMigrations(dir: string = defaultMigrationsDir()): AnalyticsMigration[] {
  return loadAnalyticsMigrations(dir);
}

/** The raw event table every rollup's materialized view reads (migrations 001, 014-020). */
export const REPORTING_EVENTS_TABLE = 'events';

/**
 * Applies reporting's migrations to the store `config` describes and closes it (the boot path and
 * the one-off job). For ClickHouse with `migrationLockDatabaseUrl`, under the PostgreSQL lock.
 * Then, when the store says a process stopped without closing it (`viewsMayBeStale`: the embedded mode's chDB after a
 * kill), rebuilds the rollups (measures_daily, reasons_daily, leads_daily, first_text_stories) from `events` before
 * anything consumes again, so an event whose raw row was stored but whose rollup push was cut off is counted (see
 * `rebuildMaterializedViews`), and reports it through `onRebuild`.
 * @returns the versions applied.
 * @throws the store's error (a failed rebuild leaves the flag set: the next start rebuilds again).
 */
export async function migrateReportingAnalytics(config: AnalyticsStoreConfig, onRebuild: (rebuild: MaterializedViewRebuild) => void = () => undefined): Promise<number[]> {
  const store = await createAnalyticsStore(config);
  try {
    const applied = await store.migrate(reportingMigrations());
    if (store.viewsMayBeStale()) onRebuild(await rebuildReportingRollups(store));
    return applied;
  } finally {
    await store.close();
  }
}

/**
 * Recomputes reporting's rollups from `events` (`rebuildMaterializedViews`) and clears the store's stale-views flag.
 * Run it while nothing inserts into `events` (at start, before consumers; or with reporting stopped).
 * @returns what was rebuilt.
 * @throws the store's error (the flag stays set: the next start rebuilds again).
 */
export async function rebuildReportingRollups(store: AnalyticsStore): Promise<MaterializedViewRebuild> {
  const rebuild = await rebuildMaterializedViews(store, REPORTING_EVENTS_TABLE);
  await store.markViewsRebuilt();
  return rebuild;
}

/**
 * The one-off job path (`textback migrate reporting`, a k8s Job before the rollout): applies
 * reporting's ClickHouse migrations under the PostgreSQL lock, from DATABASE_URL and CLICKHOUSE_* in `env`.
 * @returns the versions applied.
 * @throws ConfigValidationException for bad variables; the ClickHouse/PostgreSQL error otherwise.
 */
export async function migrateReportingClickHouse(env: Record<string, string | undefined>): Promise<number[]> {
  const e = loadReportingMigrateEnv(env);
  return migrateReportingAnalytics({ url: e.CLICKHOUSE_URL, database: e.CLICKHOUSE_DATABASE, username: e.CLICKHOUSE_USER, password: e.CLICKHOUSE_PASSWORD, migrationLockDatabaseUrl: e.DATABASE_URL });
}
