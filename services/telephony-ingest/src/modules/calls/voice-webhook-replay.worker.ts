import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RetryPolicy } from '@textback/observability';
import { parseFormWebhookBody, parseJsonWebhookBody, type RawWebhookRow, RawWebhookStore, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../config/telephony-ingest.config';
import { BandwidthVoiceAdapter } from './adapters/bandwidth/bandwidth-voice.adapter';
import { TwilioVoiceAdapter } from './adapters/twilio/twilio-voice.adapter';
import { CallRecordRepository } from './call-record.repository';
import { VoiceWebhookIntake } from './voice-webhook-intake.service';

const PURGE_EVERY_MS = 3_600_000;

/**
 * Every CARRIER_WEBHOOK_REPLAY_INTERVAL_MS: re-applies the raw voice webhooks marked for replay (`textback webhooks replay
 * --service telephony-ingest`, or a webhook whose handling failed after it arrived), at most
 * CARRIER_WEBHOOK_REPLAY_MAX_ATTEMPTS times each (the shared RetryPolicy; then dead-lettered: `textback dead-letters
 * list|replay --service telephony-ingest`, queue `raw_webhook`); once an hour purges raw webhooks (and `call_webhook.raw_body`) older than
 * RAW_WEBHOOK_RETENTION_DAYS. Replays never answer a carrier: the call may be long over; what matters is that its
 * facts, decision and events exist exactly once.
 */
@Injectable()
export class VoiceWebhookReplayWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;
  private lastPurge = 0;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly intake: VoiceWebhookIntake,
    private readonly raw: RawWebhookStore,
    private readonly calls: CallRecordRepository,
    private readonly bandwidth: BandwidthVoiceAdapter,
    private readonly twilio: TwilioVoiceAdapter,
    @Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {
    // The shared retry idiom; the replay rounds (every CARRIER_WEBHOOK_REPLAY_INTERVAL_MS) pace the attempts.
    const every = config.rawWebhooks.replayIntervalMs;
    this.retry = new RetryPolicy({ maxAttempts: config.rawWebhooks.replayMaxAttempts, baseDelayMs: every, maxDelayMs: every });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.running = this.tick()
        .catch((err: unknown) => this.log.error({ err }, 'voice webhook replay round failed'))
        .finally(() => {
          this.busy = false;
        });
    }, this.config.rawWebhooks.replayIntervalMs);
    this.timer.unref();
  }

  /** One round: replays what is marked, then the purge when due. */
  async tick(): Promise<void> {
    const rows = await this.raw.claimReplays(100, this.config.rawWebhooks.replayMaxAttempts);
    for (const row of rows) await this.replayOne(row);
    if (Date.now() - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      const cutoff = new Date(Date.now() - this.config.rawWebhooks.retentionDays * 86_400_000);
      const purged = await this.raw.purgeReceivedBefore(cutoff);
      await this.calls.purgeRawBodiesBefore(cutoff);
      if (purged > 0) this.log.info({ purged, retentionDays: this.config.rawWebhooks.retentionDays }, 'raw voice webhooks purged');
    }
  }

  private async replayOne(row: RawWebhookRow): Promise<void> {
    const path = new URL(row.endpoint, 'http://replay.invalid').pathname;
    const hook = path.slice(path.lastIndexOf('/') + 1);
    try {
      let result: 'accepted' | 'rejected' | 'unknown' = 'unknown';
      if (row.provider === 'bandwidth' && this.bandwidth.isHook(hook)) {
        const parsed = parseJsonWebhookBody(row.body);
        result = await this.intake.replay(this.bandwidth, hook, row.id, parsed.ok ? parsed.value : undefined, row.body);
      } else if (row.provider === 'twilio' && this.twilio.isHook(hook)) {
        result = await this.intake.replay(this.twilio, hook, row.id, parseFormWebhookBody(row.body), row.body);
      }
      await this.raw.markReplayed(row.id);
      this.raw.events.inc({ provider: row.provider, result: 'replayed' });
      this.log.info({ rawWebhookId: row.id, provider: row.provider, hook, result }, 'voice webhook replayed');
    } catch (err) {
      const dead = await this.raw.replayFailed(row, err, this.retry).catch(() => false);
      this.log.error({ err, rawWebhookId: row.id, attempt: row.attempt, dead }, 'voice webhook replay failed');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
