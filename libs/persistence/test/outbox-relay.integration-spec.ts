import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, type EventEnvelope } from '@textback/contracts';
import { createKafkaClient, provisionTopics } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, entityManagerOf, quoteSchema, runMigrations, revertMigrations, TypeormTransactionRunner } from '@textback/persistence';
import { expectEventually, expectExactlyAfterMarker, loadStackEnv, probeContract, probeMigration, TopicRecorder, uniqueSchemaName } from '@textback/testing';
import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';

const stack = loadStackEnv();
const schema = uniqueSchemaName('outbox');
const contract = probeContract();
const FIXTURE = join(__dirname, '../../../dist/libs/testing/src/fixtures/outbox-relay-process.js');
const tenantId = randomUUID();
const locationId = randomUUID();

describe('OutboxRelay (real PostgreSQL and Kafka, relay killed with SIGKILL)', () => {
  let ds: DataSource;
  let runner: TypeormTransactionRunner;
  let recorder: TopicRecorder;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(FIXTURE)) throw new Error(`${FIXTURE} missing: run npm run build first (npm run test:integration does)`);
    ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-outbox', migrations: [probeMigration(schema)] }).initialize();
    await runMigrations(ds, schema);
    runner = new TypeormTransactionRunner(ds, schema);
    const kafka = createKafkaClient({ clientId: 'it-outbox', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    await provisionTopics(kafka, [contract], { partitions: 3, replicationFactor: 1 });
    recorder = new TopicRecorder(kafka);
    await recorder.start([contract.topic]);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await recorder?.stop();
    await ds?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds?.destroy();
  });

  function startRelay(fault: 'none' | 'before-publish' | 'after-publish') {
    const child = spawn(process.execPath, [FIXTURE], {
      env: { ...process.env, DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, OUTBOX_SCHEMA: schema, OUTBOX_FAULT: fault },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    return { child, exited };
  }

  async function stopRelay(relay: ReturnType<typeof startRelay>) {
    relay.child.kill('SIGTERM');
    await relay.exited;
  }

  /** Commits a state change (an `applied` row) and its event in one transaction. */
  async function commitWithEvent(n: number): Promise<EventEnvelope<{ n: number }>> {
    const event = createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId: randomUUID() }, { n });
    await runner.run(async (tx) => {
      await entityManagerOf(tx.handle).query(`INSERT INTO ${quoteSchema(schema)}.applied (event_id, n) VALUES ($1, $2)`, [`state-${event.id}`, n]);
      await tx.publish(contract, event);
    });
    return event;
  }

  const copiesOf = (id: string) => recorder.on(contract.topic).filter((m) => m.headers['textback-event-id'] === id);

  /**
   * After the relay under test stopped: commits a later event to the same outbox (same key, so the same
   * partition) and starts a fresh relay; once the later event's copy is on the topic, a relay that would publish
   * `id` again (a row left unmarked) has done so before it (the relay publishes in `seq` order). Then `id` must
   * have exactly `copies` copies on the topic.
   */
  async function expectCopiesAfterMarker(id: string, copies: number): Promise<void> {
    let later: EventEnvelope<{ n: number }> | undefined;
    let relay: ReturnType<typeof startRelay> | undefined;
    try {
      await expectExactlyAfterMarker(
        {
          description: 'a later event in the same outbox, published by a fresh relay',
          send: async () => {
            later = await commitWithEvent(100);
            relay = startRelay('none');
          },
          seen: () => later !== undefined && copiesOf(later.id).length > 0,
          timeoutMs: 20_000,
          intervalMs: 50,
        },
        () => ({ copies: copiesOf(id).length, markerCopies: copiesOf(later?.id ?? '').length }),
        { copies, markerCopies: 1 },
      );
    } finally {
      if (relay) await stopRelay(relay);
    }
  }
  const publishedAt = async (id: string) => ((await ds.query(`SELECT published_at FROM ${quoteSchema(schema)}.outbox WHERE id = $1`, [id])) as { published_at: Date | null }[])[0]?.published_at;

  it('rolls back the state change and the event together', async () => {
    const event = createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId: randomUUID() }, { n: 0 });
    await expect(
      runner.run(async (tx) => {
        await entityManagerOf(tx.handle).query(`INSERT INTO ${quoteSchema(schema)}.applied (event_id, n) VALUES ($1, 0)`, [`state-${event.id}`]);
        await tx.publish(contract, event);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = (await ds.query(`SELECT (SELECT count(*) FROM ${quoteSchema(schema)}.outbox WHERE id = $1)::int AS outbox, (SELECT count(*) FROM ${quoteSchema(schema)}.applied WHERE event_id = $2)::int AS state`, [event.id, `state-${event.id}`])) as { outbox: number; state: number }[];
    expect(rows[0]).toEqual({ outbox: 0, state: 0 });
  });

  it('rejects an event that does not satisfy its contract before anything is written', async () => {
    const bad = { ...createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId: 'c' }, { n: 1 }), data: { n: 'one' } } as unknown as EventEnvelope<{ n: number }>;
    await expect(runner.run((tx) => tx.publish(contract, bad))).rejects.toThrow(/data/);
  });

  it('publishes exactly once when the relay is killed after the commit and before the publish, then restarted', async () => {
    const event = await commitWithEvent(1);
    const crashed = startRelay('before-publish');
    expect(await crashed.exited).toBe('SIGKILL');
    expect(await publishedAt(event.id)).toBeNull();

    const relay = startRelay('none');
    await expectEventually(async () => expect(await publishedAt(event.id)).toBeInstanceOf(Date));
    await expectEventually(() => expect(copiesOf(event.id)).toHaveLength(1));
    await stopRelay(relay);
    await expectCopiesAfterMarker(event.id, 1);
    const [copy] = copiesOf(event.id);
    expect(copy?.key).toBe(`${locationId}:probe`);
    expect(copy?.headers).toMatchObject({ 'textback-event-type': contract.type, 'textback-schema-version': '1', 'textback-correlation-id': event.correlationId });
    expect(JSON.parse(copy?.value ?? '{}')).toEqual(event);
  });

  it('re-publishes after a kill between publish and mark, and the inbox applies the event once', async () => {
    const event = await commitWithEvent(2);
    const crashed = startRelay('after-publish');
    expect(await crashed.exited).toBe('SIGKILL');
    await expectEventually(() => expect(copiesOf(event.id)).toHaveLength(1));
    expect(await publishedAt(event.id)).toBeNull();

    const relay = startRelay('none');
    await expectEventually(() => expect(copiesOf(event.id)).toHaveLength(2));
    await stopRelay(relay);
    // The re-publish marked the row: no third copy appears after the relay stopped.
    await expectCopiesAfterMarker(event.id, 2);

    // A consumer sees both copies; the inbox makes the second a no-op.
    const outcomes = [];
    for (const copy of copiesOf(event.id)) {
      const delivered = JSON.parse(copy.value ?? '{}') as EventEnvelope<{ n: number }>;
      outcomes.push(
        await runner.runOnce('it-consumer', delivered, async (tx) => {
          await entityManagerOf(tx.handle).query(`INSERT INTO ${quoteSchema(schema)}.applied (event_id, n) VALUES ($1, $2)`, [delivered.id, delivered.data.n]);
        }),
      );
    }
    expect(outcomes.map((o) => o.duplicate)).toEqual([false, true]);
    const applied = (await ds.query(`SELECT count(*)::int AS n FROM ${quoteSchema(schema)}.applied WHERE event_id = $1`, [event.id])) as { n: number }[];
    expect(applied[0]?.n).toBe(1);
  });

  it('migrations roll back and re-apply', async () => {
    await revertMigrations(ds, schema, 1);
    const gone = (await ds.query(`SELECT to_regclass($1) AS t`, [`${schema}.outbox`])) as { t: string | null }[];
    expect(gone[0]?.t).toBeNull();
    const again = await runMigrations(ds, schema);
    expect(again.applied).toEqual(['ProbeSchema1764450000000']);
  });
});
