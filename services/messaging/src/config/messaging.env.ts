import { jwtEnvShape } from '@textback/auth';
import { baseServiceEnvSchema, envBoolean, parseEnv } from '@textback/config';
import { z } from 'zod';

/**
 * Environment of messaging: the shared variables plus its own (see README.md). Units are in the names.
 * - `BANDWIDTH_*_BASE_URL`: server URL overrides handed to bandwidth-sdk's `Configuration.basePath`
 *   (production defaults from the SDK's operation server map; a local stand-in in tests).
 * - `BANDWIDTH_CALLBACK_USERNAME/PASSWORD`: the HTTP Basic credentials set as the messaging application's
 *   Inbound/OutboundCallbackCreds; callbacks without them get 401.
 * - Bandwidth credentials default to local placeholders outside production (and must be set in production).
 * - `DATABASE_POOL_SIZE`: must exceed FIRST_TEXT_WORKERS + SEND_QUEUE_WORKERS + 3 (defaults 10 > 4 + 2 + 3).
 * - `MESSAGING_CONSENT_SCOPE`: the DEFAULT reach of an opt-out (sending_number, location, tenant) for tenants whose
 *   franchise manifest sets no `optOutScope` (carried on the location config); `location` unless set.
 * - `TWILIO_ACCOUNT_SID` / `TWILIO_AUTH_TOKEN`: the Twilio account that sends for sending numbers with
 *   `provider: twilio` (REST Basic auth) and whose token signs Twilio webhooks (X-Twilio-Signature). Both or neither;
 *   without them Twilio sends are rejected (`provider_not_configured`) and Twilio webhooks get 403.
 * - `TWILIO_API_BASE_URL`: replaces `https://api.twilio.com` in the twilio package's requests (a stand-in in tests).
 * - `MESSAGING_PUBLIC_BASE_URL`: the URL carriers reach this service at (scheme, host, optional path prefix); Twilio
 *   signs the full public URL, and status callbacks are sent to `{base}/webhooks/twilio/messaging/status`.
 */
export const messagingEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  LOCATION_CONFIG_FILE: z.string().min(1).optional(),
  /**
   * Safety refresh of the in-memory location directory, ms: other replicas' config upserts reach this process at their
   * commit (the table's NOTIFY), its own at once; this bounds how late a change is seen should a notification be
   * missed. Every decision reads the location's config and the caller's number from memory, never from PostgreSQL; a
   * refresh that finds nothing changed is one small statement.
   */
  LOCATION_DIRECTORY_REFRESH_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  BANDWIDTH_ACCOUNT_ID: z.string().min(1).default('local'),
  BANDWIDTH_USERNAME: z.string().min(1).default('local'),
  BANDWIDTH_PASSWORD: z.string().min(1).default('local'),
  BANDWIDTH_MESSAGING_APPLICATION_ID: z.string().min(1).default('local'),
  BANDWIDTH_MESSAGING_BASE_URL: z.url().default('https://messaging.bandwidth.com/api/v2'),
  BANDWIDTH_LOOKUP_BASE_URL: z.url().default('https://api.bandwidth.com/v2'),
  BANDWIDTH_CALLBACK_USERNAME: z.string().min(1).default('bandwidth'),
  BANDWIDTH_CALLBACK_PASSWORD: z.string().min(8).default('local-development-only'),
  BANDWIDTH_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC + 32 hex').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
  TWILIO_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  MESSAGING_PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3002'),
  MESSAGING_CONSENT_SCOPE: z.enum(['sending_number', 'location', 'tenant']).default('location'),
  FIRST_TEXT_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  FIRST_TEXT_WORKERS: z.coerce.number().int().min(1).max(64).default(4),
  FIRST_TEXT_POLL_INTERVAL_MS: z.coerce.number().int().min(5).max(600_000).default(30_000),
  FIRST_TEXT_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(500),
  /**
   * How long a decision loop holds a stored missed call while it looks the caller up and decides, ms; must exceed
   * BANDWIDTH_HTTP_TIMEOUT_MS (the lookup's). A job whose process died is decided again once its lease ends.
   */
  FIRST_TEXT_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * Every first-text lease found at start belongs to a dead process (true only where one process alone can open the
   * store: the single process on PGlite): those jobs are due at once instead of FIRST_TEXT_LEASE_MS after the crash.
   */
  FIRST_TEXT_RELEASE_LEASES_AT_START: envBoolean.default(false),
  /**
   * Automated texts to one recipient from one location per rolling hour (the send decision's hourly cap). A booking
   * conversation alone is about 7 (first text, urgency, need, zip, day and time, offers, the confirmation) and 9-10
   * with a change of mind; at 6 the booking confirmation itself was refused (seen in the demo). Auto-responder loops
   * are stopped first by LOOP_INBOUND_THRESHOLD and the repeated-body guard; this cap bounds what is left.
   */
  AUTOMATED_HOURLY_CAP: z.coerce.number().int().min(1).max(1000).default(12),
  LOOP_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOOP_INBOUND_THRESHOLD: z.coerce.number().int().min(2).max(100).default(6),
  LINE_TYPE_CACHE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SEND_QUEUE_POLL_INTERVAL_MS: z.coerce.number().int().min(5).max(600_000).default(30_000),
  SEND_QUEUE_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  SEND_QUEUE_WORKERS: z.coerce.number().int().min(1).max(32).default(2),
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  SEND_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2_000),
  /**
   * How long a send-queue claim holds its rows, ms; must exceed the carrier HTTP timeouts. A lease that expires after
   * its carrier call started (the process died mid-call) makes the text `unconfirmed`: never re-sent blindly.
   */
  SEND_QUEUE_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  /**
   * Reconciliation of `unconfirmed` texts: the carrier is asked no sooner than this long after the carrier call
   * started, ms (a just-accepted message must be in its listing before "not listed" counts as "not sent").
   */
  /**
   * Every send-queue lease found at start belongs to a dead process (true only where one process alone can open the
   * store: the single process on PGlite, whose data directory is locked to one pid): they are settled at once instead
   * of after SEND_QUEUE_LEASE_MS.
   */
  SEND_QUEUE_SETTLE_LEASES_AT_START: envBoolean.default(false),
  SEND_RECONCILE_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Carrier lookups of one unconfirmed text that may answer `unknown` before it is left unconfirmed (listed) for good. */
  SEND_RECONCILE_MAX_LOOKUPS: z.coerce.number().int().min(0).max(100).default(8),
  INBOUND_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /**
   * Staff API JWTs (@textback/auth; the opt-out review queue): JWKS endpoint, or a shared HS256 secret of at least 32
   * characters (the same as lead-crm's and scheduling's); without either the API answers 401.
   */
  ...jwtEnvShape,
  /** Processing attempts of a stored inbound event before it is marked dead (kept with its error for replay). */
  INBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Largest carrier webhook body accepted, bytes; larger gets 413. */
  CARRIER_WEBHOOK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  /** Days raw webhook requests are kept (`raw_webhook`), then purged by the sweeper. */
  RAW_WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
}).superRefine((env, ctx) => {
  // Every decision or send worker holds a transaction that may take a second connection (rate slot, number lookup),
  // and so may the 3 concurrently consumed partitions: with no connection left over, the pool can starve for good.
  const holders = env.FIRST_TEXT_WORKERS + env.SEND_QUEUE_WORKERS + 3;
  if (env.DATABASE_POOL_SIZE <= holders) {
    ctx.addIssue({ code: 'custom', path: ['DATABASE_POOL_SIZE'], message: `must exceed FIRST_TEXT_WORKERS + SEND_QUEUE_WORKERS + 3 (= ${holders}): workers hold a transaction and may need a second connection` });
  }
  if (env.SEND_QUEUE_LEASE_MS <= Math.max(env.BANDWIDTH_HTTP_TIMEOUT_MS, env.TWILIO_HTTP_TIMEOUT_MS)) {
    ctx.addIssue({ code: 'custom', path: ['SEND_QUEUE_LEASE_MS'], message: 'must exceed BANDWIDTH_HTTP_TIMEOUT_MS and TWILIO_HTTP_TIMEOUT_MS (a lease must outlive its carrier call)' });
  }
  if (env.FIRST_TEXT_LEASE_MS <= env.BANDWIDTH_HTTP_TIMEOUT_MS) {
    ctx.addIssue({ code: 'custom', path: ['FIRST_TEXT_LEASE_MS'], message: 'must exceed BANDWIDTH_HTTP_TIMEOUT_MS (a lease must outlive its line-type lookup)' });
  }
  if ((env.TWILIO_ACCOUNT_SID === undefined) !== (env.TWILIO_AUTH_TOKEN === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['TWILIO_AUTH_TOKEN'], message: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set together' });
  }
  if (env.NODE_ENV !== 'production') return;
  for (const key of ['BANDWIDTH_ACCOUNT_ID', 'BANDWIDTH_USERNAME', 'BANDWIDTH_PASSWORD', 'BANDWIDTH_MESSAGING_APPLICATION_ID', 'BANDWIDTH_CALLBACK_PASSWORD'] as const) {
    if (env[key] === 'local' || env[key] === 'local-development-only') ctx.addIssue({ code: 'custom', path: [key], message: 'must be set in production' });
  }
});
export type MessagingEnv = z.infer<typeof messagingEnvSchema>;

/**
 * Reads and validates messaging's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadMessagingEnv(env: Record<string, string | undefined> = process.env): MessagingEnv {
  return parseEnv('messaging', messagingEnvSchema, env);
}
