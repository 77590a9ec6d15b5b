import { CountedPgClient as PgClient } from '@textback/persistence';
import { type AnalyticsMigration, applyAnalyticsMigrations } from '../../port/analytics-migration';
import { ident } from '../../sql/clickhouse-sql.util';
import { type ClickHouseSettings, createClickHouseClient } from './clickhouse-client.factory';

/**
 * Applies `migrations` to a ClickHouse server: creates the database when missing, then runs the
 * shared runner ({@link applyAnalyticsMigrations}). No lock of its own (ClickHouse 18.16 has
 * none): concurrent runners must go through {@link migrateClickHouseLocked}.
 * @returns the versions applied by this call.
 */
export async function migrateClickHouse(settings: ClickHouseSettings, migrations: readonly AnalyticsMigration[]): Promise<number[]> {
  const admin = createClickHouseClient(settings, null);
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${ident(settings.database)}` });
  } finally {
    await admin.close();
  }
  const client = createClickHouseClient(settings);
  try {
    return await applyAnalyticsMigrations(
      {
        command: async (q) => void (await client.command({ query: String(q) })),
        query: async <T extends object>(q: unknown) => (await client.query({ query: String(q), format: 'JSONEachRow' })).json<T>(),
      },
      migrations,
    );
  } finally {
    await client.close();
  }
}

/**
 * {@link migrateClickHouse} under a PostgreSQL session advisory lock (`pg_advisory_lock`, keyed by
 * `hashtext('textback:clickhouse-migrations:' || database)`), so replicas booting together and
 * the `textback migrate reporting` job apply each migration exactly once: the second runner
 * waits, then finds every version recorded. PostgreSQL is reachable from every service;
 * ClickHouse 18.16 has no lock. The lock is released when its connection ends (also on a crash).
 * @param databaseUrl PostgreSQL URL (DATABASE_URL).
 * @returns the versions applied by this call.
 */
export async function migrateClickHouseLocked(settings: ClickHouseSettings, databaseUrl: string, migrations: readonly AnalyticsMigration[]): Promise<number[]> {
  const pg = new PgClient({ connectionString: databaseUrl, application_name: `clickhouse-migrate:${settings.database}` });
  await pg.connect();
  try {
    const key = `textback:clickhouse-migrations:${settings.database}`;
    await pg.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      return await migrateClickHouse(settings, migrations);
    } finally {
      await pg.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await pg.end();
  }
}
