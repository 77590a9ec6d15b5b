import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Inject, Injectable, type INestApplication } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  BUS_DEAD_LETTERS,
  BUS_SCHEMA,
  busDeadLetters,
  ConsumeEvent,
  ConsumeEventsTogether,
  connectBusConsumer,
  createInProcessBusServer,
  InProcessBusContext,
  type InProcessBusServer,
  inProcessBusProbe,
  type OwnTransaction,
} from '@textback/bus';
import { createEvent, type EventEnvelope } from '@textback/contracts';
import { createRootLogger } from '@textback/observability';
import {
  DeadLetterTableRepository,
  entityManagerOf,
  openRelationalStore,
  type RelationalStore,
  runMigrations,
  type TransactionContext,
  TypeormTransactionRunner,
} from '@textback/persistence';
import { expectEventually, pollUntil, probeContract, probeMigration } from '@textback/testing';
import { type DataSource } from 'typeorm';

/** Producer schemas (services that publish) and consumer schemas (services that consume), all in one PGlite store. */
const PRODUCER_A = 'bus_it_a';
const PRODUCER_B = 'bus_it_b';
const CONSUMER_X = 'bus_it_x';
const CONSUMER_Y = 'bus_it_y';
const SCHEMAS = [PRODUCER_A, PRODUCER_B, CONSUMER_X, CONSUMER_Y];
const recorded = probeContract();
const outside = probeContract();
const together = probeContract();
const plain = probeContract();
const MAX_ATTEMPTS = 3;
/** Debug lines of the bus (one `bus round read` per round), kept to show that an idle bus does not poll. */
const logLines: { msg: string; group?: string }[] = [];
const log = createRootLogger('it-bus', 'debug', { write: (line: string) => void logLines.push(JSON.parse(line) as { msg: string }) });

/** Scripted failures of group X's handler per `n`: fail `k` times, always (poison), or with an outage; counts calls. */
@Injectable()
class HandlerGate {
  readonly calls = new Map<number, number>();
  readonly failTimes = new Map<number, number>();
  readonly poison = new Set<number>();
  readonly outage = new Set<number>();
  check(n: number): void {
    const call = (this.calls.get(n) ?? 0) + 1;
    this.calls.set(n, call);
    if (this.poison.has(n)) throw new Error(`poison ${n}`);
    if (this.outage.has(n)) throw Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:5432 (probe ${n})`), { code: 'ECONNREFUSED' });
    if (call <= (this.failTimes.get(n) ?? 0)) throw new Error(`transient failure ${call} of ${n}`);
  }
}

/** What the `own` handler saw during its outside call: whether another data source got the store's session at once. */
@Injectable()
class OutsideCalls {
  readonly sessionFree: boolean[] = [];
  probe: DataSource | null = null;
}

const insertApplied = (tx: TransactionContext, schema: string, event: EventEnvelope<{ n: number }>) =>
  entityManagerOf(tx.handle).query(`INSERT INTO ${schema}.applied (event_id, n) VALUES ($1, $2)`, [event.id, event.data.n]);

@Controller()
class GroupXConsumer {
  constructor(
    @Inject(HandlerGate) private readonly gate: HandlerGate,
    @Inject(OutsideCalls) private readonly outsideCalls: OutsideCalls,
  ) {}

  @ConsumeEvent(recorded.topic)
  async onRecorded(@Payload() event: EventEnvelope<{ n: number }>, @Ctx() tx: TransactionContext): Promise<void> {
    this.gate.check(event.data.n);
    await insertApplied(tx, CONSUMER_X, event);
  }

  /** Calls "outside" (a query through another data source, which needs the one session) before its transaction. */
  @ConsumeEvent(outside.topic, { transaction: 'own' })
  async onOutside(@Payload() event: EventEnvelope<{ n: number }>, @Ctx() inbox: OwnTransaction<TransactionContext>): Promise<void> {
    try {
      await this.outsideCalls.probe?.query('SELECT 1');
      this.outsideCalls.sessionFree.push(true);
    } catch {
      this.outsideCalls.sessionFree.push(false);
    }
    await inbox.once((tx) => insertApplied(tx, CONSUMER_X, event));
  }
}

/** What group Y's inbox-less handlers saw: `n` of every call, and the plain handler's context arguments. */
@Injectable()
class InboxlessCalls {
  readonly together: number[] = [];
  readonly plain: { n: number; args: [string, string, number] }[] = [];
}

@Controller()
class GroupYConsumer {
  constructor(@Inject(InboxlessCalls) private readonly inboxless: InboxlessCalls) {}

  @ConsumeEventsTogether(together.topic)
  async onTogether(@Payload() event: EventEnvelope<{ n: number }>): Promise<void> {
    await Promise.resolve();
    this.inboxless.together.push(event.data.n);
  }

  // The untyped overload: NestJS 12's typed one (handler `(data, ...args: unknown[])`) refuses a typed @Ctx() argument.
  @EventPattern<string>(plain.topic)
  async onPlain(@Payload() event: EventEnvelope<{ n: number }>, @Ctx() context: InProcessBusContext): Promise<void> {
    await Promise.resolve();
    this.inboxless.plain.push({ n: event.data.n, args: context.getArgs() });
  }

  @ConsumeEvent(recorded.topic)
  async onRecorded(@Payload() event: EventEnvelope<{ n: number }>, @Ctx() tx: TransactionContext): Promise<void> {
    await insertApplied(tx, CONSUMER_Y, event);
  }
}

describe('InProcessBusServer (PGlite on a data directory)', () => {
  let dir: string;
  let store: RelationalStore;
  let sources: Record<string, DataSource> = {};
  let runners: Record<string, TypeormTransactionRunner> = {};
  let apps: INestApplication[] = [];
  let servers: Record<'x' | 'y', InProcessBusServer>;
  const gate = new HandlerGate();
  const outsideCalls = new OutsideCalls();
  const inboxless = new InboxlessCalls();

  /** Opens the store in `dir`, migrates the test schemas (first time only) and starts groups X and Y. */
  const boot = async () => {
    store = await openRelationalStore({ TEXTBACK_DATA_DIR: dir });
    sources = {};
    runners = {};
    for (const schema of SCHEMAS) {
      const ds = await store.createDataSource({ schema, applicationName: `it-${schema}`, migrations: [probeMigration(schema)] }).initialize();
      await runMigrations(ds, schema);
      sources[schema] = ds;
      runners[schema] = new TypeormTransactionRunner(ds, schema);
    }
    outsideCalls.probe = await store.createDataSource({ schema: CONSUMER_X, applicationName: 'it-outside', connectTimeoutMs: 1_000 }).initialize();
    // The servers keep the default safety poll (30 s), longer than expectEventually waits (20 s): every delivery below
    // is started by the outbox write's NOTIFY.
    const wakeups = store.createWakeups('it-bus', log);
    await wakeups.start();
    const start = async (group: string, schema: string, controller: new (...args: never[]) => unknown) => {
      const server = createInProcessBusServer({
        store,
        runner: runners[schema] as TypeormTransactionRunner,
        group,
        producerSchemas: [PRODUCER_A, PRODUCER_B],
        contracts: [recorded, outside, together, plain],
        log,
        maxAttempts: MAX_ATTEMPTS,
        retryBaseDelayMs: 10,
        retryMaxDelayMs: 40,
        wakeups,
        batchMaxRecords: 8,
      });
      const moduleRef = await Test.createTestingModule({
        controllers: [controller],
        providers: [
          { provide: HandlerGate, useValue: gate },
          { provide: OutsideCalls, useValue: outsideCalls },
          { provide: InboxlessCalls, useValue: inboxless },
        ],
      }).compile();
      // As the single-process host attaches it: a microservice of the service's application, started with the others.
      const app = moduleRef.createNestApplication({ logger: false });
      connectBusConsumer(app, server);
      await app.init();
      await app.startAllMicroservices();
      apps.push(app);
      return server;
    };
    servers = { x: await start('svc-x', CONSUMER_X, GroupXConsumer), y: await start('svc-y', CONSUMER_Y, GroupYConsumer) };
    return wakeups;
  };
  let wakeupsOfBoot: Awaited<ReturnType<typeof boot>>;

  const shutdown = async () => {
    for (const app of apps) await app.close();
    apps = [];
    await wakeupsOfBoot.stop();
    await outsideCalls.probe?.destroy();
    for (const ds of Object.values(sources)) await ds.destroy();
    await store.close();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'textback-bus-'));
    wakeupsOfBoot = await boot();
  }, 300_000);

  afterAll(async () => {
    if (store) await shutdown().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const tenantId = randomUUID();
  const locationId = randomUUID();
  const event = (n: number, contract = recorded) => createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId: randomUUID() }, { n });
  const publish = (schema: string, ...events: EventEnvelope<{ n: number }>[]) =>
    (runners[schema] as TypeormTransactionRunner).run(async (tx) => {
      for (const e of events) await tx.publish([recorded, outside, together, plain].find((c) => c.type === e.type) ?? recorded, e);
    });
  const query = <T>(sql: string, params: unknown[] = []) => (sources[PRODUCER_A] as DataSource).query(sql, params) as Promise<T[]>;
  const appliedCount = async (schema: string, id: string) => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.applied WHERE event_id = $1`, [id]))[0]?.n ?? 0;
  const appliedNs = async (schema: string, from: number, to: number) => (await query<{ n: number }>(`SELECT n FROM ${schema}.applied WHERE n BETWEEN $1 AND $2 ORDER BY id`, [from, to])).map((r) => r.n);
  const deadLetters = (group: string) => query<{ topic: string; event_id: string | null; reason: string; attempts: number; producer_schema: string }>(`SELECT topic, event_id, reason, attempts, producer_schema FROM ${BUS_SCHEMA}.dead_letters WHERE consumer_group = $1 ORDER BY id`, [group]);

  it('is ready once listening, and refuses a PostgreSQL store', async () => {
    await expect(inProcessBusProbe(servers.x).check()).resolves.toBeUndefined();
    const postgres = await openRelationalStore({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(() => createInProcessBusServer({ store: postgres, runner: runners[CONSUMER_X] as TypeormTransactionRunner, group: 'g', producerSchemas: [], contracts: [], log, maxAttempts: 1 })).toThrow(/embedded store/);
  });

  it('delivers each event of every producer schema to every group that handles its topic', async () => {
    const fromA = event(1);
    const fromB = event(2);
    await publish(PRODUCER_A, fromA);
    await publish(PRODUCER_B, fromB);
    await expectEventually(async () => {
      for (const schema of [CONSUMER_X, CONSUMER_Y]) for (const e of [fromA, fromB]) expect(await appliedCount(schema, e.id)).toBe(1);
    });
  });

  it('retries a handler that fails twice and applies the event once', async () => {
    gate.failTimes.set(3, 2);
    const flaky = event(3);
    await publish(PRODUCER_A, flaky);
    await expectEventually(async () => expect(await appliedCount(CONSUMER_X, flaky.id)).toBe(1));
    expect(gate.calls.get(3)).toBe(3);
    expect(await deadLetters('svc-x')).toEqual([]);
  });

  it('dead-letters a contract-invalid row and an always-failing event after bounded attempts, and delivers the events behind them', async () => {
    gate.poison.add(4);
    await query(`INSERT INTO ${PRODUCER_A}.outbox (id, topic, key, value) VALUES ($1, $2, 'k', 'not json at all')`, [randomUUID(), recorded.topic]);
    const poison = event(4);
    const behind = event(5);
    // One transaction: both rows are read in one scan, so the poison event first fails inside the batch transaction;
    // that attempt counts toward its cap (CI once saw MAX_ATTEMPTS + 1 calls when the two arrived together).
    await publish(PRODUCER_A, poison, behind);
    await expectEventually(async () => expect(await appliedCount(CONSUMER_X, behind.id)).toBe(1));
    expect(gate.calls.get(4)).toBe(MAX_ATTEMPTS);
    expect(await deadLetters('svc-x')).toEqual([
      { topic: recorded.topic, event_id: null, reason: 'schema', attempts: 0, producer_schema: PRODUCER_A },
      { topic: recorded.topic, event_id: poison.id, reason: 'retries_exhausted', attempts: MAX_ATTEMPTS, producer_schema: PRODUCER_A },
    ]);
    // Group Y's handler accepts event 4; the invalid row is dead-lettered for Y on its own.
    await expectEventually(async () => expect(await appliedCount(CONSUMER_Y, behind.id)).toBe(1));
    expect(await appliedCount(CONSUMER_Y, poison.id)).toBe(1);
    expect((await deadLetters('svc-y')).map((d) => d.reason)).toEqual(['schema']);
    // Operators list them with the dead-letter tooling.
    const listed = await new DeadLetterTableRepository(sources[PRODUCER_A] as DataSource, BUS_SCHEMA).list([BUS_DEAD_LETTERS]);
    expect(listed.map((d) => [d.queue, d.reason, d.attempts, d.replayable]).sort()).toEqual([
      ['bus', 'retries_exhausted', MAX_ATTEMPTS, false],
      ['bus', 'schema', 0, false],
      ['bus', 'schema', 0, false],
    ]);
  });

  it("calls a transaction: 'own' handler with no transaction open, and applies its write once", async () => {
    const own = event(6, outside);
    await publish(PRODUCER_B, own);
    await expectEventually(async () => expect(await appliedCount(CONSUMER_X, own.id)).toBe(1));
    expect(outsideCalls.sessionFree).toEqual([true]);
  });

  it('applies an event delivered twice (the same event id in two outboxes) once per group', async () => {
    const twice = event(7);
    await publish(PRODUCER_A, twice);
    await publish(PRODUCER_B, twice);
    const marker = event(8);
    await publish(PRODUCER_A, marker);
    await publish(PRODUCER_B, event(9));
    await expectEventually(async () => {
      expect(await appliedNs(CONSUMER_X, 8, 9)).toHaveLength(2);
      expect(await appliedNs(CONSUMER_Y, 8, 9)).toHaveLength(2);
    });
    expect(await appliedCount(CONSUMER_X, twice.id)).toBe(1);
    expect(await appliedCount(CONSUMER_Y, twice.id)).toBe(1);
    expect(gate.calls.get(7)).toBe(1);
  });

  it('applies the events of one producer schema in seq order, across transactions, batches and a retry', async () => {
    gate.failTimes.set(105, 1);
    const fromA = Array.from({ length: 30 }, (_, i) => event(100 + i));
    const fromB = Array.from({ length: 10 }, (_, i) => event(200 + i));
    await publish(PRODUCER_A, ...fromA.slice(0, 10));
    for (let i = 10; i < 30; i++) {
      await publish(PRODUCER_A, fromA[i] as EventEnvelope<{ n: number }>);
      if (i % 2 === 0) await publish(PRODUCER_B, fromB[(i - 10) / 2] as EventEnvelope<{ n: number }>);
    }
    await expectEventually(async () => {
      expect(await appliedNs(CONSUMER_X, 100, 129)).toHaveLength(30);
      expect(await appliedNs(CONSUMER_Y, 200, 209)).toHaveLength(10);
    });
    const inOrderA = fromA.map((e) => e.data.n);
    expect(await appliedNs(CONSUMER_X, 100, 129)).toEqual(inOrderA);
    expect(await appliedNs(CONSUMER_Y, 100, 129)).toEqual(inOrderA);
    expect(await appliedNs(CONSUMER_X, 200, 209)).toEqual(fromB.map((e) => e.data.n));
  });

  it('hands @ConsumeEventsTogether handlers their events in order and calls plain @EventPattern handlers with the bus context', async () => {
    await publish(PRODUCER_A, ...[400, 401, 402, 403, 404].map((n) => event(n, together)));
    const last = event(405, plain);
    await publish(PRODUCER_A, last);
    await expectEventually(() => expect(inboxless.plain).toHaveLength(1));
    expect(inboxless.together).toEqual([400, 401, 402, 403, 404]);
    const [{ seq } = { seq: '0' }] = await query<{ seq: string }>(`SELECT seq::text AS seq FROM ${PRODUCER_A}.outbox WHERE id = $1`, [last.id]);
    expect(inboxless.plain).toEqual([{ n: 405, args: [plain.topic, PRODUCER_A, Number(seq)] }]);
  });

  it('does not poll while idle: a round runs only after a wake-up', async () => {
    const rounds = () => logLines.filter((l) => l.msg === 'bus round read').length;
    await expectEventually(async () => {
      const before = rounds();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(rounds()).toBe(before);
    });
    const before = rounds();
    await publish(PRODUCER_B, event(500));
    // One wake-up: each group's loop on producer B reads the new row, then finds nothing more and sleeps.
    await expectEventually(async () => expect(await appliedNs(CONSUMER_Y, 500, 500)).toEqual([500]));
    await expectEventually(() => expect(rounds() - before).toBe(4));
  });

  it('marks outbox rows every group has passed as published', async () => {
    const positions = await pollUntil(async () => {
      const [row] = await query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM ${PRODUCER_A}.outbox WHERE published_at IS NULL AND seq <= (SELECT min(last_seq) FROM ${BUS_SCHEMA}.cursors WHERE producer_schema = $1)`,
        [PRODUCER_A],
      );
      return row?.pending === 0 && servers.x.positions;
    }, 'passed rows marked published');
    expect(positions[PRODUCER_A]).toBeGreaterThan(0);
  });

  it('after a crash redelivers from the cursor: the event in flight is applied once, the ones before it are not applied again', async () => {
    gate.outage.add(301);
    const before = event(300);
    const inFlight = event(301);
    const after = event(302);
    await publish(PRODUCER_A, before);
    await publish(PRODUCER_A, inFlight, after);
    await expectEventually(async () => expect(await appliedCount(CONSUMER_X, before.id)).toBe(1));
    // An outage is retried in the process, never dead-lettered: the cursor stays before event 301.
    await pollUntil(() => (gate.calls.get(301) ?? 0) >= MAX_ATTEMPTS + 1, 'the outage retried past one round');
    expect(await appliedCount(CONSUMER_X, inFlight.id)).toBe(0);
    await shutdown();

    // The process comes back. A cursor move lost with the crash is modelled by moving X's cursor back before event 300.
    gate.outage.delete(301);
    store = await openRelationalStore({ TEXTBACK_DATA_DIR: dir });
    const rewind = await store.createDataSource({ schema: BUS_SCHEMA, applicationName: 'it-rewind' }).initialize();
    const [{ seq } = { seq: '0' }] = (await rewind.query(`SELECT seq::text AS seq FROM ${PRODUCER_A}.outbox WHERE id = $1`, [before.id])) as { seq: string }[];
    await rewind.query(`UPDATE ${BUS_SCHEMA}.cursors SET last_seq = $1 WHERE consumer_group = 'svc-x' AND producer_schema = $2`, [Number(seq) - 1, PRODUCER_A]);
    await rewind.destroy();
    await store.close();
    const callsOfBefore = gate.calls.get(300);
    wakeupsOfBoot = await boot();

    await expectEventually(async () => expect(await appliedCount(CONSUMER_X, after.id)).toBe(1));
    expect(await appliedCount(CONSUMER_X, inFlight.id)).toBe(1);
    // Event 300 was delivered again and skipped by the inbox before its handler ran.
    expect(await appliedCount(CONSUMER_X, before.id)).toBe(1);
    expect(gate.calls.get(300)).toBe(callsOfBefore);
    expect((await deadLetters('svc-x')).filter((d) => d.event_id === inFlight.id)).toEqual([]);
  });

  it('replays the dead letters an operator asked for at the next start, for that group only: applied once and gone, or dead-lettered again', async () => {
    gate.poison.add(400);
    gate.poison.add(401);
    const fixedLater = event(400);
    const stillBad = event(401);
    await publish(PRODUCER_A, fixedLater, stillBad);
    await expectEventually(async () => expect((await deadLetters('svc-x')).filter((d) => [fixedLater.id, stillBad.id].includes(d.event_id ?? ''))).toHaveLength(2));
    await expectEventually(async () => expect(await appliedCount(CONSUMER_Y, stillBad.id)).toBe(1));
    await shutdown();

    // The handler is fixed for event 400; with the process stopped, the operator asks for both to be replayed
    // (what `textback dead-letters replay --service svc-x --id bus:<id>` does).
    gate.poison.delete(400);
    store = await openRelationalStore({ TEXTBACK_DATA_DIR: dir });
    const operator = await store.createDataSource({ schema: BUS_SCHEMA, applicationName: 'it-operator' }).initialize();
    const repository = new DeadLetterTableRepository(operator, BUS_SCHEMA);
    const ids = (await operator.query(`SELECT id::text AS id FROM ${BUS_SCHEMA}.dead_letters WHERE consumer_group = 'svc-x' AND event_id = ANY($1) ORDER BY outbox_seq`, [[fixedLater.id, stillBad.id]])) as { id: string }[];
    for (const { id } of ids) expect(await repository.replay(busDeadLetters('svc-x'), id)).toBe(1);
    // Waiting for the replay, they are no longer listed; group Y's dead letters are not its to replay.
    expect((await repository.list([busDeadLetters('svc-x')])).map((d) => d.id)).not.toEqual(expect.arrayContaining(ids.map(({ id }) => `bus:${id}`)));
    expect(await repository.replay(busDeadLetters('svc-y'), ids[0]!.id)).toBe(0);
    await operator.destroy();
    await store.close();
    const callsOfStillBad = gate.calls.get(401) ?? 0;
    wakeupsOfBoot = await boot();

    await expectEventually(async () => expect(await appliedCount(CONSUMER_X, fixedLater.id)).toBe(1));
    await pollUntil(() => (gate.calls.get(401) ?? 0) >= callsOfStillBad + MAX_ATTEMPTS, 'event 401 tried again');
    await expectEventually(async () => {
      const rows = (await query<{ event_id: string; reason: string; attempts: number; replay_requested_at: Date | null }>(
        `SELECT event_id, reason, attempts, replay_requested_at FROM ${BUS_SCHEMA}.dead_letters WHERE consumer_group = 'svc-x' AND event_id = ANY($1)`,
        [[fixedLater.id, stillBad.id]],
      ));
      expect(rows).toEqual([{ event_id: stillBad.id, reason: 'retries_exhausted', attempts: MAX_ATTEMPTS, replay_requested_at: null }]);
    });
    expect(gate.calls.get(401)).toBe(callsOfStillBad + MAX_ATTEMPTS);
    // Group Y applied both events once, when they were first published, and got nothing again.
    expect(await appliedCount(CONSUMER_Y, fixedLater.id)).toBe(1);
    expect(await appliedCount(CONSUMER_Y, stillBad.id)).toBe(1);
    // Event 401 is listed again, replayable.
    const listed = await new DeadLetterTableRepository(sources[PRODUCER_A] as DataSource, BUS_SCHEMA).list([busDeadLetters('svc-x')]);
    expect(listed.filter((d) => d.id === `bus:${ids[1]!.id}`).map((d) => [d.reason, d.attempts, d.replayable])).toEqual([['retries_exhausted', MAX_ATTEMPTS, true]]);
  });
});
