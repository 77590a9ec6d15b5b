import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, entityManagerOf, quoteSchema, revertMigrations, runMigrations, type TransactionContext, TypeormTransactionRunner } from '@textback/persistence';
import { type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, uniqueSchemaName } from '@textback/testing';
import { Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { ManualClock } from '../../src/modules/clock/adapters/manual/manual.clock';
import { DurableTimerService } from '../../src/modules/timers/durable-timer.service';
import { TimerRepository } from '../../src/modules/timers/timer.repository';
import { type DueTimer } from '../../src/modules/timers/timer.types';
import { schedulingService } from '../../src/scheduling.definition';

const stack = loadStackEnv();
const schema = uniqueSchemaName('timer_priority');
const definition: ServiceDefinition = { ...schedulingService, schema };
const s = quoteSchema(schema);

/**
 * Which due timer fires first, on real PostgreSQL: a due escalation (urgent) before a backlog of due follow-ups
 * (routine) that were due earlier; routine timers still fire while urgent ones keep coming (every 10th claim is
 * oldest-first); and migration 1799100000000 backfills the priority of timers pending when it runs. Order and counts
 * only, from the order the handlers ran (a sequence), never wall-clock times.
 */
describe('durable timer priority (real PostgreSQL)', () => {
  let ds: DataSource;
  let runner: TypeormTransactionRunner;
  const clock = new ManualClock(new Date('2026-12-05T15:00:00Z'));
  const minutes = (n: number) => new Date(clock.now().getTime() + n * 60_000);

  /** A timer service as scheduling registers its kinds: the two dispatch kinds urgent, follow-up steps routine. */
  const newService = () => {
    const timers = new DurableTimerService(new TimerRepository(definition, ds), runner, clock, createRootLogger('it-timer-priority', 'fatal'), new Registry());
    const record = async (tx: TransactionContext, timer: DueTimer) => {
      await entityManagerOf(tx.handle).query(`INSERT INTO ${s}.it_fired (key) VALUES ($1)`, [timer.key]);
    };
    timers.register('dispatch.escalate', record, { priority: 'urgent' });
    timers.register('follow-up.step', record, { priority: 'routine' });
    return timers;
  };
  const firedKeys = async () => ((await ds.query(`SELECT key FROM ${s}.it_fired ORDER BY seq`)) as { key: string }[]).map((r) => r.key);
  const pending = async () => ((await ds.query(`SELECT kind, count(*)::int AS n FROM ${s}.timer WHERE status = 'pending' GROUP BY kind ORDER BY kind`)) as { kind: string; n: number }[]);
  const scheduleMany = async (timers: DurableTimerService, requests: { key: string; kind: string; dueAt: Date }[]) => {
    for (let i = 0; i < requests.length; i += 100) {
      await runner.run(async (tx) => {
        for (const r of requests.slice(i, i + 100)) await timers.schedule(tx, { ...r, payload: {} });
      });
    }
  };

  beforeAll(async () => {
    ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-timer-priority', migrations: definition.migrations }).initialize();
    await runMigrations(ds, schema);
    await ds.query(`CREATE TABLE ${s}.it_fired (seq bigserial PRIMARY KEY, key text NOT NULL UNIQUE)`);
    runner = new TypeormTransactionRunner(ds, schema);
  }, 120_000);

  beforeEach(async () => {
    await ds.query(`TRUNCATE ${s}.timer, ${s}.it_fired`);
  });

  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await ds?.destroy();
  });

  it('fires an escalation due after a backlog of 400 due follow-ups before the backlog is worked off', async () => {
    const timers = newService();
    // Follow-ups due 60 .. 20 minutes ago (a campaign, or the backlog after an outage), the escalation due 10 minutes ago.
    const backlog = Array.from({ length: 400 }, (_, i) => ({ key: `follow-up:${String(i).padStart(3, '0')}:0`, kind: 'follow-up.step', dueAt: minutes(-60 + i / 10) }));
    await scheduleMany(timers, backlog);
    await scheduleMany(timers, [{ key: 'dispatch:d-1:escalate:1', kind: 'dispatch.escalate', dueAt: minutes(-10) }]);

    await expect(timers.runDue(5)).resolves.toBe(5);
    expect(await firedKeys()).toEqual(['dispatch:d-1:escalate:1', ...backlog.slice(0, 4).map((t) => t.key)]);
    expect(await pending()).toEqual([{ kind: 'follow-up.step', n: 396 }]);

    // The rest of the backlog then fires oldest first.
    await expect(timers.runDue(1000)).resolves.toBe(396);
    expect((await firedKeys()).slice(1)).toEqual(backlog.map((t) => t.key));
  });

  it('still fires routine timers while urgent ones are due: the oldest routine one every 10th claim', async () => {
    const timers = newService();
    const routine = Array.from({ length: 30 }, (_, i) => ({ key: `follow-up:r${String(i).padStart(2, '0')}:0`, kind: 'follow-up.step', dueAt: minutes(-60 + i) }));
    const urgent = Array.from({ length: 30 }, (_, i) => ({ key: `dispatch:u${String(i).padStart(2, '0')}:escalate:1`, kind: 'dispatch.escalate', dueAt: minutes(-20 + i / 10) }));
    await scheduleMany(timers, [...routine, ...urgent]);

    await expect(timers.runDue(20)).resolves.toBe(20);
    const fired = await firedKeys();
    expect(fired.flatMap((key, i) => (key.startsWith('follow-up:') ? [[i + 1, key]] : []))).toEqual([
      [10, routine[0]!.key],
      [20, routine[1]!.key],
    ]);
    expect(fired.filter((key) => key.startsWith('dispatch:'))).toEqual(urgent.slice(0, 18).map((t) => t.key));
  });

  it('backfills the priority of timers pending when migration 1799100000000 runs (urgent kinds 0, the rest 1)', async () => {
    await revertMigrations(ds, schema, 1);
    const insert = (key: string, kind: string, status: string, dueAt: Date) =>
      ds.query(`INSERT INTO ${s}.timer (timer_id, key, kind, due_at, payload, status) VALUES (gen_random_uuid(), $1, $2, $3, '{}', $4)`, [key, kind, dueAt, status]);
    await insert('follow-up:c-2:0', 'follow-up.step', 'pending', minutes(-3));
    await insert('dispatch:d-2:escalate:1', 'dispatch.escalate', 'pending', minutes(-2));
    await insert('dispatch:d-2:call:1', 'dispatch.page-call', 'pending', minutes(-1));
    await insert('dispatch:d-3:escalate:1', 'dispatch.escalate', 'fired', minutes(-4));
    await runMigrations(ds, schema);

    expect(await ds.query(`SELECT key, priority FROM ${s}.timer ORDER BY key`)).toEqual([
      { key: 'dispatch:d-2:call:1', priority: 0 },
      { key: 'dispatch:d-2:escalate:1', priority: 0 },
      { key: 'dispatch:d-3:escalate:1', priority: 1 },
      { key: 'follow-up:c-2:0', priority: 1 },
    ]);
    // With both due, the backfilled escalation goes first although the follow-up was due earlier.
    const timers = newService();
    await expect(timers.runDue(1)).resolves.toBe(1);
    expect(await firedKeys()).toEqual(['dispatch:d-2:escalate:1']);
  });
});
