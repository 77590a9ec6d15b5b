import { randomUUID } from 'node:crypto';
import { Controller, type INestApplication, Injectable } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { createEvent, deadLetterTopic, type EventEnvelope } from '@textback/contracts';
import { ContractKafkaServer, createKafkaClient, KAFKA_HEADERS, toKafkaRecord } from '@textback/kafka';
import { ConsumeEvent } from '@textback/bus';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, entityManagerOf, quoteSchema, runMigrations, type TransactionContext } from '@textback/persistence';
import { connectContractConsumer, ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { expectEventually, loadStackEnv, pollUntil, probeContract, probeMigration, TopicRecorder, uniqueSchemaName } from '@textback/testing';
import { type Admin, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type DataSource } from 'typeorm';

const stack = loadStackEnv();
const schema = uniqueSchemaName('batch');
const s = quoteSchema(schema);
const contract = probeContract();
const GROUP = `it-batch-${randomUUID().slice(0, 8)}`;
const INBOX_GROUP = `${GROUP}.probe`;
const tenantId = randomUUID();
const locationId = randomUUID();

/** Fails the handler of the `n` values in `failing` (a plain, retriable error); counts calls per `n`. */
@Injectable()
class PoisonGate {
  readonly calls = new Map<number, number>();
  readonly failing = new Set<number>();
  check(n: number): void {
    this.calls.set(n, (this.calls.get(n) ?? 0) + 1);
    if (this.failing.has(n)) throw new Error(`probe ${n} is poison`);
  }
}

@Controller()
class BatchProbeConsumer {
  constructor(private readonly gate: PoisonGate) {}

  @ConsumeEvent(contract.topic, { group: INBOX_GROUP })
  async onRecorded(@Payload() event: EventEnvelope<{ n: number }>, @Ctx() tx: TransactionContext): Promise<void> {
    await entityManagerOf(tx.handle).query(`INSERT INTO ${s}.applied (event_id, n) VALUES ($1, $2)`, [event.id, event.data.n]);
    this.gate.check(event.data.n);
  }
}

/**
 * The batch consumer idiom on the real Kafka and PostgreSQL: every test produces its records in one produce request
 * to a one-partition topic, so the consumer receives them as one Kafka batch. Rows written in one transaction share
 * their `xmin` (the writing transaction's id), which is how the tests count transactions.
 */
describe(`${ContractKafkaServer.name} (batches)`, () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let admin: Admin;
  let recorder: TopicRecorder;
  let gate: PoisonGate;

  beforeAll(async () => {
    const migration = probeMigration(schema);
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: [migration] }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();

    kafka = createKafkaClient({ clientId: 'it-producer', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: contract.topic, numPartitions: 1 }, { topic: deadLetterTopic(contract.topic), numPartitions: 1 }], waitForLeaders: true });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    recorder = new TopicRecorder(kafka);
    await recorder.start([deadLetterTopic(contract.topic)]);

    const definition: ServiceDefinition = { name: GROUP, schema, migrations: [migration], consumes: [contract], produces: [] };
    const env = parseEnv('it', baseServiceEnvSchema, { DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, LOG_LEVEL: 'error', CONSUMER_MAX_ATTEMPTS: '2', CONSUMER_RETRY_BASE_MS: '50' });
    const moduleRef = await Test.createTestingModule({ imports: [ServicePlatformModule.forService(definition, env)], controllers: [BatchProbeConsumer], providers: [PoisonGate] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    connectContractConsumer(app);
    await app.init();
    await app.startAllMicroservices();
    gate = app.get(PoisonGate);
    ds = createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert' });
    await ds.initialize();
  });

  afterAll(async () => {
    await app?.close();
    await recorder?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    await ds?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await ds?.destroy();
  });

  const event = (n: number) => createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId: randomUUID() }, { n });
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => event(from + i));
  /** Produces `events` in ONE produce request (one record batch on the partition). */
  const sendTogether = async (events: EventEnvelope<{ n: number }>[]) => {
    const messages = events.map((e) => {
      const r = toKafkaRecord(contract, e);
      return { key: r.key, value: r.value, headers: r.headers };
    });
    await producer.send({ topic: contract.topic, acks: -1, messages });
  };
  const applied = async (ids: string[]) => (await ds.query(`SELECT event_id, count(*)::int AS n, count(DISTINCT xmin::text)::int AS transactions FROM ${s}.applied WHERE event_id = ANY($1) GROUP BY event_id`, [ids])) as { event_id: string; n: number }[];
  const transactionsOf = async (table: 'applied' | 'inbox', ids: string[]) => {
    const rows = (await ds.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM ${s}.${table} WHERE event_id = ANY($1)`, [ids])) as { n: number }[];
    return rows[0]?.n ?? 0;
  };

  it('applies a batch of 20 records, their inbox claims and effects, in one transaction', async () => {
    const batch = range(1, 20);
    const ids = batch.map((e) => e.id);
    await sendTogether(batch);
    await expectEventually(async () => expect((await applied(ids)).length).toBe(20), 30_000);
    expect((await applied(ids)).every((r) => r.n === 1)).toBe(true);
    const applyTransactions = await transactionsOf('applied', ids);
    const claimTransactions = await transactionsOf('inbox', ids);
    console.log(`batch of 20 records: ${applyTransactions} transaction(s) for the effects, ${claimTransactions} for the inbox claims`);
    expect(applyTransactions).toBe(1);
    expect(claimTransactions).toBe(1);
  });

  it('dead-letters a poison record in the middle of a batch alone and applies the others once each', async () => {
    gate.failing.add(30);
    const batch = range(21, 40);
    const poison = batch[9];
    const ids = batch.map((e) => e.id);
    await sendTogether(batch);
    const letter = await pollUntil(() => recorder.on(deadLetterTopic(contract.topic)).find((m) => m.headers[KAFKA_HEADERS.eventId] === poison?.id), 'the poison record in the DLQ', 30_000);
    expect(letter.headers[KAFKA_HEADERS.dlqReason]).toBe('retries_exhausted');
    expect(letter.headers[KAFKA_HEADERS.dlqAttempts]).toBe('2');
    await expectEventually(async () => expect((await applied(ids)).length).toBe(19), 30_000);
    const rows = await applied(ids);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.map((r) => r.event_id)).not.toContain(poison?.id);
    expect(recorder.on(deadLetterTopic(contract.topic)).filter((m) => ids.includes(m.headers[KAFKA_HEADERS.eventId] ?? ''))).toHaveLength(1);
    // One attempt in the shared transaction, which counts toward CONSUMER_MAX_ATTEMPTS=2, then one alone.
    expect(gate.calls.get(30)).toBe(2);
  });

  it('applies nothing twice when the same batch is delivered again', async () => {
    const first = range(41, 60);
    await sendTogether(first);
    const ids = first.map((e) => e.id);
    await expectEventually(async () => expect((await applied(ids)).length).toBe(20), 30_000);
    const marker = event(61);
    await sendTogether([...first, marker]);
    await expectEventually(async () => expect((await applied([marker.id])).length).toBe(1), 30_000);
    const rows = await applied(ids);
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    for (let n = 41; n <= 60; n++) expect(gate.calls.get(n)).toBe(1);
  });
});
