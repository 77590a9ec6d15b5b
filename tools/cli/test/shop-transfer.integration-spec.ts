import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseAnalyticsStore, createClickHouseClient, ident } from '@textback/analytics';
import { createKafkaClient, KafkaRecordProducer, provisionTopics } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { OutboxRelay, quoteSchema } from '@textback/persistence';
import { loadStackEnv, pollUntil, randomLetters, TopicRecorder } from '@textback/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { cliWithEnv } from '../../../hosts/single-process/test/utils/single-process-host';
import { SERVICES } from '../src/service-registry';
import { figures, makeEmbeddedShop, type Query, rowCounts, SHOP_CALLS } from './utils/embedded-shop';

const stack = loadStackEnv();

/**
 * Issue #18: a shop moves from the single process to the distributed mode with `textback export` / `textback import`
 * and loses nothing. The data directory is made by the real single process after missed calls and an opt-out, with
 * reporting's group put behind on messaging's outbox (utils/embedded-shop). After import into a fresh PostgreSQL
 * database and ClickHouse database of the local stack: the same rows in every table, the opt-out in the consent
 * ledger, the same funnel/ROI/trend figures from reporting's query layer, and the distributed relay publishes exactly
 * the rows the lagging group had not consumed, once.
 */
describe('textback export / import: embedded to distributed', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-transfer-'));
  const exportFile = join(work, 'shop.jsonl.gz');
  const database = `it_export_${randomLetters(8)}`;
  const adminUrl = stack.DATABASE_URL;
  const targetUrl = (() => {
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    return u.toString();
  })();
  const targetEnv = { DATABASE_URL: targetUrl, KAFKA_BROKERS: stack.KAFKA_BROKERS, CLICKHOUSE_URL: stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: database };

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  });

  afterAll(async () => {
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
    const shop = await makeEmbeddedShop(work);
    expect(shop.pending.length).toBeGreaterThanOrEqual(2);
    expect(Number(shop.figures.funnel.measures.missed_calls)).toBeGreaterThanOrEqual(1);
    expect(Number(shop.figures.funnel.measures.missed_calls)).toBeLessThanOrEqual(SHOP_CALLS);

    const exportStarted = Date.now();
    const exported = await cliWithEnv(shop.dataDir, {}, 'export', '--data-dir', shop.dataDir, '--out', exportFile);
    const exportMs = Date.now() - exportStarted;
    expect(exported).toMatchObject({ code: 0 });

    // Into a fresh PostgreSQL database and ClickHouse database; a second import is refused; --force adds nothing.
    const importStarted = Date.now();
    const imported = await cliWithEnv(shop.dataDir, targetEnv, 'import', '--in', exportFile);
    const importMs = Date.now() - importStarted;
    expect(imported).toMatchObject({ code: 0 });
    const again = await cliWithEnv(shop.dataDir, targetEnv, 'import', '--in', exportFile);
    expect(again.code).toBe(1);
    expect(again.output).toContain('already holds data');
    expect((await cliWithEnv(shop.dataDir, targetEnv, 'import', '--in', exportFile, '--force')).code).toBe(0);
    console.warn(`shop transfer: export ${exportMs} ms, import ${importMs} ms, file ${statSync(exportFile).size} bytes; ${exported.output.trim()} | ${imported.output.trim().split('\n').pop()}`);

    const target = await new DataSource({ type: 'postgres', url: targetUrl }).initialize();
    try {
      const q: Query = (text, params) => target.query(text, params);
      expect(await rowCounts(q)).toEqual(shop.counts);
      const optOut = await q(`SELECT action, phone_e164 FROM messaging.consent_ledger WHERE phone_e164 = $1`, [shop.optedOut]);
      expect(optOut).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'opt_out', phone_e164: shop.optedOut })]));
      const unpublished = ((await q(`SELECT id::text AS id FROM messaging.outbox WHERE published_at IS NULL ORDER BY seq`)) as { id: string }[]).map((r) => r.id);
      expect(unpublished).toEqual(shop.pending);
      for (const schema of SERVICES.map((s) => s.schema).filter((s) => s !== 'messaging')) {
        // Every other schema's outbox was consumed by every group before the stop: nothing to publish again.
        expect(await q(`SELECT id FROM ${quoteSchema(schema)}.outbox WHERE published_at IS NULL`)).toEqual([]);
      }
      // A new outbox row takes a seq after the imported ones (the sequence moved).
      const maxSeq = String((await q(`SELECT max(seq)::text AS m FROM messaging.outbox`))[0]?.m);
      expect(BigInt(String((await q(`SELECT nextval('messaging.outbox_seq_seq')::text AS n`))[0]?.n))).toBeGreaterThan(BigInt(maxSeq));

      // The figures from ClickHouse equal the embedded ones.
      const clickhouse = new ClickHouseAnalyticsStore({ url: stack.CLICKHOUSE_URL, database });
      const after = await figures(clickhouse, shop.tenantId).finally(() => clickhouse.close());
      expect(after).toEqual(shop.figures);

      // The distributed relay publishes the pending rows, each once, and no other row of the shop's outbox.
      const log = createRootLogger('it-shop-transfer', 'silent');
      const kafka = createKafkaClient({ clientId: 'it-shop-transfer', brokers: stack.KAFKA_BROKERS.split(',') }, log);
      const contracts = [...new Set(SERVICES.flatMap((s) => [...s.produces, ...s.consumes]))];
      await provisionTopics(kafka, contracts, { partitions: 3, replicationFactor: 1 });
      const recorder = new TopicRecorder(kafka);
      await recorder.start([...new Set(contracts.map((c) => c.topic))]);
      const producer = new KafkaRecordProducer(kafka);
      await producer.connect();
      const relayDs = await new DataSource({ type: 'postgres', url: targetUrl, schema: 'messaging' }).initialize();
      try {
        const relay = new OutboxRelay(relayDs, producer, { schema: 'messaging', databaseUrl: targetUrl, batchSize: 100, pollIntervalMs: 50 }, log);
        let published = 0;
        for (let n = await relay.relayOnce(); n > 0; n = await relay.relayOnce()) published += n;
        expect(published).toBe(shop.pending.length);
        const shopIds = new Set([...shop.pending, ...shop.consumed]);
        const idOf = (value: string | null) => (value ? (JSON.parse(value) as { id: string }).id : '');
        const seen = () => recorder.messages.map((m) => idOf(m.value)).filter((id) => shopIds.has(id));
        await pollUntil(() => (seen().length >= shop.pending.length ? true : undefined), 'the pending rows on Kafka', 30_000, 100);
        expect(await relay.relayOnce()).toBe(0);
        expect(seen().sort()).toEqual([...shop.pending].sort());
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
