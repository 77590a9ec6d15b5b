import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CallbackSpool, ROOT_LOGGER, type SpooledCallback } from '@textback/platform';
import { type Logger } from 'pino';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../config/telephony-ingest.config';
import { BandwidthVoiceAdapter } from './adapters/bandwidth/bandwidth-voice.adapter';
import { TwilioVoiceAdapter } from './adapters/twilio/twilio-voice.adapter';
import { FailOpenMetrics } from './fail-open.metrics';
import { VoiceWebhookIntake } from './voice-webhook-intake.service';

/**
 * Least age of the spool's open segment before a replay round seals it, ms (capped at the replay interval): a busy
 * spool then starts a new segment (a directory fsync in the path of the next callback's answer) at most about once a
 * second, not once per back-to-back round.
 */
const MIN_SEGMENT_AGE_MS = 1_000;

/** Replay rounds one tick may run back to back (a spool refilled faster than it drains still yields the timer). */
const MAX_ROUNDS_PER_TICK = 20;

/**
 * Every CALLBACK_SPOOL_REPLAY_INTERVAL_MS: replays the voice callbacks spooled on local disk (answered from memory
 * while PostgreSQL was unreachable, slow or locked, or received on a fallback URL) into PostgreSQL, oldest first,
 * through {@link VoiceWebhookIntake.replaySpooled} (idempotent by the carrier's event identity). A round stops at the
 * first callback that still cannot be applied nor kept raw (the database is still down) and resumes there next round.
 * A callback whose own write committed after it was spooled (settled) is not applied again (counted `settled`).
 * Replays never answer a carrier: what matters is that every call's facts, decision and events exist exactly once.
 */
@Injectable()
export class CallbackSpoolReplayWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly spool: CallbackSpool,
    private readonly intake: VoiceWebhookIntake,
    private readonly bandwidth: BandwidthVoiceAdapter,
    private readonly twilio: TwilioVoiceAdapter,
    private readonly metrics: FailOpenMetrics,
    @Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.spool.pending > 0) this.log.warn({ pending: this.spool.pending, dir: this.spool.dir }, 'voice callbacks spooled before this start; replaying');
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.running = this.tick()
        .catch((err: unknown) => this.log.error({ err }, 'callback spool replay round failed'))
        .finally(() => {
          this.busy = false;
        });
    }, this.config.failOpen.spoolReplayIntervalMs);
    this.timer.unref();
  }

  /**
   * Rounds over everything spooled, CALLBACK_SPOOL_REPLAY_CONCURRENCY calls at once: while a round succeeds
   * and more was spooled meanwhile, the next one starts at once (at most {@link MAX_ROUNDS_PER_TICK}), so once the
   * database answers again a busy spool drains without waiting out the interval between rounds.
   * @returns how many callbacks were replayed.
   */
  async tick(): Promise<number> {
    let total = 0;
    for (let round = 0; round < MAX_ROUNDS_PER_TICK && this.spool.pending > 0; round++) {
      const result = await this.spool.drain((entry) => this.replayOne(entry), this.config.failOpen.spoolReplayConcurrency, Math.min(MIN_SEGMENT_AGE_MS, this.config.failOpen.spoolReplayIntervalMs));
      total += result.replayed;
      if (result.settled > 0) this.metrics.replayed.inc({ result: 'settled' }, result.settled);
      if (result.replayed > 0 || result.stopped) this.log.info({ replayed: result.replayed, settled: result.settled, stopped: result.stopped, pending: this.spool.pending }, 'callback spool replay round');
      // Rounds that only skipped settled entries need no follow-up at once: what is left is younger (still open).
      if (result.stopped || result.replayed === 0) break;
    }
    return total;
  }

  private async replayOne(entry: SpooledCallback): Promise<void> {
    let result: string;
    if (entry.provider === 'bandwidth' && this.bandwidth.isHook(entry.hook)) result = await this.intake.replaySpooled(this.bandwidth, entry.hook, entry);
    else if (entry.provider === 'twilio' && this.twilio.isHook(entry.hook)) result = await this.intake.replaySpooled(this.twilio, entry.hook, entry);
    else {
      result = 'unknown_hook';
      this.log.error({ key: entry.key, provider: entry.provider, hook: entry.hook }, 'spooled callback for no known hook; dropped');
    }
    this.metrics.replayed.inc({ result });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.spool.close();
  }
}
