import { basicCredentialSchema } from '@textback/auth';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

/** One Bandwidth Voice application's callback credentials (its `CallbackCreds`): the shared Basic pair (`@textback/auth`). */
const bandwidthCredentialSchema = basicCredentialSchema;

/** Parses a JSON list from an env var. */
const jsonList = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON list' });
        return z.NEVER;
      }
    })
    .pipe(z.array(item));

/**
 * Environment of telephony-ingest: the shared variables plus its own (see README.md):
 * - `HTTP_PORT`: port of the webhook endpoints (default 3001).
 * - `TELEPHONY_PUBLIC_BASE_URL`: the URL carriers reach this service at (scheme, host, optional path
 *   prefix; no trailing slash needed). Callback URLs in BXML/TwiML are built from it, and
 *   Twilio signatures are checked against it (behind a proxy `req.host` is not the public URL).
 * - `BANDWIDTH_VOICE_CALLBACK_CREDENTIALS`: JSON list of `{applicationId?, username, password}`, one per
 *   Bandwidth Voice application; callbacks without one of these Basic-auth pairs get 401.
 * - `TWILIO_AUTH_TOKEN`: the Twilio account's auth token for X-Twilio-Signature; when unset every
 *   Twilio webhook gets 403.
 * - `LOCATION_CONFIG_FILE`: YAML/JSON list of location configs loaded at boot (until lead-crm
 *   publishes `crm.location.config.v1`).
 * - `CARRIER_WEBHOOK_BODY_LIMIT_BYTES` (64 KiB; 413 above), `CARRIER_WEBHOOK_REPLAY_INTERVAL_MS`, `CARRIER_WEBHOOK_REPLAY_MAX_ATTEMPTS`,
 *   `RAW_WEBHOOK_RETENTION_DAYS` (30): the raw webhook store (see README.md).
 * - The phone path fails open (docs/operations.md): `CALLBACK_PERSIST_BUDGET_MS` (500), `CALLBACK_SPOOL_HEDGE_MS` (100), `CALLBACK_SPOOL_DIR`,
 *   `CALLBACK_SPOOL_REPLAY_INTERVAL_MS` (2 000), `CALLBACK_SPOOL_REPLAY_CONCURRENCY` (4), `CALLBACK_BATCH_LINGER_MS` (2), `CALLBACK_BATCH_MAX` (1), `CALLBACK_BATCH_CONCURRENCY` (4), `LOCATION_DIRECTORY_REFRESH_MS` (30 000), and shorter database waits
 *   than other services: `DATABASE_CONNECT_TIMEOUT_MS` (1 000), `DATABASE_STATEMENT_TIMEOUT_MS` (2 000).
 */
export const telephonyIngestEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  TELEPHONY_PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3001'),
  BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: jsonList(bandwidthCredentialSchema).default([]),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  LOCATION_CONFIG_FILE: z.string().min(1).optional(),
  /** Largest carrier webhook body accepted, bytes; larger gets 413. */
  CARRIER_WEBHOOK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
  /** How often stored raw webhooks marked for replay are re-applied, milliseconds. */
  CARRIER_WEBHOOK_REPLAY_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** Replay attempts of a stored raw webhook before it is left alone (kept with its error). */
  CARRIER_WEBHOOK_REPLAY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Days raw webhook requests are kept (`raw_webhook`, `call_webhook.raw_body`), then purged. */
  RAW_WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Longest wait for a pooled connection, ms: well under the carriers' callback budget (Bandwidth 15 s default). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(1_000),
  /** Longest statement, ms (PostgreSQL statement_timeout): a held lock cannot keep a callback's connection forever. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  /**
   * How long a voice callback waits for its own persistence before the answer is given from memory and the callback
   * is spooled to CALLBACK_SPOOL_DIR, ms.
   */
  CALLBACK_PERSIST_BUDGET_MS: z.coerce.number().int().min(10).max(10_000).default(500),
  /**
   * How long a callback whose answer needs no call state (Bandwidth `initiate`, Twilio incoming call, asynchronous
   * callbacks, hang-ups) waits for its persistence before it is also appended to the spool, ms; it is then answered as
   * soon as either is durable (the write goes on; once it commits the spooled copy is not replayed).
   */
  CALLBACK_SPOOL_HEDGE_MS: z.coerce.number().int().min(0).max(10_000).default(100),
  /**
   * Group commit of voice callbacks: callbacks of different calls that arrive together are written in ONE transaction
   * whose first statement stores all of them (a multi-row INSERT that also locks their calls). A batch is sent when
   * CALLBACK_BATCH_MAX callbacks wait or CALLBACK_BATCH_LINGER_MS after the first one arrived (0: at the end of the
   * event-loop turn); at most CALLBACK_BATCH_CONCURRENCY batches are written at once (each holds one pooled connection:
   * keep it well under DATABASE_POOL_SIZE; 8 of 10 stalled the phone path in a bench). CALLBACK_BATCH_MAX=1 (the
   * default) writes every callback in its own transaction, at most CALLBACK_BATCH_CONCURRENCY at once: in the benches of
   * docs/round-trips-and-wake-ups.md it answered initiates sooner at 100 calls/s than batches of 4-32, which cut
   * telephony-ingest's statements per call by two thirds and its CPU per call by 10-20 %.
   */
  CALLBACK_BATCH_LINGER_MS: z.coerce.number().int().min(0).max(100).default(2),
  CALLBACK_BATCH_MAX: z.coerce.number().int().min(1).max(500).default(1),
  CALLBACK_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  /** Directory of the local append-only callback spool (a persistent volume in Kubernetes). */
  CALLBACK_SPOOL_DIR: z.string().min(1).default('var/telephony-ingest/callback-spool'),
  /** How often spooled callbacks are replayed into PostgreSQL, ms. */
  CALLBACK_SPOOL_REPLAY_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
  /**
   * Spooled callbacks of different calls replayed at once (one call's always in order), each holding a pooled
   * connection while it applies: keep it well under DATABASE_POOL_SIZE, which live callbacks need too.
   */
  CALLBACK_SPOOL_REPLAY_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  /**
   * Safety refresh of the in-memory location directory, ms: a write to its table (another replica's consumer) wakes it
   * at once through NOTIFY; this bounds how late a change is seen should a notification be missed.
   */
  LOCATION_DIRECTORY_REFRESH_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
});
export type TelephonyIngestEnv = z.infer<typeof telephonyIngestEnvSchema>;
export type BandwidthCallbackCredential = z.infer<typeof bandwidthCredentialSchema>;

/**
 * Reads and validates telephony-ingest's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadTelephonyIngestEnv(env: Record<string, string | undefined> = process.env): TelephonyIngestEnv {
  return parseEnv('telephony-ingest', telephonyIngestEnvSchema, env);
}
