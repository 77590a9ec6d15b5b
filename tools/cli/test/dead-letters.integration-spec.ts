import { randomUUID } from 'node:crypto';
import { createEvent, deadLetterTopic } from '@textback/contracts';
import { createKafkaClient, KAFKA_HEADERS, provisionTopics, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations, TypeormTransactionRunner } from '@textback/persistence';
import { type ServiceDefinition } from '@textback/platform';
import { expectEventually, loadStackEnv, probeContract, probeMigration, TopicRecorder, uniqueSchemaName } from '@textback/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { deadLettersCommand, listDeadLetters, replayDeadLetters } from '../src/dead-letters.command';

const stack = loadStackEnv();
const schema = uniqueSchemaName('dlqcli');
const contract = probeContract();
const tenantId = randomUUID();
const locationId = randomUUID();
const service: ServiceDefinition = { name: `it-dlq-cli-${randomUUID().slice(0, 8)}`, schema, migrations: [probeMigration(schema)], consumes: [contract], produces: [] };
const ctx = { databaseUrl: stack.DATABASE_URL, brokers: stack.KAFKA_BROKERS.split(','), services: [service] };

describe('textback dead-letters (real Kafka and PostgreSQL)', () => {
  let ds: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-dlq-cli', migrations: service.migrations }).initialize();
    await runMigrations(ds, schema);
    kafka = createKafkaClient({ clientId: 'it-dlq-cli', brokers: ctx.brokers }, createRootLogger('it', 'warn'));
    await provisionTopics(kafka, [contract], { partitions: 3, replicationFactor: 1 });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    recorder = new TopicRecorder(kafka);
    await recorder.start([contract.topic]);
  });

  afterAll(async () => {
    await recorder?.stop();
    await producer?.disconnect();
    await ds?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds?.destroy();
  });

  const event = (n: number) => createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId: randomUUID() }, { n });

  it('lists a DLQ record and a dead outbox row, replays each once (original key and headers), and then lists nothing', async () => {
    // A record as the consumer's dead-letter path writes it: the original record plus textback-dlq-* headers.
    const failed = toKafkaRecord(contract, event(1));
    const [written] = await producer.send({
      topic: deadLetterTopic(contract.topic),
      acks: -1,
      messages: [
        {
          key: failed.key,
          value: failed.value,
          headers: {
            ...failed.headers,
            [KAFKA_HEADERS.dlqReason]: 'retries_exhausted',
            [KAFKA_HEADERS.dlqError]: 'TypeError: boom',
            [KAFKA_HEADERS.dlqAttempts]: '5',
            [KAFKA_HEADERS.dlqOriginalTopic]: contract.topic,
            [KAFKA_HEADERS.dlqOriginalPartition]: '0',
            [KAFKA_HEADERS.dlqOriginalOffset]: '42',
            [KAFKA_HEADERS.dlqConsumerGroup]: service.name,
            [KAFKA_HEADERS.dlqFailedAt]: new Date().toISOString(),
          },
        },
      ],
    });
    const kafkaId = `kafka:${deadLetterTopic(contract.topic)}:${written?.partition}:${written?.baseOffset}`;
    // Another group's dead letter on the same topic is not this service's.
    await producer.send({ topic: deadLetterTopic(contract.topic), messages: [{ key: 'x', value: '{}', headers: { [KAFKA_HEADERS.dlqOriginalTopic]: contract.topic, [KAFKA_HEADERS.dlqConsumerGroup]: 'someone-else' } }] });

    const parked = event(2);
    await new TypeormTransactionRunner(ds, schema).run((tx) => tx.publish(contract, parked));
    await ds.query(`UPDATE ${quoteSchema(schema)}.outbox SET attempts = 5, last_error = 'KafkaJSProtocolError: refused', dead_lettered_at = now() WHERE id = $1`, [parked.id]);

    const listed = await listDeadLetters(service, ctx);
    expect(listed.map((e) => [e.id, e.queue, e.reason, e.attempts, e.replayable])).toEqual([
      [kafkaId, contract.topic, 'retries_exhausted', 5, true],
      [`outbox:${parked.id}`, 'outbox', 'retries_exhausted', 5, true],
    ]);
    expect(listed[0]?.error).toBe('TypeError: boom');
    expect(listed[1]?.error).toBe(`topic ${contract.topic}: KafkaJSProtocolError: refused`);

    expect((await replayDeadLetters(service, ctx, 'all')).sort()).toEqual([kafkaId, `outbox:${parked.id}`].sort());

    const copies = () => recorder.on(contract.topic).filter((m) => m.headers[KAFKA_HEADERS.eventId] === failed.headers[KAFKA_HEADERS.eventId]);
    await expectEventually(() => expect(copies()).toHaveLength(1));
    const replayed = copies()[0];
    expect(replayed?.key).toBe(failed.key);
    expect(replayed?.value).toBe(failed.value);
    expect(replayed?.headers).toEqual({ ...failed.headers, [KAFKA_HEADERS.replayedFrom]: kafkaId });
    const row = ((await ds.query(`SELECT dead_lettered_at, attempts, last_error, published_at FROM ${quoteSchema(schema)}.outbox WHERE id = $1`, [parked.id])) as Record<string, unknown>[])[0];
    expect(row).toEqual({ dead_lettered_at: null, attempts: 0, last_error: null, published_at: null });

    // Nothing left; a second replay of "all" re-publishes nothing (checked after a marker on the same partition).
    expect(await listDeadLetters(service, ctx)).toEqual([]);
    expect(await replayDeadLetters(service, ctx, 'all')).toEqual([]);
    const marker = toKafkaRecord(contract, event(3));
    await producer.send({ topic: marker.topic, messages: [{ key: marker.key, value: marker.value, headers: marker.headers }] });
    await expectEventually(() => expect(recorder.on(contract.topic).some((m) => m.headers[KAFKA_HEADERS.eventId] === marker.headers[KAFKA_HEADERS.eventId])).toBe(true));
    expect(copies()).toHaveLength(1);
    await expect(replayDeadLetters(service, ctx, { id: kafkaId })).rejects.toThrow(/already replayed/);
    await expect(replayDeadLetters(service, ctx, { id: `outbox:${parked.id}` })).rejects.toThrow(/already replayed/);
  });

  it('says "no dead letters" when there are none, and counts them when there are (one summary line on stderr)', async () => {
    const env = { DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS };
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    const warn = jest.spyOn(console, 'warn').mockImplementation((line: string) => void err.push(line));
    try {
      expect(await deadLettersCommand(['list'], env, [service])).toBe(0);
      expect({ out, err }).toEqual({ out: [], err: [`no dead letters (checked: ${service.name})`] });
      // A dead outbox row: listed on stdout, counted on stderr.
      const parked = event(4);
      const id = parked.id;
      await new TypeormTransactionRunner(ds, schema).run((tx) => tx.publish(contract, parked));
      await ds.query(`UPDATE ${quoteSchema(schema)}.outbox SET attempts = 5, last_error = 'refused', dead_lettered_at = now() WHERE id = $1`, [id]);
      err.length = 0;
      expect(await deadLettersCommand(['list', '--service', service.name], env, [service])).toBe(0);
      expect(out).toEqual([expect.stringContaining(`outbox:${id}`)]);
      expect(err).toEqual([`1 dead letter(s), 1 replayable (checked: ${service.name})`]);
      await ds.query(`DELETE FROM ${quoteSchema(schema)}.outbox WHERE id = $1`, [id]);
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });

  it('refuses bad arguments with exit code 2', async () => {
    const env = { DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS };
    expect(await deadLettersCommand(['replay', '--service', service.name], env, [service])).toBe(2);
    expect(await deadLettersCommand(['replay', '--service', service.name, '--id', 'x', '--all'], env, [service])).toBe(2);
    expect(await deadLettersCommand(['purge'], env, [service])).toBe(2);
  });
});
