import { randomUUID } from 'node:crypto';
import { Controller, type INestApplication, Injectable } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { createEvent, deadLetterTopic, type EventEnvelope } from '@textback/contracts';
import { ContractKafkaServer, createKafkaClient, KAFKA_HEADERS, toKafkaRecord } from '@textback/kafka';
import { ConsumeEvent, PermanentEventError } from '@textback/bus';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, entityManagerOf, quoteSchema, runMigrations, type TransactionContext } from '@textback/persistence';
import { connectContractConsumer, ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { expectEventually, loadStackEnv, pollUntil, probeContract, probeMigration, TopicRecorder, uniqueSchemaName } from '@textback/testing';
import { type Admin, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type DataSource } from 'typeorm';

const stack = loadStackEnv();
const schema = uniqueSchemaName('consumer');
const contract = probeContract();
const GROUP = `it-consumer-${randomUUID().slice(0, 8)}`;
const tenantId = randomUUID();
const locationId = randomUUID();

/**
 * Fails the handler for `n` values listed in `failing` until released (with the error of an unreachable database:
 * an outage is retried and redelivered, never dead-lettered); counts calls.
 */
@Injectable()
class FlakyGate {
  readonly calls = new Map<number, number>();
  readonly failing = new Set<number>();
  readonly rejected = new Set<number>();
  check(n: number): void {
    this.calls.set(n, (this.calls.get(n) ?? 0) + 1);
    if (this.rejected.has(n)) throw new PermanentEventError(`domain rule rejects ${n}`);
    if (this.failing.has(n)) throw Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:5432 (probe ${n})`), { code: 'ECONNREFUSED' });
  }
}

@Controller()
class ProbeConsumer {
  constructor(private readonly gate: FlakyGate) {}

  @ConsumeEvent(contract.topic, { group: GROUP })
  async onRecorded(@Payload() event: EventEnvelope<{ n: number }>, @Ctx() t: TransactionContext): Promise<void> {
    this.gate.check(event.data.n);
    await entityManagerOf(t.handle).query(`INSERT INTO ${quoteSchema(schema)}.applied (event_id, n) VALUES ($1, $2)`, [event.id, event.data.n]);
  }
}

describe(ContractKafkaServer.name, () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let admin: Admin;
  let recorder: TopicRecorder;
  let gate: FlakyGate;

  beforeAll(async () => {
    const migration = probeMigration(schema);
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: [migration] }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();

    const definition: ServiceDefinition = { name: GROUP, schema, migrations: [migration], consumes: [contract], produces: [] };
    const env = parseEnv('it', baseServiceEnvSchema, { DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, LOG_LEVEL: 'warn', CONSUMER_MAX_ATTEMPTS: '2' });
    const moduleRef = await Test.createTestingModule({ imports: [ServicePlatformModule.forService(definition, env)], controllers: [ProbeConsumer], providers: [FlakyGate] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    connectContractConsumer(app);
    await app.init();
    await app.startAllMicroservices();
    gate = app.get(FlakyGate);
    ds = createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert' });
    await ds.initialize();

    kafka = createKafkaClient({ clientId: 'it-producer', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
    recorder = new TopicRecorder(kafka);
    await recorder.start([deadLetterTopic(contract.topic)]);
  });

  afterAll(async () => {
    await app?.close();
    await recorder?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    await ds?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds?.destroy();
  });

  const event = (n: number) => createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId: randomUUID() }, { n });
  const send = async (e: EventEnvelope<{ n: number }>) => {
    const r = toKafkaRecord(contract, e);
    await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
  };
  const sendRaw = (value: string) => producer.send({ topic: contract.topic, messages: [{ key: `${locationId}:probe`, value }] });
  const appliedCount = async (id: string) => ((await ds.query(`SELECT count(*)::int AS n FROM ${quoteSchema(schema)}.applied WHERE event_id = $1`, [id])) as { n: number }[])[0]?.n ?? 0;

  it('applies an event delivered twice only once', async () => {
    const dup = event(1);
    await send(dup);
    await send(dup);
    const marker = event(2); // same key, same partition: processed after both copies
    await send(marker);
    await expectEventually(async () => expect(await appliedCount(marker.id)).toBe(1));
    // The second copy is skipped by the inbox claim before the handler runs.
    expect(gate.calls.get(1)).toBe(1);
    expect(await appliedCount(dup.id)).toBe(1);
  });

  it('sends payloads that fail their schema to <topic>.dlq with the error in headers, and keeps consuming', async () => {
    const wrongType = { ...event(3), data: { n: 'three' } };
    await sendRaw(JSON.stringify(wrongType));
    await sendRaw('not json at all');
    const after = event(4);
    await send(after);
    await expectEventually(async () => expect(await appliedCount(after.id)).toBe(1));
    const dlq = await pollUntil(() => recorder.on(deadLetterTopic(contract.topic)).length >= 2 && recorder.on(deadLetterTopic(contract.topic)), 'two dead letters');
    expect(dlq.map((m) => m.headers[KAFKA_HEADERS.dlqReason])).toEqual(['schema', 'schema']);
    expect(dlq[0]?.headers[KAFKA_HEADERS.dlqError]).toMatch(/data\.n/);
    expect(dlq[0]?.headers[KAFKA_HEADERS.dlqOriginalTopic]).toBe(contract.topic);
    expect(dlq[0]?.headers[KAFKA_HEADERS.dlqConsumerGroup]).toBe(GROUP);
    expect(JSON.parse(dlq[0]?.value ?? '{}')).toMatchObject({ id: wrongType.id });
    expect(dlq[1]?.value).toBe('not json at all');
    expect(dlq[1]?.key).toBe(`${locationId}:probe`);
  });

  it('retries an outage without committing the offset, then succeeds once', async () => {
    gate.failing.add(5);
    const flaky = event(5);
    await send(flaky);
    // CONSUMER_MAX_ATTEMPTS=2 in-process attempts, then kafkajs redelivers the same offset.
    await pollUntil(() => (gate.calls.get(5) ?? 0) >= 4, 'redelivery of the failing message');
    // Every probe shares one key, so one partition; the failing message is its last record.
    const [partition] = (await admin.fetchTopicOffsets(contract.topic)).filter((p) => Number(p.high) > 0);
    const committed = await admin.fetchOffsets({ groupId: GROUP, topics: [contract.topic] });
    const committedOffset = committed[0]?.partitions.find((c) => c.partition === partition?.partition)?.offset;
    expect(Number(committedOffset)).toBeLessThan(Number(partition?.high));
    expect(await appliedCount(flaky.id)).toBe(0);

    gate.failing.delete(5);
    await expectEventually(async () => expect(await appliedCount(flaky.id)).toBe(1), 30_000);
    await expectEventually(async () => {
      const now = await admin.fetchOffsets({ groupId: GROUP, topics: [contract.topic] });
      expect(now[0]?.partitions.find((c) => c.partition === partition?.partition)?.offset).toBe(partition?.high);
    }, 30_000);
  });

  it('dead-letters a message whose handler fails permanently, without retrying it', async () => {
    gate.rejected.add(6);
    const doomed = event(6);
    await send(doomed);
    const after = event(7);
    await send(after);
    await expectEventually(async () => expect(await appliedCount(after.id)).toBe(1));
    const letter = await pollUntil(() => recorder.on(deadLetterTopic(contract.topic)).find((m) => m.headers[KAFKA_HEADERS.eventId] === doomed.id), 'the permanent failure in the DLQ');
    expect(letter.headers[KAFKA_HEADERS.dlqReason]).toBe('handler');
    expect(letter.headers[KAFKA_HEADERS.dlqError]).toBe('domain rule rejects 6');
    expect(gate.calls.get(6)).toBe(1);
    expect(await appliedCount(doomed.id)).toBe(0);
  });
});
