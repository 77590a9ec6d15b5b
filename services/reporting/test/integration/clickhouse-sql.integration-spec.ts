import { type ClickHouseClient } from '@clickhouse/client';
import { loadStackEnv, randomLetters } from '@textback/testing';
import { type AnalyticsMigration, createClickHouseClient, ident, likeContains, lit, migrateClickHouse, migrateClickHouseLocked, raw, sql, str } from '@textback/analytics';
import { reportingMigrations } from '../../src/analytics/reporting-analytics.migrations';

const stack = loadStackEnv();
const database = `it_chsql_${randomLetters(8)}`;
const settings = { url: stack.CLICKHOUSE_URL, database };

/** Strings that break naive quoting, found in SQL-injection and Unicode test lists. */
const HOSTILE = [
  "'; DROP DATABASE textback; --",
  "\\'",
  "\\",
  "'",
  "''",
  '"',
  '`',
  'a\0b',
  'bell\x07',
  'del\x7f',
  'esc\x1b[31m',
  'line1\nline2\r\n',
  'tab\there',
  '\b\f\v',
  'U+2028\u2028U+2029\u2029',
  '😀 surrogate pair',
  'ünïcödé ñ 漢字',
  '{x:String}',
  '%_like_%',
  '\\%\\_',
  '$1 ? :name',
  'FORMAT JSON',
  '/* comment */ --',
  '\\x41\\n',
];

describe('ClickHouse literals against the real server', () => {
  let client: ClickHouseClient;
  const table = 'hostile `table` name';

  beforeAll(async () => {
    await migrateClickHouse(settings, []);
    client = createClickHouseClient(settings);
    await client.command({ query: `CREATE TABLE ${ident(table)} (i UInt32, s String, tags Array(String), at DateTime('UTC'), big UInt64) ENGINE = MergeTree ORDER BY i` });
    const values = HOSTILE.map((s, i) => sql`(${i}, ${s}, ${[s, 'x']}, ${new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + i * 1000)}, ${18446744073709551615n})`.text).join(', ');
    await client.command({ query: `INSERT INTO ${ident(table)} (i, s, tags, at, big) VALUES ${values}` });
  });

  afterAll(async () => {
    await client?.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await client?.close();
  });

  const select = async <T>(q: string) => (await client.query({ query: q, format: 'JSONEachRow' })).json<T>();

  it('round-trips every hostile string, array and Date exactly', async () => {
    const rows = await select<{ i: number; s: string; tags: string[]; at: number | string; big: string }>(`SELECT i, s, tags, toUnixTimestamp(at) AS at, big FROM ${ident(table)} ORDER BY i`);
    expect(rows.map((r) => r.s)).toEqual(HOSTILE);
    expect(rows.map((r) => r.tags)).toEqual(HOSTILE.map((s) => [s, 'x']));
    expect(rows.map((r) => Number(r.at))).toEqual(HOSTILE.map((_, i) => Date.UTC(2026, 0, 2, 3, 4, 5) / 1000 + i));
    expect(rows[0]?.big).toBe('18446744073709551615');
  });

  it('matches each hostile string with equality and with has() on arrays', async () => {
    for (const [i, s] of HOSTILE.entries()) {
      const eq = await select<{ i: number }>(sql`SELECT i FROM ${raw(ident(table))} WHERE s = ${s}`.text);
      expect(eq.map((r) => Number(r.i))).toEqual([i]);
      const inArray = await select<{ n: string }>(sql`SELECT count() AS n FROM ${raw(ident(table))} WHERE has(${[s]}, s) AND has(tags, ${s})`.text);
      expect(Number(inArray[0]?.n)).toBe(1);
    }
  });

  it('a LIKE with escaped wildcards matches literally', async () => {
    const rows = await select<{ i: number }>(`SELECT i FROM ${ident(table)} WHERE s LIKE ${likeContains('%_like_%')}`);
    expect(rows.map((r) => Number(r.i))).toEqual([HOSTILE.indexOf('%_like_%')]);
    const none = await select<{ n: string }>(`SELECT count() AS n FROM ${ident(table)} WHERE s LIKE ${likeContains('_lik%')}`);
    expect(Number(none[0]?.n)).toBe(0);
  });

  it('evaluates literals to the same values server-side', async () => {
    const rows = await select<{ a: string; b: number; c: string; d: string }>(`SELECT ${str("it's")} AS a, ${lit(-2.5)} AS b, toString(${lit(9007199254740993n)}) AS c, hex(${str('a\x01b')}) AS d`);
    expect(rows[0]).toEqual({ a: "it's", b: -2.5, c: '9007199254740993', d: '610162' });
  });
});

describe(migrateClickHouse.name, () => {
  const db = `it_chmig_${randomLetters(8)}`;
  const s = { url: stack.CLICKHOUSE_URL, database: db };
  let client: ClickHouseClient;
  beforeAll(() => {
    client = createClickHouseClient(s, null);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${ident(db)}` });
    await client.close();
  });

  it('applies every numbered migration once and records it in schema_migrations', async () => {
    const all = reportingMigrations();
    expect(all.map((m) => m.version)).toEqual([...all.map((m) => m.version)].sort((a, b) => a - b));
    expect(await migrateClickHouse(s, reportingMigrations())).toEqual(all.map((m) => m.version));
    expect(await migrateClickHouse(s, reportingMigrations())).toEqual([]);
    const tables = await (await client.query({ query: `SELECT name FROM system.tables WHERE database = ${str(db)} ORDER BY name`, format: 'JSONEachRow' })).json<{ name: string }>();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['events', 'measures_daily', 'measures_daily_mv', 'reasons_daily', 'reasons_daily_mv', 'sms_message_links', 'locations', 'call_attribution', 'conversation_replies', 'schema_migrations']));
    expect(tables.map((t) => t.name).filter((n) => n.includes('hourly'))).toEqual([]);
  });

  it('re-runs an interrupted ADD COLUMN migration (skips the column that exists; 18.16 has no IF NOT EXISTS)', async () => {
    const again: AnalyticsMigration = { version: 9001, name: 'readd_local_date', statements: ['ALTER TABLE events ADD COLUMN local_date Date DEFAULT toDate(occurred_at)'] };
    expect(await migrateClickHouse(s, [again])).toEqual([9001]);
  });

  it('applies each migration once when two runners start together (PostgreSQL advisory lock)', async () => {
    const db2 = `it_chlock_${randomLetters(8)}`;
    const s2 = { url: stack.CLICKHOUSE_URL, database: db2 };
    try {
      const [a, b] = await Promise.all([migrateClickHouseLocked(s2, stack.DATABASE_URL, reportingMigrations()), migrateClickHouseLocked(s2, stack.DATABASE_URL, reportingMigrations())]);
      const all = reportingMigrations().map((m) => m.version);
      expect([a, b].sort((x, y) => y.length - x.length)).toEqual([all, []]);
      const [rec] = await (await client.query({ query: `SELECT count() AS n, uniqExact(version) AS u FROM ${ident(db2)}.schema_migrations`, format: 'JSONEachRow' })).json<{ n: string; u: string }>();
      expect([Number(rec?.n), Number(rec?.u)]).toEqual([all.length, all.length]);
    } finally {
      await client.command({ query: `DROP DATABASE IF EXISTS ${ident(db2)}` });
    }
  });
});
