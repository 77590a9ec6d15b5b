import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { InboundService } from './inbound.service';

/** Injection token of the sweep interval in milliseconds (env INBOUND_SWEEP_INTERVAL_MS). */
export const INBOUND_SWEEP_INTERVAL_MS = Symbol('InboundSweepIntervalMs');

/** Periodically processes stored callbacks that were acknowledged but not processed (crash, transient error). */
@Injectable()
export class InboundSweeperWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly inbound: InboundService,
    @Inject(INBOUND_SWEEP_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.inbound.sweep(this.intervalMs).catch((err: unknown) => this.log.error({ err }, 'inbound sweep failed'));
    }, this.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
