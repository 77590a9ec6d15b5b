import { type ClickHouseClient } from '@clickhouse/client';
import { type AnalyticsMigration } from '../../port/analytics-migration';
import { type AnalyticsQueryOptions, type AnalyticsRow, type AnalyticsStore } from '../../port/analytics-store.port';
import { type SqlFragment } from '../../sql/clickhouse-sql.util';
import { type ClickHouseSettings, createClickHouseClient } from './clickhouse-client.factory';
import { migrateClickHouse, migrateClickHouseLocked } from './clickhouse-migrator';

/** {@link ClickHouseSettings} plus how the adapter serialises migrations. */
export interface ClickHouseStoreSettings extends ClickHouseSettings {
  /**
   * PostgreSQL URL whose advisory lock serialises `migrate()` across replicas and the migration
   * job (see migrateClickHouseLocked); without it `migrate()` takes no lock.
   */
  migrationLockDatabaseUrl?: string;
}

/**
 * The analytics store on a ClickHouse server over HTTP (@clickhouse/client 1.x, ClickHouse 18.16
 * and current): the distributed mode's adapter. Inserts are JSONEachRow with explicit columns
 * (INFRA.md §3.3 rule 5) and counted in `textback_clickhouse_inserts_total` by the client factory.
 */
export class ClickHouseAnalyticsStore implements AnalyticsStore {
  readonly kind = 'clickhouse' as const;
  private readonly client: ClickHouseClient;
  private closed = false;

  constructor(private readonly settings: ClickHouseStoreSettings) {
    this.client = createClickHouseClient(settings);
  }

  async migrate(migrations: readonly AnalyticsMigration[]): Promise<number[]> {
    const url = this.settings.migrationLockDatabaseUrl;
    return url ? migrateClickHouseLocked(this.settings, url, migrations) : migrateClickHouse(this.settings, migrations);
  }

  async insert(table: string, columns: readonly string[], rows: readonly AnalyticsRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({ table, values: [...rows], format: 'JSONEachRow', columns: [...columns] as [string, ...string[]] });
  }

  async query<T extends object = Record<string, unknown>>(sql: SqlFragment | string, options: AnalyticsQueryOptions = {}): Promise<T[]> {
    const result = await this.client.query({
      query: String(sql),
      format: 'JSONEachRow',
      ...(options.maxExecutionSeconds !== undefined ? { clickhouse_settings: { max_execution_time: options.maxExecutionSeconds } } : {}),
    });
    return result.json<T>();
  }

  async command(sql: SqlFragment | string): Promise<void> {
    await this.client.command({ query: String(sql) });
  }

  async health(): Promise<void> {
    await this.query('SELECT 1 AS ok');
  }

  /**
   * Always false: an insert and its views' pushes run inside the server, block by block, so a killed client cannot
   * stop one between the two writes (a crash of the server itself can: `rebuildMaterializedViews` repairs that).
   */
  viewsMayBeStale(): boolean {
    return false;
  }

  /** Nothing to clear (see {@link viewsMayBeStale}). */
  async markViewsRebuilt(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }
}
