import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PLATFORM_ENV, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { DurableTimerService } from './durable-timer.service';

/**
 * Polls the `timer` table every `TIMER_POLL_INTERVAL_MS` (wall-clock polling only; whether a
 * timer is due is decided by the injected Clock) and fires what is due. Starts after bootstrap,
 * stops before shutdown after its current round.
 */
@Injectable()
export class TimerPollerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly log: Logger;

  constructor(
    private readonly timers: DurableTimerService,
    @Inject(PLATFORM_ENV) private readonly env: SchedulingEnv,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.log = rootLogger.child({ component: 'timer-poller' });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.timers.runDue(this.env.TIMER_BATCH_SIZE);
      } catch (err) {
        this.log.error({ err }, 'timer poll failed; retrying');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.env.TIMER_POLL_INTERVAL_MS);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }
}
