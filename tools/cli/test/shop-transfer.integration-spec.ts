import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnalyticsStore, ClickHouseAnalyticsStore, createAnalyticsStore, createClickHouseClient, ident } from '@textback/analytics';
import { createKafkaClient, KafkaRecordProducer, provisionTopics } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { OutboxRelay, PgliteRelationalStore, quoteSchema } from '@textback/persistence';
import { BandwidthStandIn, loadStackEnv, pollUntil, randomLetters, TopicRecorder } from '@textback/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { cliWithEnv, type StartedHost, startHost, stopHost } from '../../../hosts/single-process/test/utils/single-process-host';
import { ReportLocationRepository } from '../../../services/reporting/src/modules/reports/report-location.repository';
import { ReportQueryRepository } from '../../../services/reporting/src/modules/reports/report-query.repository';
import { ReportService } from '../../../services/reporting/src/modules/reports/report.service';
import { demoFranchise } from '../../demo/src/demo-franchise';
import { SERVICES } from '../src/service-registry';

const CARRIER = { username: 'bw-api', password: 'bw-api-password' };
const VOICE = { username: 'bw-voice', password: 'voice-callback-password-0123456789' };
const MESSAGING = { username: 'bw-messaging', password: 'messaging-callback-password-0123456789' };
const CALLS = 3;
const SETTINGS = { smsPricePerSegmentCents: 0.79, platformCostPerLocationMonthCents: 9900 };
const stack = loadStackEnv();

/** A port free on 127.0.0.1 now (the carrier stand-in's callback URLs name it before the process starts). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Runs `work` with a query function on the stopped process's PGlite database. */
async function onPglite<T>(dataDir: string, work: (q: Query) => Promise<T>): Promise<T> {
  const store = await PgliteRelationalStore.open({ dataDir: join(dataDir, 'pglite') });
  try {
    const ds = await store.createDataSource({ schema: 'public', applicationName: 'it-shop-transfer' }).initialize();
    try {
      return await work((text, params) => ds.query(text, params));
    } finally {
      await ds.destroy();
    }
  } finally {
    await store.close();
  }
}

/** Rows per table of every service schema and `bus.dead_letters`, as `schema.table -> count`. */
async function rowCounts(q: Query): Promise<Record<string, number>> {
  const schemas = [...SERVICES.map((s) => s.schema), 'bus'];
  const tables = (await q(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' AND table_name <> 'migrations' AND NOT (table_schema = 'bus' AND table_name = 'cursors') ORDER BY 1, 2`, [schemas])) as { table_schema: string; table_name: string }[];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[`${t.table_schema}.${t.table_name}`] = Number((await q(`SELECT count(*)::int AS n FROM ${quoteSchema(t.table_schema)}."${t.table_name}"`))[0]?.n);
  return counts;
}

/** The funnel and ROI of `tenantId` over the days around now, through reporting's query layer on `store`. */
async function figures(store: AnalyticsStore, tenantId: string) {
  const reports = new ReportService(new ReportLocationRepository(store), new ReportQueryRepository(store), SETTINGS);
  const owner = { sub: 'it-shop-transfer', tenantId, role: 'owner' as const, regionIds: [], locationIds: [] };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const range = { from: day(-2), to: day(2) };
  return { funnel: await reports.funnel(owner, tenantId, range), roi: await reports.roi(owner, tenantId, range), trend: await reports.trend(owner, tenantId, range, 'day', 'location') };
}

/**
 * Issue #18: a shop moves from the single process to the distributed mode with `textback export` / `textback import`
 * and loses nothing. The data directory is produced by the real single process after missed calls and an opt-out
 * (Bandwidth stand-in); one consumer group is then put behind on messaging's outbox (its cursor moved back, as when
 * the process stops with events not yet consumed by every group). After import into a fresh PostgreSQL database and
 * ClickHouse database of the local stack: the same rows in every table, the opt-out in the consent ledger, the same
 * funnel/ROI/trend figures from reporting's query layer, and the distributed relay publishes exactly the rows the
 * lagging group had not consumed, once.
 */
describe('textback export / import: embedded to distributed', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-export-'));
  const dataDir = join(work, 'data');
  const exportFile = join(work, 'shop.jsonl.gz');
  const database = `it_export_${randomLetters(8)}`;
  const adminUrl = stack.DATABASE_URL;
  const targetUrl = (() => {
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    return u.toString();
  })();
  const targetEnv = { DATABASE_URL: targetUrl, KAFKA_BROKERS: stack.KAFKA_BROKERS, CLICKHOUSE_URL: stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: database };
  let standIn: BandwidthStandIn | undefined;
  let host: StartedHost | undefined;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  });

  afterAll(async () => {
    if (host) await stopHost(host.child, 'SIGKILL');
    await standIn?.stop();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    const ch = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database: 'default' }, null);
    await ch.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await ch.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('moves every row, the opt-out, the funnel figures and the pending outbox rows (published once)', async () => {
    // 1. A shop's data directory: the single process after a few missed calls and one STOP.
    const franchise = demoFranchise(randomLetters(4));
    const manifest = join(work, 'franchise.yaml');
    writeFileSync(manifest, franchise.manifestYaml);
    expect((await cliWithEnv(dataDir, {}, 'migrate', 'all')).code).toBe(0);
    expect((await cliWithEnv(dataDir, {}, 'tenants', 'apply', '-f', manifest)).code).toBe(0);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const carrier = new BandwidthStandIn({
      ...CARRIER,
      autoDeliveryCallbacks: true,
      timeScale: 0,
      messagingCallback: { url: `${base}/webhooks/bandwidth/messaging`, ...MESSAGING },
      voiceApplication: { callInitiatedCallbackUrl: `${base}/bandwidth/voice/initiate`, callStatusCallbackUrl: `${base}/bandwidth/voice/status`, ...VOICE },
    });
    standIn = carrier;
    await carrier.start(0, '127.0.0.1');
    host = await startHost(dataDir, {
      HTTP_PORT: String(port),
      BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([VOICE]),
      BANDWIDTH_ACCOUNT_ID: 'standin-account',
      BANDWIDTH_USERNAME: CARRIER.username,
      BANDWIDTH_PASSWORD: CARRIER.password,
      BANDWIDTH_MESSAGING_APPLICATION_ID: 'standin-messaging-app',
      BANDWIDTH_VOICE_APPLICATION_ID: 'standin-voice-app',
      BANDWIDTH_MESSAGING_BASE_URL: carrier.messagingBaseUrl,
      BANDWIDTH_LOOKUP_BASE_URL: carrier.lookupBaseUrl,
      BANDWIDTH_VOICE_BASE_URL: carrier.voiceBaseUrl,
      BANDWIDTH_CALLBACK_USERNAME: MESSAGING.username,
      BANDWIDTH_CALLBACK_PASSWORD: MESSAGING.password,
    });
    const location = franchise.locations[0]!;
    const callers = Array.from({ length: CALLS }, (_, i) => `+1720555${String(3100 + i)}`);
    const textsTo = (caller: string) => carrier.messagesTo(caller).filter((m) => m.from === location.mainLine);
    for (const from of callers) {
      await carrier.placeCall({ from, to: location.mainLine, outcome: 'no-answer', ringSeconds: location.ringTimeoutSeconds, talkSeconds: 0, atVoicemail: 'hang-up', startAt: new Date(Date.now() - 30_000) });
    }
    await pollUntil(() => callers.every((c) => textsTo(c).length > 0), 'every caller texted', 120_000, 250);
    const optedOut = callers[0]!;
    await carrier.sendText({ from: optedOut, to: location.mainLine, text: 'STOP' });
    await pollUntil(() => textsTo(optedOut).length >= 2, 'the opt-out confirmation', 60_000, 250);
    // Reporting counts the texts before the process stops (the funnel is compared, not its timing).
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await stopHost(host.child)).toBe(0);
    host = undefined;

    // 2. One group behind: reporting's cursor on messaging's outbox moved back before its last two rows.
    const source = await onPglite(dataDir, async (q) => {
      const last = (await q(`SELECT seq::text AS seq, id::text AS id FROM messaging.outbox ORDER BY seq DESC LIMIT 2`)) as { seq: string; id: string }[];
      expect(last).toHaveLength(2);
      const horizon = (BigInt(last[1]!.seq) - 1n).toString();
      await q(`UPDATE bus.cursors SET last_seq = $1 WHERE consumer_group = 'reporting' AND producer_schema = 'messaging'`, [horizon]);
      const pending = (await q(
        `SELECT o.id::text AS id, o.seq FROM messaging.outbox o WHERE o.seq > (SELECT min(c.last_seq) FROM bus.cursors c WHERE c.producer_schema = 'messaging') ORDER BY o.seq`,
      )) as { id: string }[];
      const consumed = (await q(`SELECT id::text AS id FROM messaging.outbox WHERE seq <= $1`, [horizon])) as { id: string }[];
      const tenantId = String((await q(`SELECT id FROM crm.tenants WHERE slug = $1`, [franchise.slug]))[0]?.id);
      return { counts: await rowCounts(q), pending: pending.map((p) => p.id), consumed: consumed.map((c) => c.id), tenantId };
    });
    expect(source.pending.length).toBeGreaterThanOrEqual(2);
    expect(source.counts['messaging.consent_ledger']).toBeGreaterThanOrEqual(1);
    const chdb = await createAnalyticsStore({ database: 'textback', dataDir: join(dataDir, 'chdb') });
    const before = await figures(chdb, source.tenantId).finally(() => chdb.close());
    expect(before.funnel.measures).toMatchObject({ missed_calls: CALLS });

    // 3. Export: refused while a process holds the directory, then written.
    const lockFile = join(dataDir, 'pglite.lock');
    writeFileSync(lockFile, String(process.pid));
    const refused = await cliWithEnv(dataDir, {}, 'export', '--data-dir', dataDir, '--out', exportFile);
    rmSync(lockFile, { force: true });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`is in use by process ${process.pid}`);
    const exportStarted = Date.now();
    const exported = await cliWithEnv(dataDir, {}, 'export', '--data-dir', dataDir, '--out', exportFile);
    const exportMs = Date.now() - exportStarted;
    expect(exported).toMatchObject({ code: 0 });

    // 4. Import into a fresh PostgreSQL database and ClickHouse database; a second import is refused; --force adds nothing.
    const importStarted = Date.now();
    const imported = await cliWithEnv(dataDir, targetEnv, 'import', '--in', exportFile);
    const importMs = Date.now() - importStarted;
    expect(imported).toMatchObject({ code: 0 });
    const again = await cliWithEnv(dataDir, targetEnv, 'import', '--in', exportFile);
    expect(again.code).toBe(1);
    expect(again.output).toContain('already holds data');
    expect((await cliWithEnv(dataDir, targetEnv, 'import', '--in', exportFile, '--force')).code).toBe(0);
    console.warn(`shop transfer: export ${exportMs} ms, import ${importMs} ms, file ${statSync(exportFile).size} bytes; ${exported.output.trim()} | ${imported.output.trim().split('\n').pop()}`);

    const target = await new DataSource({ type: 'postgres', url: targetUrl }).initialize();
    try {
      const q: Query = (text, params) => target.query(text, params);
      expect(await rowCounts(q)).toEqual(source.counts);
      const optOut = await q(`SELECT action, phone_e164 FROM messaging.consent_ledger WHERE phone_e164 = $1`, [optedOut]);
      expect(optOut).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'opt_out', phone_e164: optedOut })]));
      const unpublished = ((await q(`SELECT id::text AS id FROM messaging.outbox WHERE published_at IS NULL ORDER BY seq`)) as { id: string }[]).map((r) => r.id);
      expect(unpublished).toEqual(source.pending);
      for (const schema of SERVICES.map((s) => s.schema).filter((s) => s !== 'messaging')) {
        // Every other schema's outbox was consumed by every group: nothing to publish again.
        expect(await q(`SELECT id FROM ${quoteSchema(schema)}.outbox WHERE published_at IS NULL`)).toEqual([]);
      }
      // A new outbox row takes a seq after the imported ones (the sequence moved).
      const maxSeq = String((await q(`SELECT max(seq)::text AS m FROM messaging.outbox`))[0]?.m);
      expect(BigInt(String((await q(`SELECT nextval('messaging.outbox_seq_seq')::text AS n`))[0]?.n))).toBeGreaterThan(BigInt(maxSeq));

      // 5. The figures from ClickHouse equal the embedded ones.
      const clickhouse = new ClickHouseAnalyticsStore({ url: stack.CLICKHOUSE_URL, database });
      const after = await figures(clickhouse, source.tenantId).finally(() => clickhouse.close());
      expect(after).toEqual(before);

      // 6. The distributed relay publishes the pending rows, each once, and nothing else of the shop's.
      const log = createRootLogger('it-shop-transfer', 'silent');
      const kafka = createKafkaClient({ clientId: 'it-shop-transfer', brokers: stack.KAFKA_BROKERS.split(',') }, log);
      const topics = [...new Set(SERVICES.flatMap((s) => [...s.produces, ...s.consumes]))];
      await provisionTopics(kafka, topics, { partitions: 3, replicationFactor: 1 });
      const recorder = new TopicRecorder(kafka);
      await recorder.start([...new Set(topics.map((c) => c.topic))]);
      const producer = new KafkaRecordProducer(kafka);
      await producer.connect();
      const relayDs = await new DataSource({ type: 'postgres', url: targetUrl, schema: 'messaging' }).initialize();
      try {
        const relay = new OutboxRelay(relayDs, producer, { schema: 'messaging', databaseUrl: targetUrl, batchSize: 100, pollIntervalMs: 50 }, log);
        let published = 0;
        for (let n = await relay.relayOnce(); n > 0; n = await relay.relayOnce()) published += n;
        expect(published).toBe(source.pending.length);
        expect(await relay.relayOnce()).toBe(0);
        const shopIds = new Set([...source.pending, ...source.consumed]);
        const idOf = (value: string | null) => (value ? (JSON.parse(value) as { id: string }).id : '');
        await pollUntil(() => recorder.messages.filter((m) => source.pending.includes(idOf(m.value))).length >= source.pending.length, 'the pending rows on Kafka', 30_000, 100);
        await new Promise((r) => setTimeout(r, 1_000));
        const seen = recorder.messages.map((m) => idOf(m.value)).filter((id) => shopIds.has(id));
        expect(seen.sort()).toEqual([...source.pending].sort());
      } finally {
        await relayDs.destroy();
        await producer.disconnect();
        await recorder.stop();
      }
    } finally {
      await target.destroy();
    }
  }, 600_000);
});
