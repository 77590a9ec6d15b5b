import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRootLogger } from '@textback/observability';
import { type DatabaseWakeups, entityManagerOf, PgliteRelationalStore, runMigrations, TypeormTransactionRunner } from '@textback/persistence';
import { Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { ManualClock } from '../../src/modules/clock/adapters/manual/manual.clock';
import { DurableTimerService } from '../../src/modules/timers/durable-timer.service';
import { TIMER_WAKEUP_QUEUE } from '../../src/modules/timers/timer-poller.service';
import { TimerRepository } from '../../src/modules/timers/timer.repository';
import { schedulingService } from '../../src/scheduling.definition';

const schema = schedulingService.schema;

/**
 * scheduling's durable timers on the embedded relational store: scheduled in callers' transactions (with the insert
 * trigger's wake-up), fired once each by two pollers at once (FOR UPDATE SKIP LOCKED on one session), and a failing
 * handler's writes undone by its savepoint, then retried after the backoff; a due urgent timer (migration
 * 1799100000000's priority) fires before routine ones that were due earlier.
 */
describe('scheduling durable timers on PGlite', () => {
  let dir: string;
  let store: PgliteRelationalStore;
  let ds: DataSource;
  let wakeups: DatabaseWakeups;
  let runner: TypeormTransactionRunner;
  const clock = new ManualClock(new Date('2026-12-04T16:00:00Z'));
  let timers: DurableTimerService;
  let flakyCalls = 0;
  const fired = async () => (await ds.query(`SELECT key FROM ${schema}.it_fired ORDER BY key`)) as { key: string }[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'textback-pglite-timers-'));
    store = await PgliteRelationalStore.open({ dataDir: join(dir, 'pglite') });
    ds = await store.createDataSource({ schema, applicationName: 'it-timers-pglite', migrations: schedulingService.migrations }).initialize();
    await runMigrations(ds, schema);
    await ds.query(`CREATE TABLE ${schema}.it_fired (key text PRIMARY KEY, fired_at timestamptz NOT NULL DEFAULT now())`);
    runner = new TypeormTransactionRunner(ds, schema);
    timers = new DurableTimerService(new TimerRepository(schedulingService, ds), runner, clock, createRootLogger('it-timers', 'fatal'), new Registry());
    const record = async (tx: Parameters<Parameters<DurableTimerService['register']>[1]>[0], key: string) => {
      await entityManagerOf(tx.handle).query(`INSERT INTO ${schema}.it_fired (key) VALUES ($1)`, [key]);
    };
    timers.register('it-note', (tx, timer) => record(tx, timer.key));
    timers.register('it-page', (tx, timer) => record(tx, timer.key), { priority: 'urgent' });
    timers.register('it-flaky', async (tx, timer) => {
      await record(tx, timer.key);
      if (++flakyCalls === 1) throw new Error('carrier said try later');
    });
    wakeups = store.createWakeups('it-timers:wakeups', createRootLogger('it-timers', 'fatal'));
    await wakeups.start();
  }, 300_000);

  afterAll(async () => {
    await wakeups?.stop();
    await ds?.destroy();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('schedules timers from concurrent callers once per key, wakes the poller, and two pollers fire each once when due', async () => {
    const sub = wakeups.subscribe(schema, TIMER_WAKEUP_QUEUE);
    const dueAt = new Date(clock.now().getTime() + 60_000);
    const keys = Array.from({ length: 10 }, (_, i) => `it-note:${i}`);
    const created = await Promise.all(
      [...keys, ...keys].map((key) => runner.run((tx) => timers.schedule(tx, { key, kind: 'it-note', dueAt, payload: {} }))),
    );
    expect(created.filter(Boolean)).toHaveLength(keys.length);
    await expect(sub.wait(30_000)).resolves.toBe('notified');
    sub.close();

    expect(await timers.runDue()).toBe(0);
    expect(await timers.nextDueAt()).toEqual(dueAt);
    clock.advanceSeconds(61);
    const [a, b] = await Promise.all([timers.runDue(), timers.runDue()]);
    expect(a + b).toBe(keys.length);
    expect(await fired()).toEqual([...keys].sort().map((key) => ({ key })));
    expect(await timers.runDue()).toBe(0);
  });

  it('undoes a failing handler\'s writes (its savepoint), keeps the timer, and fires it once after the backoff', async () => {
    await runner.run((tx) => timers.schedule(tx, { key: 'it-flaky:1', kind: 'it-flaky', dueAt: clock.now(), payload: {} }));
    expect(await timers.runDue()).toBe(0);
    expect(await fired()).not.toContainEqual({ key: 'it-flaky:1' });
    const [timer] = (await ds.query(`SELECT status, attempts FROM ${schema}.timer WHERE key = 'it-flaky:1'`)) as [{ status: string; attempts: number }];
    expect(timer).toEqual({ status: 'pending', attempts: 1 });
    clock.advanceSeconds(6); // past the first backoff (5 s)
    expect(await timers.runDue()).toBe(1);
    expect(await fired()).toContainEqual({ key: 'it-flaky:1' });
    expect(flakyCalls).toBe(2);
  });

  it('fires a due urgent timer before routine ones that were due earlier (the priority column and its index on PGlite)', async () => {
    const dueAt = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
    const routine = Array.from({ length: 20 }, (_, i) => `it-note:backlog:${String(i).padStart(2, '0')}`);
    await runner.run(async (tx) => {
      for (const [i, key] of routine.entries()) await timers.schedule(tx, { key, kind: 'it-note', dueAt: dueAt(-30 + i), payload: {} });
      await timers.schedule(tx, { key: 'it-page:1', kind: 'it-page', dueAt: dueAt(-1), payload: {} });
    });
    expect(await ds.query(`SELECT priority FROM ${schema}.timer WHERE key = 'it-page:1'`)).toEqual([{ priority: 0 }]);
    expect(await timers.runDue(1)).toBe(1);
    expect(await fired()).toContainEqual({ key: 'it-page:1' });
    expect((await fired()).filter((r) => r.key.startsWith('it-note:backlog:'))).toEqual([]);
    expect(await timers.runDue()).toBe(routine.length);
  });
});
