import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnalyticsStore, ClickHouseAnalyticsStore, createAnalyticsStore, createClickHouseClient, ident } from '@textback/analytics';
import { loadStackEnv, randomLetters } from '@textback/testing';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { cliWithEnv } from '../../../hosts/single-process/test/utils/single-process-host';
import { reportingMigrations } from '../../../services/reporting/src/analytics/reporting-analytics.migrations';

const stack = loadStackEnv();
const EVENT_COLUMNS = ['event_id', 'event_type', 'tenant_id', 'region_id', 'location_id', 'tracking_source', 'correlation_id', 'subject_id', 'occurred_at', 'outcome', 'reason', 'segments', 'value_cents', 'actual_cents', 'latency_seconds', 'payload', 'ingested_at', 'local_date'];

/** `n` raw events of one location: received and missed calls, sent first texts, new leads, one minute apart. */
function events(n: number) {
  const types = ['telephony.call.received.v1', 'telephony.call.missed.v1', 'messaging.first-text.decided.v1', 'crm.lead.created.v1'];
  const at = Date.UTC(2026, 10, 10, 15) / 1000;
  return Array.from({ length: n }, (_, i) => ({
    event_id: `e${i}`, event_type: types[i % 4], tenant_id: 't1', region_id: 'r1', location_id: 'l1', tracking_source: '', correlation_id: `c${Math.floor(i / 4)}`, subject_id: '',
    occurred_at: at + i * 60, outcome: 'sent', reason: '', segments: 1, value_cents: 0, actual_cents: 0, latency_seconds: 4, payload: '{}', ingested_at: at + i * 60, local_date: '2026-11-10',
  }));
}

/** The rollups' figures for the location: calls, missed calls, first texts sent (measures_daily) and leads (leads_daily). */
async function figures(store: AnalyticsStore): Promise<Record<string, string>> {
  const [m] = await store.query<Record<string, string>>("SELECT toString(sum(calls)) AS calls, toString(sum(missed_calls)) AS missed, toString(sum(first_texts_sent)) AS texts FROM measures_daily WHERE location_id = 'l1'");
  const [l] = await store.query<Record<string, string>>("SELECT toString(sum(leads)) AS leads FROM leads_daily WHERE location_id = 'l1'");
  return { ...m, ...l };
}

/** Stores the events and then empties the rollups: what a crash between the raw rows and the views' pushes leaves. */
async function storeAndLoseRollups(store: AnalyticsStore): Promise<Record<string, string>> {
  await store.migrate(reportingMigrations());
  await store.insert('events', EVENT_COLUMNS, events(40));
  const whole = await figures(store);
  for (const t of ['measures_daily', 'leads_daily']) await store.command(`TRUNCATE TABLE ${ident(t)}`);
  return whole;
}

/**
 * `textback rollups rebuild` as an operator runs it (the built CLI): on the distributed mode's ClickHouse (18.16), refused
 * while reporting's consumer group has a member, then the rollups recomputed; on an embedded data directory's chDB,
 * refused while a process holds the directory, then recomputed.
 */
describe('textback rollups rebuild', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-cli-rollups-'));

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('distributed: refuses while reporting consumes, then recomputes the rollups from events', async () => {
    const database = `it_rollups_${randomLetters(8)}`;
    const env = { DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, CLICKHOUSE_URL: stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: database };
    const store = new ClickHouseAnalyticsStore({ url: stack.CLICKHOUSE_URL, database });
    const kafka = createKafkaClient({ clientId: 'it-rollups', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'error'));
    const topic = `it-rollups-${randomLetters(8)}`;
    const admin = kafka.admin();
    // A member of reporting's group, as a running reporting pod is.
    const member = kafka.consumer({ groupId: 'reporting', sessionTimeout: 10_000 });
    try {
      const whole = await storeAndLoseRollups(store);
      expect(whole).toEqual({ calls: '10', missed: '10', texts: '10', leads: '10' });
      expect(await figures(store)).toEqual({ calls: '0', missed: '0', texts: '0', leads: '0' });

      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await member.connect();
      await member.subscribe({ topics: [topic] });
      let joined!: () => void;
      const inGroup = new Promise<void>((r) => (joined = r));
      member.on(member.events.GROUP_JOIN, () => joined());
      await member.run({ eachMessage: async () => undefined });
      await inGroup;
      const refused = await cliWithEnv(join(work, 'unused'), env, 'rollups', 'rebuild');
      expect(refused).toEqual({ code: 1, output: expect.stringContaining('reporting\'s consumer group "reporting" has 1 member(s)') as unknown });
      expect(await figures(store)).toEqual({ calls: '0', missed: '0', texts: '0', leads: '0' });
      await member.disconnect();

      const done = await cliWithEnv(join(work, 'unused'), env, 'rollups', 'rebuild');
      expect(done).toEqual({ code: 0, output: expect.stringMatching(/rebuilt first_text_stories, leads_daily, measures_daily, reasons_daily from 40 events rows in \d+ ms/) as unknown });
      expect(await figures(store)).toEqual(whole);
    } finally {
      await member.disconnect().catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await store.close();
      const drop = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database }, null);
      await drop.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
      await drop.close();
    }
  }, 120_000);

  it('embedded: refuses while a process holds the data directory, then recomputes the rollups in chDB', async () => {
    const dataDir = join(work, 'data');
    const migrated = await cliWithEnv(dataDir, {}, 'migrate', 'all');
    expect(migrated.code).toBe(0);
    const chdb = join(dataDir, 'chdb');
    let store = await createAnalyticsStore({ database: 'textback', dataDir: chdb });
    const whole = await storeAndLoseRollups(store).finally(() => store.close());
    expect(whole).toEqual({ calls: '10', missed: '10', texts: '10', leads: '10' });

    const lockFile = join(dataDir, 'pglite.lock');
    writeFileSync(lockFile, String(process.pid));
    const refused = await cliWithEnv(join(work, 'elsewhere'), {}, 'rollups', 'rebuild', '--data-dir', dataDir).finally(() => rmSync(lockFile, { force: true }));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`is in use by process ${process.pid}`);

    const done = await cliWithEnv(join(work, 'elsewhere'), {}, 'rollups', 'rebuild', '--data-dir', dataDir);
    expect(done).toEqual({ code: 0, output: expect.stringMatching(/rebuilt first_text_stories, leads_daily, measures_daily, reasons_daily from 40 events rows/) as unknown });
    store = await createAnalyticsStore({ database: 'textback', dataDir: chdb });
    try {
      expect(await figures(store)).toEqual(whole);
    } finally {
      await store.close();
    }

    // A directory without reporting's analytics store: nothing to rebuild, said as a usage error, nothing created.
    const bare = join(work, 'bare');
    expect((await cliWithEnv(bare, {}, 'migrate', 'telephony-ingest')).code).toBe(0);
    const nothing = await cliWithEnv(join(work, 'elsewhere'), {}, 'rollups', 'rebuild', `--data-dir=${bare}`);
    expect(nothing).toEqual({ code: 2, output: expect.stringContaining('has no analytics store (chdb/): nothing to rebuild') as unknown });
  }, 300_000);
});
