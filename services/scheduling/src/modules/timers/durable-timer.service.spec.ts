import { type TransactionContext, type TransactionHandle, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { Registry } from 'prom-client';
import { strictMock } from '@textback/testing';
import { ManualClock } from '../clock/adapters/manual/manual.clock';
import { DurableTimerService, OUTSIDE_TIMER_LEASE_MS } from './durable-timer.service';
import { type TimerRepository } from './timer.repository';
import { type DueTimer } from './timer.types';

const now = new Date('2026-12-01T15:00:00Z');
const tx = { handle: {} as TransactionHandle, publish: jest.fn(), claimEvent: jest.fn() } as unknown as TransactionContext;
const runner: TransactionRunner = { run: (work) => work(tx), runOnce: () => Promise.reject(new Error('unexpected runOnce')) };
const log = { child: () => log, error: jest.fn() } as unknown as Logger;
const timer = (kind: string, attempts = 0): DueTimer => ({ timerId: 't-1', key: `k-${kind}`, kind, dueAt: new Date(now.getTime() - 2_000), payload: { n: 1 }, attempts });

describe(DurableTimerService.name, () => {
  it('fires due timers in their transaction, marks them fired, and stops when none is due', async () => {
    const repo = strictMock<TimerRepository>({
      lockNextDue: jest.fn().mockResolvedValueOnce(timer('ping')).mockResolvedValueOnce(null),
      savepoint: jest.fn().mockResolvedValue(undefined),
      releaseSavepoint: jest.fn().mockResolvedValue(undefined),
      markFired: jest.fn().mockResolvedValue(undefined),
    });
    const service = new DurableTimerService(repo, runner, new ManualClock(now), log, new Registry());
    const handler = jest.fn().mockResolvedValue(undefined);
    service.register('ping', handler);

    await expect(service.runDue()).resolves.toBe(1);
    expect(handler).toHaveBeenCalledWith(tx, timer('ping'));
    expect(repo.markFired).toHaveBeenCalledWith(tx.handle, 't-1', timer('ping').dueAt, now);
  });

  it('undoes a failing handler, records the failure and retries with doubling backoff', async () => {
    const repo = strictMock<TimerRepository>({
      lockNextDue: jest.fn().mockResolvedValueOnce(timer('ping', 2)).mockResolvedValueOnce(null),
      savepoint: jest.fn().mockResolvedValue(undefined),
      rollbackToSavepoint: jest.fn().mockResolvedValue(undefined),
      recordFailure: jest.fn().mockResolvedValue(undefined),
    });
    const service = new DurableTimerService(repo, runner, new ManualClock(now), log, new Registry());
    service.register('ping', () => Promise.reject(new Error('carrier down')));

    await expect(service.runDue()).resolves.toBe(0);
    expect(repo.rollbackToSavepoint).toHaveBeenCalledWith(tx.handle, 'timer_handler');
    // attempts 2 -> 5 s * 2^2 = 20 s.
    expect(repo.recordFailure).toHaveBeenCalledWith(tx.handle, 't-1', 'carrier down', new Date(now.getTime() + 20_000), 10);
  });

  it('treats a timer of an unknown kind as a failure and refuses a second handler for a kind', async () => {
    const repo = strictMock<TimerRepository>({
      lockNextDue: jest.fn().mockResolvedValueOnce(timer('mystery')).mockResolvedValueOnce(null),
      recordFailure: jest.fn().mockResolvedValue(undefined),
    });
    const service = new DurableTimerService(repo, runner, new ManualClock(now), log, new Registry());
    await service.runDue();
    expect(repo.recordFailure).toHaveBeenCalledWith(tx.handle, 't-1', 'no handler for timer kind mystery', new Date(now.getTime() + 5_000), 10);
    service.register('ping', jest.fn());
    expect(() => service.register('ping', jest.fn())).toThrow('timer kind ping already has a handler');
  });

  it('runs an outside handler with no transaction open: leases the timer first, marks it fired at the lease after', async () => {
    const repo = strictMock<TimerRepository>({
      lockNextDue: jest.fn().mockResolvedValueOnce(timer('call')).mockResolvedValueOnce(null),
      lease: jest.fn().mockResolvedValue(undefined),
      markFired: jest.fn().mockResolvedValue(undefined),
    });
    let open = 0;
    const counting: TransactionRunner = {
      run: async (work) => {
        open++;
        try {
          return await work(tx);
        } finally {
          open--;
        }
      },
      runOnce: () => Promise.reject(new Error('unexpected runOnce')),
    };
    const service = new DurableTimerService(repo, counting, new ManualClock(now), log, new Registry());
    const openDuringHandler: number[] = [];
    service.registerOutside('call', (t) => {
      openDuringHandler.push(open);
      expect(t).toEqual(timer('call'));
      return Promise.resolve();
    });

    await expect(service.runDue()).resolves.toBe(1);
    const leaseUntil = new Date(now.getTime() + OUTSIDE_TIMER_LEASE_MS);
    expect(openDuringHandler).toEqual([0]);
    expect(repo.lease).toHaveBeenCalledWith(tx.handle, 't-1', leaseUntil);
    expect(repo.markFired).toHaveBeenCalledWith(tx.handle, 't-1', leaseUntil, now);
    expect(() => service.register('call', jest.fn())).toThrow('timer kind call already has a handler');
  });

  it('records an outside handler\'s failure in a transaction of its own, with backoff', async () => {
    const repo = strictMock<TimerRepository>({
      lockNextDue: jest.fn().mockResolvedValueOnce(timer('call', 1)).mockResolvedValueOnce(null),
      lease: jest.fn().mockResolvedValue(undefined),
      recordFailure: jest.fn().mockResolvedValue(undefined),
    });
    const service = new DurableTimerService(repo, runner, new ManualClock(now), log, new Registry());
    service.registerOutside('call', () => Promise.reject(new Error('carrier down')));
    await expect(service.runDue()).resolves.toBe(0);
    // attempts 1 -> 5 s * 2 = 10 s.
    expect(repo.recordFailure).toHaveBeenCalledWith(tx.handle, 't-1', 'carrier down', new Date(now.getTime() + 10_000), 10);
  });

  it("stores each timer with its kind's priority (urgent 0, routine 1; an unregistered kind is routine)", async () => {
    const repo = strictMock<TimerRepository>({ insert: jest.fn().mockResolvedValue(true) });
    const service = new DurableTimerService(repo, runner, new ManualClock(now), log, new Registry());
    service.register('escalate', jest.fn(), { priority: 'urgent' });
    service.registerOutside('call', jest.fn(), { priority: 'urgent' });
    service.register('step', jest.fn());
    for (const kind of ['escalate', 'call', 'step', 'unknown']) await service.schedule(tx, { key: `k-${kind}`, kind, dueAt: now, payload: {} });
    expect((repo.insert as jest.Mock).mock.calls.map(([, request, priority]: [unknown, { kind: string }, number]) => [request.kind, priority])).toEqual([
      ['escalate', 0],
      ['call', 0],
      ['step', 1],
      ['unknown', 1],
    ]);
  });

  it('claims by priority, except every 10th claim, which takes the oldest due timer whatever its priority', async () => {
    const lockNextDue = jest.fn().mockResolvedValue(timer('ping'));
    const repo = strictMock<TimerRepository>({
      lockNextDue,
      savepoint: jest.fn().mockResolvedValue(undefined),
      releaseSavepoint: jest.fn().mockResolvedValue(undefined),
      markFired: jest.fn().mockResolvedValue(undefined),
    });
    const service = new DurableTimerService(repo, runner, new ManualClock(now), log, new Registry());
    service.register('ping', jest.fn().mockResolvedValue(undefined));
    await expect(service.runDue(25)).resolves.toBe(25);
    const orders = lockNextDue.mock.calls.map((call: unknown[]) => call[3]);
    expect(orders.flatMap((o, i) => (o === 'oldest' ? [i + 1] : []))).toEqual([10, 20]);
    expect(orders.filter((o) => o === 'priority')).toHaveLength(23);
  });
});
