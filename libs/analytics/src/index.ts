// Port (what reporting depends on)
export * from './port/analytics-store.port';
export * from './port/analytics-migration';
export * from './port/materialized-view-rebuild';
export * from './sql/clickhouse-sql.util';
// Choosing and wiring an adapter
export * from './analytics-store.factory';
export * from './analytics-store.module';
// Adapters (infrastructure; services do not import these)
export * from './adapters/clickhouse/clickhouse-client.factory';
export * from './adapters/clickhouse/clickhouse-analytics.store';
export * from './adapters/clickhouse/clickhouse-migrator';
export * from './adapters/chdb/chdb-analytics.store';
