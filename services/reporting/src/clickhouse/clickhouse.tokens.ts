/** Injection token of reporting's ClickHouse client (`@clickhouse/client` ClickHouseClient). */
export const CLICKHOUSE_CLIENT = Symbol('CLICKHOUSE_CLIENT');
/** Injection token of reporting's {@link ReportingSettings}. */
export const REPORTING_SETTINGS = Symbol('REPORTING_SETTINGS');
