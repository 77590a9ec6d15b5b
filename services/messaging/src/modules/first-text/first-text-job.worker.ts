import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { deadLetterCounter, type DeadLetterLabel, METRICS_REGISTRY, RetryPolicy } from '@textback/observability';
import { FAILED_ROUND_RETRY_MS, sleepUntilDue } from '@textback/persistence';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { type Counter, type Registry } from 'prom-client';
import { DEFAULT_JOB_LEASE_MS, FirstTextService } from './first-text.service';

/** Tuning of the decision workers (env FIRST_TEXT_WORKERS, FIRST_TEXT_POLL_INTERVAL_MS, FIRST_TEXT_RETRY_BASE_MS, JOB_MAX_ATTEMPTS, FIRST_TEXT_LEASE_MS). */
export const FIRST_TEXT_JOB_SETTINGS = Symbol('FirstTextJobSettings');
export interface FirstTextJobSettings {
  /** Concurrent decision loops; each holds one PostgreSQL connection while it decides. */
  workers: number;
  /**
   * Safety poll, ms (default 30 s): new jobs wake a loop at once ({@link FirstTextJobWorker.nudge}), an idle loop
   * sleeps until the earliest postponed job is due, and at the latest this long (finding another replica's jobs).
   */
  pollIntervalMs: number;
  /** First retry delay of a failed decision, ms (doubles per attempt, at most 60 s). */
  retryBaseMs: number;
  /** Failed attempts of one job before it is dead-lettered (kept with its error); default 10. */
  maxAttempts?: number;
  /**
   * How long a loop holds a job while it looks the caller up and decides, ms (default 60 s; longer than the lookup's
   * HTTP timeout). A job whose loop died is due again when its lease ends.
   */
  leaseMs?: number;
  /**
   * Release every lease found at start (FIRST_TEXT_RELEASE_LEASES_AT_START: this process is the store's only one, so
   * a lease taken before it started was a dead process's): the caller whose decision the crash interrupted is texted
   * at the restart, not `leaseMs` later.
   */
  releaseLeasesAtStart?: boolean;
}

/**
 * Decides stored missed calls (`first_text_job`) with `workers` concurrent loops, so throughput is not bounded by
 * the Kafka partitions a single consumer works through one record at a time. The consumer that stores a job wakes a
 * loop in-process; an idle loop otherwise sleeps until the next postponed job is due or the safety poll
 * (`pollIntervalMs`), so at rest it costs a few statements per 30 s. Each loop leases one job (FOR UPDATE SKIP LOCKED,
 * committed at once), looks the caller up with no transaction open, and decides in one short transaction
 * ({@link FirstTextService.processNextJob}); jobs survive restarts (a dead loop's job is due again when its lease ends). A job that fails
 * `maxAttempts` times (backoff `retryBaseMs` doubling, at most 60 s) is dead-lettered: it stays in `first_text_job`
 * with `dead_lettered_at` and its last error, is counted in `textback_dead_letters_total{source="job",
 * queue="first_text_job"}`, and `textback dead-letters replay --service messaging` makes it due again.
 */
@Injectable()
export class FirstTextJobWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly waiters = new Set<() => void>();
  private pending = 0;
  private readonly retry: RetryPolicy;
  private readonly deadLetters: Counter<DeadLetterLabel>;

  constructor(
    private readonly service: FirstTextService,
    @Inject(FIRST_TEXT_JOB_SETTINGS) private readonly settings: FirstTextJobSettings,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.retry = new RetryPolicy({ maxAttempts: settings.maxAttempts ?? 10, baseDelayMs: settings.retryBaseMs, maxDelayMs: 60_000 });
    this.deadLetters = deadLetterCounter(registry);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    const start = this.settings.releaseLeasesAtStart ? this.releaseLeftLeases() : Promise.resolve();
    for (let i = 0; i < this.settings.workers; i++) this.loops.push(start.then(() => this.loop(i)));
  }

  /** At start, before any loop of this process leases: jobs leased by a dead process are due now (see `releaseLeasesAtStart`). */
  private async releaseLeftLeases(): Promise<void> {
    try {
      const released = await this.service.releaseLeasesOfDeadProcess(this.settings.leaseMs ?? DEFAULT_JOB_LEASE_MS);
      if (released > 0) this.log.warn({ released }, 'first-text jobs leased by a process that died: due again now');
    } catch (err) {
      this.log.error({ err }, 'first-text leases of a dead process not released at start; they end on their own');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    for (const wake of this.waiters) wake();
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  /** A job was stored: wake one idle loop (or let a busy one go round once more). */
  nudge(): void {
    this.pending++;
    const wake = this.waiters.values().next().value;
    if (wake) {
      this.waiters.delete(wake);
      wake();
    }
  }

  private async loop(index: number): Promise<void> {
    while (this.running) {
      let outcome: Awaited<ReturnType<FirstTextService['processNextJob']>> = 'none';
      // When no job was due, the lease's statement said when the next one is (undefined: ask).
      let nextDueAt: Date | null | undefined;
      try {
        ({ outcome, nextDueAt } = await this.service.processNextJobOrSayWhenDue(this.retry, this.settings.leaseMs));
        if (outcome === 'dead_lettered') this.deadLetters.inc({ source: 'job', queue: 'first_text_job', reason: 'retries_exhausted' });
      } catch (err) {
        this.log.error({ err, worker: index }, 'first-text job loop failed; retrying');
        await sleep(Math.min(this.settings.pollIntervalMs, FAILED_ROUND_RETRY_MS));
      }
      if (outcome !== 'none' || !this.running) continue;
      if (this.pending > 0) {
        this.pending = 0;
        continue;
      }
      let wake: (() => void) | undefined;
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
        this.waiters.add(resolve);
      });
      const sleepMs = await (nextDueAt !== undefined ? Promise.resolve(nextDueAt) : this.service.nextJobDueAt())
        .then((due) => sleepUntilDue(due, new Date(), this.settings.pollIntervalMs))
        .catch(() => Math.min(this.settings.pollIntervalMs, FAILED_ROUND_RETRY_MS));
      await Promise.race([sleep(sleepMs), woken]);
      if (wake) this.waiters.delete(wake);
    }
  }
}
