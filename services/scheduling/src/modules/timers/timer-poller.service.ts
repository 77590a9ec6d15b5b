import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseWakeups, FAILED_ROUND_RETRY_MS, sleepUntilDue, type WakeupSubscription } from '@textback/persistence';
import { PLATFORM_ENV, ROOT_LOGGER, SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { type Logger } from 'pino';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { DurableTimerService } from './durable-timer.service';

/** Wake-up queue of the `timer` table (its insert trigger, migration 1797800000000). */
export const TIMER_WAKEUP_QUEUE = 'timer';

/**
 * Fires due durable timers. A round starts by reading when the earliest pending timer is due, and runs only when one
 * is due by then. After each round it sleeps until the earliest pending timer is due (by the injected
 * Clock), until a new timer is inserted (the table's NOTIFY, {@link DatabaseWakeups}), or for the safety poll
 * `TIMER_POLL_INTERVAL_MS` (default 30 s), whichever comes first; a full round (TIMER_BATCH_SIZE fired) goes again
 * at once. So at rest it sends one round of statements per safety poll, not one per second. Starts after
 * bootstrap, stops before shutdown after its current round.
 */
@Injectable()
export class TimerPollerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeup: WakeupSubscription | null = null;
  private readonly log: Logger;

  constructor(
    private readonly timers: DurableTimerService,
    private readonly wakeups: DatabaseWakeups,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
    @Inject(PLATFORM_ENV) private readonly env: SchedulingEnv,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.log = rootLogger.child({ component: 'timer-poller' });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.wakeup = this.wakeups.subscribe(this.definition.schema, TIMER_WAKEUP_QUEUE);
    this.loop = this.run(this.wakeup);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeup?.close();
    await this.loop;
  }

  private async run(wakeup: WakeupSubscription): Promise<void> {
    while (this.running) {
      let sleepMs = this.env.TIMER_POLL_INTERVAL_MS;
      try {
        // A wake-up is usually a timer due later (a follow-up in hours): one statement tells, where a round's
        // transaction that finds nothing due costs three before the same read.
        let next = await this.timers.nextDueAt();
        if (next !== null && next.getTime() <= this.timers.now().getTime()) {
          const round = await this.timers.runDueAndSayWhenNext(this.env.TIMER_BATCH_SIZE);
          if (round.fired >= this.env.TIMER_BATCH_SIZE) continue;
          // The round's last statement said when the next timer is due; ask only when it did not.
          next = round.nextDueAt !== undefined ? round.nextDueAt : await this.timers.nextDueAt();
        }
        sleepMs = sleepUntilDue(next, this.timers.now(), this.env.TIMER_POLL_INTERVAL_MS);
      } catch (err) {
        this.log.error({ err }, 'timer round failed; retrying');
        sleepMs = Math.min(sleepMs, FAILED_ROUND_RETRY_MS);
      }
      if (!this.running) break;
      await wakeup.wait(sleepMs);
    }
  }
}
