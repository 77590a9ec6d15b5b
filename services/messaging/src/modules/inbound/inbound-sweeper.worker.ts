import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RetryPolicy } from '@textback/observability';
import { RawWebhookStore, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { InboundService } from './inbound.service';
import { MessagingWebhookIntake } from './messaging-webhook-intake.service';

/** Injection token of the sweep interval in milliseconds (env INBOUND_SWEEP_INTERVAL_MS). */
export const INBOUND_SWEEP_INTERVAL_MS = Symbol('InboundSweepIntervalMs');
/** Injection token of {@link RawWebhookMaintenanceSettings}. */
export const RAW_WEBHOOK_MAINTENANCE = Symbol('RawWebhookMaintenance');
export interface RawWebhookMaintenanceSettings {
  /** Replay attempts of a stored raw request before it is left alone (env INBOUND_MAX_ATTEMPTS). */
  maxReplayAttempts: number;
  /** Raw requests older than this many days are purged (env RAW_WEBHOOK_RETENTION_DAYS). */
  retentionDays: number;
}

const PURGE_EVERY_MS = 3_600_000;

/**
 * Every INBOUND_SWEEP_INTERVAL_MS: processes stored callbacks that were acknowledged but not processed (crash,
 * transient error; bounded attempts, then dead), replays the raw requests marked for replay (`textback webhooks
 * replay`, or a failure after storing; bounded attempts), and once an hour purges raw requests older than
 * RAW_WEBHOOK_RETENTION_DAYS.
 */
@Injectable()
export class InboundSweeperWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private lastPurge = 0;
  private busy = false;
  private readonly replayRetry: RetryPolicy;

  constructor(
    private readonly inbound: InboundService,
    private readonly intake: MessagingWebhookIntake,
    private readonly raw: RawWebhookStore,
    @Inject(INBOUND_SWEEP_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(RAW_WEBHOOK_MAINTENANCE) private readonly settings: RawWebhookMaintenanceSettings,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {
    // The shared retry idiom; the replay rounds (every INBOUND_SWEEP_INTERVAL_MS) pace the attempts.
    this.replayRetry = new RetryPolicy({ maxAttempts: settings.maxReplayAttempts, baseDelayMs: intervalMs, maxDelayMs: intervalMs });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.running = this.tick()
        .finally(() => {
          this.busy = false;
        }).catch((err: unknown) => this.log.error({ err }, 'inbound sweep failed'));
    }, this.intervalMs);
    this.timer.unref();
  }

  /** One round: replays, the sweep, and the purge when due. */
  async tick(): Promise<void> {
    await this.replayPending();
    await this.inbound.sweep(this.intervalMs);
    if (Date.now() - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      const purged = await this.raw.purgeReceivedBefore(new Date(Date.now() - this.settings.retentionDays * 86_400_000));
      if (purged > 0) this.log.info({ purged, retentionDays: this.settings.retentionDays }, 'raw messaging webhooks purged');
    }
  }

  /**
   * Replays up to 100 raw requests marked for replay; a failure counts an attempt and stays for the next round, until
   * the shared RetryPolicy dead-letters it (`textback dead-letters list|replay`, queue `raw_webhook`).
   */
  async replayPending(): Promise<number> {
    const rows = await this.raw.claimReplays(100, this.settings.maxReplayAttempts);
    for (const row of rows) {
      try {
        await this.intake.replay(row);
        await this.raw.markReplayed(row.id);
      } catch (err) {
        const dead = await this.raw.replayFailed(row, err, this.replayRetry).catch(() => false);
        this.log.error({ err, rawWebhookId: row.id, attempt: row.attempt, dead }, 'raw webhook replay failed');
      }
    }
    return rows.length;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
