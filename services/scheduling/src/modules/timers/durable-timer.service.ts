import { Inject, Injectable } from '@nestjs/common';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { deadLetterCounter, type DeadLetterLabel, METRICS_REGISTRY, RetryPolicy } from '@textback/observability';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import { CLOCK, type Clock } from '../clock/port/clock';
import { TimerRepository } from './timer.repository';
import { type DueTimer, OLDEST_FIRST_EVERY, type OutsideTimerHandler, TIMER_PRIORITY_VALUE, type TimerHandler, type TimerKindOptions, type TimerRequest } from './timer.types';

/** A timer that keeps failing is retried 10 times (5 s doubling, at most 10 min), then parked as `failed`. */
const TIMER_RETRY = new RetryPolicy({ maxAttempts: 10, baseDelayMs: 5_000, maxDelayMs: 600_000 });
/** How long an {@link OutsideTimerHandler}'s timer is leased to its poller while it runs, milliseconds. */
export const OUTSIDE_TIMER_LEASE_MS = 120_000;

type FiringOutcome = { state: 'idle' } | { state: 'fired'; kind: string; lateSeconds: number } | { state: 'failed'; kind: string; timerId: string; err: unknown };

/**
 * Durable timers on PostgreSQL: a timer is a row (`timer`), scheduled in the caller's
 * transaction, idempotent on a stable key, fired once by whichever poller locks it first
 * (`FOR UPDATE SKIP LOCKED`), and survives restarts because nothing lives in memory. Time comes
 * from the injected {@link Clock}. A failing handler is retried with exponential backoff
 * (5 s doubling, at most 10 min) up to 10 times. Among due timers, those of an `urgent` kind (registered so: pages,
 * escalations) fire before `routine` ones (follow-ups), oldest first within a priority, except that every
 * {@link OLDEST_FIRST_EVERY}th claim takes the oldest due timer whatever its kind (so routine timers are never starved;
 * see TimerPriority). Metrics: `textback_scheduling_timers_total` by kind and outcome,
 * `textback_scheduling_timer_lateness_seconds` (fired minus due, by kind: an urgent kind's stays low while a routine
 * backlog is worked off).
 */
@Injectable()
export class DurableTimerService {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly outsideHandlers = new Map<string, OutsideTimerHandler>();
  /** `timer.priority` by kind, from the registrations; a kind not registered here is routine. */
  private readonly priorities = new Map<string, number>();
  /** Claims this service has made (its every OLDEST_FIRST_EVERY-th is oldest-first). */
  private claims = 0;
  private readonly log: Logger;
  private readonly outcomes: Counter<'kind' | 'outcome'>;
  private readonly lateness: Histogram<'kind'>;
  private readonly deadLetters: Counter<DeadLetterLabel>;

  constructor(
    private readonly timers: TimerRepository,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.log = rootLogger.child({ component: 'durable-timers' });
    this.outcomes = new Counter({ name: 'textback_scheduling_timers_total', help: 'Durable timers run, by kind and outcome (fired|failed)', labelNames: ['kind', 'outcome'], registers: [registry] });
    this.deadLetters = deadLetterCounter(registry);
    this.lateness = new Histogram({ name: 'textback_scheduling_timer_lateness_seconds', help: 'Seconds between a timer being due and firing', labelNames: ['kind'], buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 3600], registers: [registry] });
  }

  /**
   * Registers the handler of a timer kind (once, at module init, before anything schedules it: its `priority`, default
   * `routine`, is stored on each timer it schedules). @throws Error on a duplicate kind.
   */
  register(kind: string, handler: TimerHandler, options: TimerKindOptions = {}): void {
    if (this.handlers.has(kind) || this.outsideHandlers.has(kind)) throw new Error(`timer kind ${kind} already has a handler`);
    this.handlers.set(kind, handler);
    this.priorities.set(kind, TIMER_PRIORITY_VALUE[options.priority ?? 'routine']);
  }

  /**
   * Registers the handler of a timer kind that runs with no transaction open (it calls a carrier): see
   * {@link OutsideTimerHandler}; `options` as in {@link register}. @throws Error on a duplicate kind.
   */
  registerOutside(kind: string, handler: OutsideTimerHandler, options: TimerKindOptions = {}): void {
    if (this.handlers.has(kind) || this.outsideHandlers.has(kind)) throw new Error(`timer kind ${kind} already has a handler`);
    this.outsideHandlers.set(kind, handler);
    this.priorities.set(kind, TIMER_PRIORITY_VALUE[options.priority ?? 'routine']);
  }

  /**
   * Schedules `request` in `tx` (committed with the caller's state change). A second schedule
   * with the same key is a no-op. The timer's priority is its kind's (see {@link register}). @returns true when this
   * call created the timer.
   */
  async schedule(tx: TransactionContext, request: TimerRequest): Promise<boolean> {
    return this.timers.insert(tx.handle, request, this.priorities.get(request.kind) ?? TIMER_PRIORITY_VALUE.routine);
  }

  /** Moves a pending timer (by key) to `dueAt`; used by handlers to defer themselves. */
  async reschedule(tx: TransactionContext, key: string, dueAt: Date): Promise<void> {
    await this.timers.reschedule(tx.handle, key, dueAt);
  }

  /** Cancels pending timers whose key starts with `keyPrefix`. @returns how many were cancelled. */
  async cancel(tx: TransactionContext, keyPrefix: string): Promise<number> {
    return this.timers.cancelByPrefix(tx.handle, keyPrefix);
  }

  /** When the earliest pending timer is due (by the timers' stored instants), or null when none is pending. */
  async nextDueAt(): Promise<Date | null> {
    return this.timers.nextDueAt();
  }

  /** The clock's current instant (the poller sleeps until the next due timer by it). */
  now(): Date {
    return this.clock.now();
  }

  /**
   * Fires every timer due at the clock's current instant, each in its own transaction, at most
   * `limit` of them. Safe to call from many processes at once.
   * @returns the number of timers fired (failures not counted).
   */
  async runDue(limit = 100): Promise<number> {
    return (await this.runDueAndSayWhenNext(limit)).fired;
  }

  /**
   * {@link runDue}; when a round ends because nothing more was due, also when the earliest pending timer is due (null:
   * none pending), read in the round's last statement, so a poller about to sleep needs no {@link nextDueAt}
   * transaction. `nextDueAt` is undefined when the round stopped at `limit` or did not say.
   */
  async runDueAndSayWhenNext(limit = 100): Promise<{ fired: number; nextDueAt?: Date | null }> {
    let fired = 0;
    let nextDueAt: Date | null | undefined;
    for (let i = 0; i < limit; i++) {
      const now = this.clock.now();
      const order = ++this.claims % OLDEST_FIRST_EVERY === 0 ? 'oldest' : 'priority';
      const taken = await this.runner.run(async (tx): Promise<FiringOutcome | { state: 'leased'; timer: DueTimer; handler: OutsideTimerHandler; leaseUntil: Date }> => {
        const timer = await this.timers.lockNextDue(
          tx.handle,
          now,
          (due) => {
            nextDueAt = due;
          },
          order,
        );
        if (!timer) return { state: 'idle' };
        const outside = this.outsideHandlers.get(timer.kind);
        if (outside) {
          const leaseUntil = new Date(now.getTime() + OUTSIDE_TIMER_LEASE_MS);
          await this.timers.lease(tx.handle, timer.timerId, leaseUntil);
          return { state: 'leased', timer, handler: outside, leaseUntil };
        }
        const handler = this.handlers.get(timer.kind);
        try {
          if (!handler) throw new Error(`no handler for timer kind ${timer.kind}`);
          await this.inSavepoint(tx, () => handler(tx, timer));
          await this.timers.markFired(tx.handle, timer.timerId, timer.dueAt, now);
          return { state: 'fired', kind: timer.kind, lateSeconds: (now.getTime() - timer.dueAt.getTime()) / 1000 };
        } catch (err) {
          await this.recordFailure(tx, timer, err, now);
          return { state: 'failed', kind: timer.kind, timerId: timer.timerId, err };
        }
      });
      const outcome = taken.state === 'leased' ? await this.fireOutside(taken.timer, taken.handler, taken.leaseUntil, now) : taken;
      if (outcome.state === 'idle') break;
      this.outcomes.inc({ kind: outcome.kind, outcome: outcome.state });
      if (outcome.state === 'fired') {
        fired++;
        this.lateness.observe({ kind: outcome.kind }, outcome.lateSeconds);
      } else this.log.error({ err: outcome.err, timerId: outcome.timerId, kind: outcome.kind }, 'timer handler failed; will retry');
    }
    return nextDueAt === undefined ? { fired } : { fired, nextDueAt };
  }

  /** Runs a leased timer's handler with no transaction open, then records the outcome in a transaction of its own. */
  private async fireOutside(timer: DueTimer, handler: OutsideTimerHandler, leaseUntil: Date, now: Date): Promise<FiringOutcome> {
    try {
      await handler(timer);
    } catch (err) {
      await this.runner.run((tx) => this.recordFailure(tx, timer, err, this.clock.now()));
      return { state: 'failed', kind: timer.kind, timerId: timer.timerId, err };
    }
    // Due at the lease's end unless the handler rescheduled it: then it stays pending.
    await this.runner.run((tx) => this.timers.markFired(tx.handle, timer.timerId, leaseUntil, this.clock.now()));
    return { state: 'fired', kind: timer.kind, lateSeconds: (now.getTime() - timer.dueAt.getTime()) / 1000 };
  }

  private async recordFailure(tx: TransactionContext, timer: DueTimer, err: unknown, now: Date): Promise<void> {
    const decision = TIMER_RETRY.decide(timer.attempts + 1);
    const backoffMs = decision.kind === 'retry' ? decision.delayMs : 0;
    await this.timers.recordFailure(tx.handle, timer.timerId, err instanceof Error ? err.message : String(err), new Date(now.getTime() + backoffMs), TIMER_RETRY.settings.maxAttempts);
    if (decision.kind === 'dead_letter') this.deadLetters.inc({ source: 'timer', queue: `timer:${timer.kind}`, reason: 'retries_exhausted' });
  }

  private async inSavepoint(tx: TransactionContext, work: () => Promise<void>): Promise<void> {
    await this.timers.savepoint(tx.handle, 'timer_handler');
    try {
      await work();
      await this.timers.releaseSavepoint(tx.handle, 'timer_handler');
    } catch (err) {
      await this.timers.rollbackToSavepoint(tx.handle, 'timer_handler');
      throw err;
    }
  }
}
