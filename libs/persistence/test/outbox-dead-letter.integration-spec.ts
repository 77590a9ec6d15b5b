import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope } from '@textback/contracts';
import { createKafkaClient, KafkaRecordProducer, provisionTopics } from '@textback/kafka';
import { createRootLogger, DEAD_LETTERS_METRIC, deadLetterCounter } from '@textback/observability';
import { createServiceDataSource, OutboxRelay, quoteSchema, runMigrations, TypeormTransactionRunner } from '@textback/persistence';
import { expectEventually, loadStackEnv, probeContract, probeMigration, TopicRecorder, uniqueSchemaName } from '@textback/testing';
import { type Kafka } from 'kafkajs';
import { type Counter, Registry } from 'prom-client';
import { type DataSource } from 'typeorm';

const stack = loadStackEnv();
const schema = uniqueSchemaName('outboxdlq');
const contract = probeContract();
const tenantId = randomUUID();
const locationId = randomUUID();
/** The broker's default `message.max.bytes` (the local stack does not change it). */
const BROKER_MAX_MESSAGE_BYTES = 1_048_588;

describe(`${OutboxRelay.name} size bounds and dead letters (real PostgreSQL and Kafka)`, () => {
  let ds: DataSource;
  let runner: TypeormTransactionRunner;
  let kafka: Kafka;
  let producer: KafkaRecordProducer;
  let recorder: TopicRecorder;
  let registry: Registry;
  let relay: OutboxRelay | undefined;
  const log = createRootLogger('it-outbox-dlq', 'silent');

  beforeAll(async () => {
    ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-outbox-dlq', migrations: [probeMigration(schema)] }).initialize();
    await runMigrations(ds, schema);
    runner = new TypeormTransactionRunner(ds, schema);
    kafka = createKafkaClient({ clientId: 'it-outbox-dlq', brokers: stack.KAFKA_BROKERS.split(',') }, log);
    await provisionTopics(kafka, [contract], { partitions: 3, replicationFactor: 1 });
    producer = new KafkaRecordProducer(kafka);
    await producer.connect();
    recorder = new TopicRecorder(kafka);
    await recorder.start([contract.topic]);
  });

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  afterAll(async () => {
    await recorder?.stop();
    await producer?.disconnect();
    await ds?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds?.destroy();
  });

  /** Starts a relay with its own registry (fresh dead-letter counts per test). */
  async function startRelay(options: { maxBatchBytes?: number; maxAttempts?: number } = {}): Promise<void> {
    registry = new Registry();
    relay = new OutboxRelay(ds, producer, { schema, databaseUrl: stack.DATABASE_URL, batchSize: 500, pollIntervalMs: 50, deadLetters: deadLetterCounter(registry), ...options }, log);
    await relay.start();
  }

  /** Commits `notes.length` events in ONE transaction (so one relay batch takes them all), every one on one key. */
  async function commitEvents(notes: string[]): Promise<EventEnvelope<{ n: number; note?: string }>[]> {
    const events = notes.map((note, n) => createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId: randomUUID() }, { n, note }));
    await runner.run(async (tx) => {
      for (const e of events) await tx.publish(contract, e);
    });
    return events;
  }

  const copiesOf = (id: string) => recorder.on(contract.topic).filter((m) => m.headers['textback-event-id'] === id).length;
  const rowOf = async (id: string) =>
    ((await ds.query(`SELECT published_at, dead_lettered_at, attempts, last_error FROM ${quoteSchema(schema)}.outbox WHERE id = $1`, [id])) as {
      published_at: Date | null;
      dead_lettered_at: Date | null;
      attempts: number;
      last_error: string | null;
    }[])[0];
  const deadLetters = async (reason: string) => {
    const counter = registry.getSingleMetric(DEAD_LETTERS_METRIC) as Counter | undefined;
    const values = counter ? (await counter.get()).values : [];
    return values.find((v) => v.labels.source === 'outbox' && v.labels.queue === contract.topic && v.labels.reason === reason)?.value ?? 0;
  };

  it('publishes a batch larger than the broker accepts in one request, in chunks, each event once and in order', async () => {
    const events = await commitEvents(Array.from({ length: 150 }, (_, i) => `${i}:`.padEnd(10_000, 'x')));
    const marker = (await commitEvents(['marker']))[0] as EventEnvelope<{ n: number; note?: string }>;
    await startRelay();
    await expectEventually(async () => expect(copiesOf(marker.id)).toBe(1), 30_000);
    expect(events.map((e) => copiesOf(e.id))).toEqual(events.map(() => 1));
    const order = recorder.on(contract.topic).map((m) => m.headers['textback-event-id']);
    expect(order.filter((id) => events.some((e) => e.id === id))).toEqual(events.map((e) => e.id));
    expect(await deadLetters('too_large')).toBe(0);
  });

  it('dead-letters a row too large to ever publish, with the error, and publishes the events behind it', async () => {
    const [before, huge, after] = await commitEvents(['before', 'y'.repeat(1_500_000), 'after']);
    await startRelay();
    await expectEventually(async () => expect(copiesOf(after?.id ?? '')).toBe(1), 30_000);
    expect(copiesOf(before?.id ?? '')).toBe(1);
    expect(copiesOf(huge?.id ?? '')).toBe(0);
    // The relay marks its rows after the broker took the batch and commits then: the event behind the huge row can
    // reach Kafka a moment before the dead-letter mark is committed.
    await expectEventually(async () => expect((await rowOf(huge?.id ?? ''))?.dead_lettered_at).toBeInstanceOf(Date), 10_000);
    const row = await rowOf(huge?.id ?? '');
    expect(row?.published_at).toBeNull();
    expect(row?.last_error).toMatch(/^event of about \d+ bytes exceeds OUTBOX_MAX_BATCH_BYTES=900000$/);
    expect(await deadLetters('too_large')).toBe(1);
  });

  it('dead-letters a row the broker refuses on every attempt, after maxAttempts, and goes on', async () => {
    // The relay is told the broker takes 5 MB; the broker refuses the 1.2 MB record (MESSAGE_TOO_LARGE).
    const [refused, after] = await commitEvents(['z'.repeat(BROKER_MAX_MESSAGE_BYTES + 150_000), 'after refused']);
    await startRelay({ maxBatchBytes: 5_000_000, maxAttempts: 3 });
    await expectEventually(async () => expect(copiesOf(after?.id ?? '')).toBe(1), 30_000);
    const row = await rowOf(refused?.id ?? '');
    expect(row?.attempts).toBe(3);
    expect(row?.dead_lettered_at).toBeInstanceOf(Date);
    expect(row?.last_error).toMatch(/larger than the max message size/);
    expect(copiesOf(refused?.id ?? '')).toBe(0);
    expect(await deadLetters('retries_exhausted')).toBe(1);
    const pending = (await ds.query(`SELECT count(*)::int AS n FROM ${quoteSchema(schema)}.outbox WHERE published_at IS NULL AND dead_lettered_at IS NULL`)) as { n: number }[];
    expect(pending[0]?.n).toBe(0);
  });
});
