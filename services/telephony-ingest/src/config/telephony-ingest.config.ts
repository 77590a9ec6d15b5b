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
}

/** Builds {@link TelephonyIngestConfig} from the environment. */
export function telephonyIngestConfigFrom(env: TelephonyIngestEnv): TelephonyIngestConfig {
  return {
    publicBaseUrl: env.TELEPHONY_PUBLIC_BASE_URL.replace(/\/+$/, ''), bandwidthCredentials: env.BANDWIDTH_VOICE_CALLBACK_CREDENTIALS, twilioAuthToken: env.TWILIO_AUTH_TOKEN ?? null,
    rawWebhooks: { replayIntervalMs: env.CARRIER_WEBHOOK_REPLAY_INTERVAL_MS, replayMaxAttempts: env.CARRIER_WEBHOOK_REPLAY_MAX_ATTEMPTS, retentionDays: env.RAW_WEBHOOK_RETENTION_DAYS },
    failOpen: { persistBudgetMs: env.CALLBACK_PERSIST_BUDGET_MS, spoolHedgeMs: env.CALLBACK_SPOOL_HEDGE_MS, spoolDir: env.CALLBACK_SPOOL_DIR, spoolReplayIntervalMs: env.CALLBACK_SPOOL_REPLAY_INTERVAL_MS, spoolReplayConcurrency: env.CALLBACK_SPOOL_REPLAY_CONCURRENCY },
  };
}
