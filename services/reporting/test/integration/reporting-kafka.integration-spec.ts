import { randomUUID } from 'node:crypto';
import { type ClickHouseClient } from '@clickhouse/client';
import { type INestApplication } from '@nestjs/common';
import { contractForTopic, createEvent, type EventEnvelope, TOPICS } from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { expectEventually, loadStackEnv, randomLetters, uniqueSchemaName } from '@textback/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { createClickHouseClient, ident, sql } from '@textback/analytics';
import { loadReportingEnv } from '../../src/config/reporting.env';
import { bootstrapReporting } from '../../src/reporting.bootstrap';
import { reportingService } from '../../src/reporting.definition';
import { startGroupAtTopicEnds } from '@textback/testing';

const stack = loadStackEnv();
const database = `it_repk_${randomLetters(8)}`;
const schema = uniqueSchemaName('repk');
const group = `it-reporting-kafka-${randomLetters(6)}`;
const definition = { ...reportingService, name: group, schema };

describe('reporting consumer on the real Kafka', () => {
  let app: INestApplication;
  let kafka: Kafka;
  let producer: Producer;
  let ch: ClickHouseClient;

  beforeAll(async () => {
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    kafka = createKafkaClient({ clientId: 'it-reporting-producer', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    // Topics are shared with every other test and bench: start this new group at their ends
    // (the platform's consumer would otherwise read every topic from the beginning).
    await startGroupAtTopicEnds(kafka, group);
    const env = loadReportingEnv({ DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, CLICKHOUSE_URL: stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: database, JWT_SECRET: 'it-kafka-secret-0123456789-abcdefghijklmn', JWT_ISSUER: 'https://auth.textback.test', JWT_AUDIENCE: 'textback-api', LOG_LEVEL: 'warn' });
    app = await bootstrapReporting(env, definition, false);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    ch = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database, requestTimeoutMs: 120_000 });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await ch?.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await ch?.close();
    const ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-drop' }).initialize();
    await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds.destroy();
  });

  const send = async (e: EventEnvelope<unknown>) => {
    const r = toKafkaRecord(contractForTopic(e.type), e);
    await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
  };
  const one = async <T>(q: string) => (await (await ch.query({ query: q, format: 'JSONEachRow' })).json<T>())[0];

  it('stores events from several topics once, with region and tracking source enriched, and rolls them up', async () => {
    const tenantId = randomUUID();
    const locationId = randomUUID();
    const regionId = randomUUID();
    const attrs = (correlationId: string) => ({ source: '/textback/it', tenantId, locationId, correlationId });
    const config = createEvent(contractForTopic(TOPICS.locationConfig), attrs(locationId), {
      locationId, tenantId, regionId, revision: 3, businessName: 'Acme', locationName: 'Kafka Loc', timeZone: 'America/Denver', businessHours: {}, forwardToE164: '+13125550100',
      phoneNumbers: [], sendingNumbers: [], services: [{ serviceId: 's', name: 'S', averageTicketCents: 20000 }],
    } as never) as EventEnvelope<unknown>;
    await send(config);
    await expectEventually(async () => expect(await one<{ n: string }>(sql`SELECT count() AS n FROM locations WHERE location_id = ${locationId}`.text)).toEqual({ n: '1' }), 120_000);

    const callId = randomUUID();
    const call = { callId, provider: 'bandwidth', providerCallId: 'pc-1', callerE164: '+13125550111', callerRaw: '+13125550111', dialedE164: '+13125550199', trackingSource: 'yelp', startedAt: '2026-11-10T16:00:00Z' };
    const missed = createEvent(contractForTopic(TOPICS.callMissed), attrs(callId), { ...call, reason: 'no_answer', explanation: 'rang', ringSeconds: 25, endedAt: '2026-11-10T16:00:25Z', decidedAt: '2026-11-10T16:00:30Z', callerTextable: true } as never) as EventEnvelope<unknown>;
    const decided = createEvent(contractForTopic(TOPICS.firstTextDecided), attrs(callId), { callId, callerE164: '+13125550111', outcome: 'sent', commandId: randomUUID(), decisionLatencySeconds: 3, decidedAt: '2026-11-10T16:00:33Z' } as never) as EventEnvelope<unknown>;
    await send(missed);
    await send(missed);
    // The first-text decision inherits the tracking source of its call once the call is stored;
    // the two topics are consumed independently, so wait for the call first (README: best effort).
    await expectEventually(async () => expect(await one<{ n: string }>(sql`SELECT count() AS n FROM events FINAL WHERE tenant_id = ${tenantId} AND event_type = ${TOPICS.callMissed}`.text)).toEqual({ n: '1' }), 120_000);
    await send(decided);
    await expectEventually(async () => {
      const rollup = await one<{ missed: string; sent: string }>(sql`SELECT sum(missed_calls) AS missed, sum(first_texts_sent) AS sent FROM measures_daily WHERE tenant_id = ${tenantId}`.text);
      expect(rollup).toEqual({ missed: '1', sent: '1' });
    }, 120_000);
    await send(missed); // a late redelivery, after the first copy is stored
    const stored = await (await ch.query({ query: sql`SELECT event_type, region_id, tracking_source FROM events FINAL WHERE tenant_id = ${tenantId} AND event_type != ${TOPICS.locationConfig} ORDER BY event_type`.text, format: 'JSONEachRow' })).json<Record<string, string>>();
    expect(stored).toEqual([
      { event_type: TOPICS.firstTextDecided, region_id: regionId, tracking_source: 'yelp' },
      { event_type: TOPICS.callMissed, region_id: regionId, tracking_source: 'yelp' },
    ].sort((a, b) => a.event_type.localeCompare(b.event_type)));
    const marker = createEvent(contractForTopic(TOPICS.callMissed), attrs(randomUUID()), { ...call, callId: randomUUID(), reason: 'busy', explanation: 'busy', ringSeconds: 0, endedAt: '2026-11-10T17:00:00Z', decidedAt: '2026-11-10T17:00:01Z', callerTextable: true } as never) as EventEnvelope<unknown>;
    await send(marker);
    await expectEventually(async () => expect(await one<{ missed: string }>(sql`SELECT sum(missed_calls) AS missed FROM measures_daily WHERE tenant_id = ${tenantId}`.text)).toEqual({ missed: '2' }), 120_000);
  }, 480_000);
});
