import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { RoundTripMeter } from '@textback/observability';

/** Connection settings of a ClickHouse server (HTTP interface), the distributed analytics store. */
export interface ClickHouseSettings {
  /** HTTP URL, e.g. `http://127.0.0.1:18123`. */
  url: string;
  /** Database holding the analytics tables (created by the migrator when missing). */
  database: string;
  username?: string;
  password?: string;
  /** HTTP request timeout, ms (default 30 000). */
  requestTimeoutMs?: number;
}

/**
 * A @clickhouse/client 1.x client that works against ClickHouse 18.16 and current: it sends no
 * settings the old server rejects (no `param_*`, `async_insert`, `allow_experimental_*`, see
 * ../shared/reference/INFRA.md §3.3 rule 8); inserts must pass `format: 'JSONEachRow'`. Every `insert()` is
 * counted in `textback_clickhouse_inserts_total` and its rows (when given as an array) in
 * `textback_clickhouse_inserted_rows_total` ({@link RoundTripMeter}).
 */
export function createClickHouseClient(settings: ClickHouseSettings, database: string | null = settings.database): ClickHouseClient {
  const client = createClient({
    url: settings.url,
    ...(database ? { database } : {}),
    username: settings.username ?? 'default',
    password: settings.password ?? '',
    request_timeout: settings.requestTimeoutMs ?? 30_000,
    clickhouse_settings: { max_execution_time: 30 },
  });
  const insert = client.insert.bind(client);
  client.insert = ((params: Parameters<typeof insert>[0]) => {
    RoundTripMeter.get().clickHouseInsert(Array.isArray(params.values) ? params.values.length : 0);
    return insert(params);
  }) as typeof client.insert;
  return client;
}

/** ClickHouse error code of `err` (`err.code`, else `Code: N` in the 18.16 message), or undefined. */
export function clickHouseErrorCode(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const n = Number((err as { code: string }).code);
    if (Number.isInteger(n)) return n;
  }
  const m = /Code: (\d+)/.exec(err instanceof Error ? err.message : String(err));
  return m?.[1] ? Number(m[1]) : undefined;
}
