import { randomUUID } from 'node:crypto';
import { Controller, type INestApplication, Injectable } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { createEvent, deadLetterTopic, type EventEnvelope } from '@textback/contracts';
import { ContractKafkaServer, createKafkaClient, KAFKA_HEADERS, toKafkaRecord } from '@textback/kafka';
import { ConsumeEvent } from '@textback/bus';
import { createRootLogger, DEAD_LETTERS_METRIC, METRICS_REGISTRY } from '@textback/observability';
import { createServiceDataSource, entityManagerOf, quoteSchema, runMigrations, type TransactionContext } from '@textback/persistence';
import { connectContractConsumer, ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { expectEventually, loadStackEnv, pollUntil, probeContract, probeMigration, TopicRecorder, uniqueSchemaName } from '@textback/testing';
import { type Admin, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { type Counter, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';

const stack = loadStackEnv();
const schema = uniqueSchemaName('consumerdlq');
const contract = probeContract();
const GROUP = `it-consumer-dlq-${randomUUID().slice(0, 8)}`;
const tenantId = randomUUID();
const locationId = randomUUID();
const MAX_ATTEMPTS = 3;

/**
 * Decides what the handler does per probe number: `poisoned` always throws (a deterministic bug: the same record
 * fails the same way every time), `outage` makes the handler query a PostgreSQL address where nothing listens (a
 * real ECONNREFUSED, as when the database is down). Counts calls per number.
 */
@Injectable()
class HandlerGate {
  readonly calls = new Map<number, number>();
  readonly poisoned = new Set<number>();
  readonly outage = new Set<number>();
  async check(n: number): Promise<void> {
    this.calls.set(n, (this.calls.get(n) ?? 0) + 1);
    if (this.poisoned.has(n)) throw new TypeError(`cannot read properties of undefined (probe ${n})`);
    if (this.outage.has(n)) {
      const down = new Client({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 2_000 });
      try {
        await down.connect();
      } finally {
        await down.end().catch(() => undefined);
      }
    }
  }
}

@Controller()
class ProbeConsumer {
  constructor(private readonly gate: HandlerGate) {}

  @ConsumeEvent(contract.topic, { group: GROUP })
  async onRecorded(@Payload() event: EventEnvelope<{ n: number }>, @Ctx() t: TransactionContext): Promise<void> {
    await this.gate.check(event.data.n);
    await entityManagerOf(t.handle).query(`INSERT INTO ${quoteSchema(schema)}.applied (event_id, n) VALUES ($1, $2)`, [event.id, event.data.n]);
  }
}

describe(`${ContractKafkaServer.name} attempt cap (real Kafka and PostgreSQL)`, () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let admin: Admin;
  let recorder: TopicRecorder;
  let gate: HandlerGate;
  let registry: Registry;

  beforeAll(async () => {
    const migration = probeMigration(schema);
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: [migration] }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();

    const definition: ServiceDefinition = { name: GROUP, schema, migrations: [migration], consumes: [contract], produces: [] };
    const env = parseEnv('it', baseServiceEnvSchema, {
      DATABASE_URL: stack.DATABASE_URL,
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      LOG_LEVEL: 'silent',
      CONSUMER_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      CONSUMER_RETRY_BASE_MS: '100',
      CONSUMER_RETRY_MAX_DELAY_MS: '400',
    });
    const moduleRef = await Test.createTestingModule({ imports: [ServicePlatformModule.forService(definition, env)], controllers: [ProbeConsumer], providers: [HandlerGate] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    connectContractConsumer(app);
    await app.init();
    await app.startAllMicroservices();
    gate = app.get(HandlerGate);
    registry = app.get<Registry>(METRICS_REGISTRY);
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
  const send = async (...events: EventEnvelope<{ n: number }>[]) => {
    const records = events.map((e) => toKafkaRecord(contract, e));
    await producer.send({ topic: contract.topic, messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
  };
  const appliedCount = async (id: string) => ((await ds.query(`SELECT count(*)::int AS n FROM ${quoteSchema(schema)}.applied WHERE event_id = $1`, [id])) as { n: number }[])[0]?.n ?? 0;
  const deadLetters = async (reason: string) => {
    const counter = registry.getSingleMetric(DEAD_LETTERS_METRIC) as Counter | undefined;
    const values = counter ? (await counter.get()).values : [];
    return values.find((v) => v.labels.source === 'kafka_consumer' && v.labels.queue === contract.topic && v.labels.reason === reason)?.value ?? 0;
  };
  const letters = () => recorder.on(deadLetterTopic(contract.topic));

  it('dead-letters a record that fails on every attempt, with its error, and goes on with the partition', async () => {
    gate.poisoned.add(1);
    const poison = event(1);
    const after = event(2); // same key, so the same partition, behind the poison record
    // One produce request: both records come in one fetch, so the poison record first fails inside the batch
    // transaction; that attempt counts toward its cap (CI once saw MAX_ATTEMPTS + 1 calls when they came together).
    await send(poison, after);

    await expectEventually(async () => expect(await appliedCount(after.id)).toBe(1), 30_000);
    const letter = await pollUntil(() => letters().find((m) => m.headers[KAFKA_HEADERS.eventId] === poison.id), 'the poison record in the DLQ');
    expect(letter.headers[KAFKA_HEADERS.dlqReason]).toBe('retries_exhausted');
    expect(letter.headers[KAFKA_HEADERS.dlqError]).toBe('TypeError: cannot read properties of undefined (probe 1)');
    expect(letter.headers[KAFKA_HEADERS.dlqAttempts]).toBe(String(MAX_ATTEMPTS));
    expect(letter.headers[KAFKA_HEADERS.dlqOriginalTopic]).toBe(contract.topic);
    expect(letter.headers[KAFKA_HEADERS.dlqConsumerGroup]).toBe(GROUP);
    expect(letter.key).toBe(`${locationId}:probe`);
    expect(JSON.parse(letter.value ?? '{}')).toMatchObject({ id: poison.id });
    expect(gate.calls.get(1)).toBe(MAX_ATTEMPTS);
    expect(await appliedCount(poison.id)).toBe(0);
    expect(await deadLetters('retries_exhausted')).toBe(1);

    // The group's offset moves past both records: nothing is redelivered.
    const [partition] = (await admin.fetchTopicOffsets(contract.topic)).filter((p) => Number(p.high) > 0);
    await expectEventually(async () => {
      const committed = await admin.fetchOffsets({ groupId: GROUP, topics: [contract.topic] });
      expect(committed[0]?.partitions.find((c) => c.partition === partition?.partition)?.offset).toBe(partition?.high);
    }, 30_000);
    const marker = event(3);
    await send(marker);
    await expectEventually(async () => expect(await appliedCount(marker.id)).toBe(1));
    expect(gate.calls.get(1)).toBe(MAX_ATTEMPTS);
    expect(letters().filter((m) => m.headers[KAFKA_HEADERS.eventId] === poison.id)).toHaveLength(1);
  });

  it('does not dead-letter a good record while PostgreSQL is unreachable, however long: it is applied once after', async () => {
    gate.outage.add(4);
    const good = event(4);
    await send(good);
    // Twice the attempts a poison record gets: an outage spends none of them.
    await pollUntil(() => (gate.calls.get(4) ?? 0) >= 2 * MAX_ATTEMPTS, 'the record retried through the outage', 60_000);
    expect(await appliedCount(good.id)).toBe(0);
    gate.outage.delete(4);
    await expectEventually(async () => expect(await appliedCount(good.id)).toBe(1), 60_000);
    const marker = event(5);
    await send(marker);
    await expectEventually(async () => expect(await appliedCount(marker.id)).toBe(1));
    expect(letters().filter((m) => m.headers[KAFKA_HEADERS.eventId] === good.id)).toHaveLength(0);
    expect(await deadLetters('retries_exhausted')).toBe(1);
  });
});
