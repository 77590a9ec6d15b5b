import { type BandwidthCallbackCredential, type TelephonyIngestEnv } from './telephony-ingest.env';

/** Injection token of {@link TelephonyIngestConfig}. */
export const TELEPHONY_INGEST_CONFIG = Symbol('TelephonyIngestConfig');

/** The settings telephony-ingest's features read (from the validated environment). */
export interface TelephonyIngestConfig {
  /** Public URL carriers reach this service at, without trailing slash. */
  publicBaseUrl: string;
  bandwidthCredentials: readonly BandwidthCallbackCredential[];
  twilioAuthToken: string | null;
  /** Raw webhook store: replay interval and attempts, retention in days. */
  rawWebhooks: { replayIntervalMs: number; replayMaxAttempts: number; retentionDays: number };
  /**
   * The phone path fails open: how long a callback's persistence may take before the answer comes from memory
   * (`persistBudgetMs`), after how long a callback answerable from memory is also spooled (`spoolHedgeMs`), where late or
   * failed callbacks are spooled (`spoolDir`), how often the spool is replayed and how many calls' callbacks at once
   * (`spoolReplayConcurrency`).
   */
  failOpen: { persistBudgetMs: number; spoolHedgeMs: number; spoolDir: string; spoolReplayIntervalMs: number; spoolReplayConcurrency: number };
  /**
   * Group commit of callbacks (`CALLBACK_BATCH_*`): how long the first waiting callback lingers for others (`lingerMs`,
   * 0 = the end of the event-loop turn), most callbacks per transaction (`maxBatch`), transactions at once (`maxInFlight`).
   */
  batch: { lingerMs: number; maxBatch: number; maxInFlight: number };
}

/** Builds {@link TelephonyIngestConfig} from the environment. */
export function telephonyIngestConfigFrom(env: TelephonyIngestEnv): TelephonyIngestConfig {
  return {
    publicBaseUrl: env.TELEPHONY_PUBLIC_BASE_URL.replace(/\/+$/, ''), bandwidthCredentials: env.BANDWIDTH_VOICE_CALLBACK_CREDENTIALS, twilioAuthToken: env.TWILIO_AUTH_TOKEN ?? null,
    rawWebhooks: { replayIntervalMs: env.CARRIER_WEBHOOK_REPLAY_INTERVAL_MS, replayMaxAttempts: env.CARRIER_WEBHOOK_REPLAY_MAX_ATTEMPTS, retentionDays: env.RAW_WEBHOOK_RETENTION_DAYS },
    failOpen: { persistBudgetMs: env.CALLBACK_PERSIST_BUDGET_MS, spoolHedgeMs: env.CALLBACK_SPOOL_HEDGE_MS, spoolDir: env.CALLBACK_SPOOL_DIR, spoolReplayIntervalMs: env.CALLBACK_SPOOL_REPLAY_INTERVAL_MS, spoolReplayConcurrency: env.CALLBACK_SPOOL_REPLAY_CONCURRENCY },
    batch: { lingerMs: env.CALLBACK_BATCH_LINGER_MS, maxBatch: env.CALLBACK_BATCH_MAX, maxInFlight: env.CALLBACK_BATCH_CONCURRENCY },
  };
}
