import { basicCredentialListSchema, jwtEnvShape } from '@textback/auth';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

/** Environment of scheduling: the shared variables plus its own (see README.md). */
export const schedulingEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3005),
  /** YAML/JSON list of location configs loaded at boot (before lead-crm publishes them). */
  LOCATION_CONFIG_FILE: optionalText,
  /**
   * Safety refresh of the in-memory location directory, ms: other replicas' config upserts reach this process at their
   * commit (the table's NOTIFY), its own at once; this bounds how late a change is seen should a notification be
   * missed. Bookings, callbacks, pages and follow-ups read the location's config from memory, not from PostgreSQL; a
   * refresh that finds nothing changed is one small statement.
   */
  LOCATION_DIRECTORY_REFRESH_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /**
   * Safety poll of the durable-timer poller, milliseconds: it wakes on new timers (NOTIFY) and when the next one is
   * due, and at the latest after this long.
   */
  TIMER_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
  /** Most timers fired per poll round. */
  TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Slots offered to a qualified lead. */
  OFFER_SLOT_COUNT: z.coerce.number().int().min(1).max(9).default(3),
  /** Earliest bookable slot starts at least this many minutes from now. */
  BOOKING_MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** How far ahead availability is searched, days. */
  BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Length of a callback window, minutes (cut at closing time). */
  CALLBACK_WINDOW_MINUTES: z.coerce.number().int().min(5).max(480).default(60),
  /**
   * Follow-up cadence steps, comma-separated, each relative to the previous step: `<n>m`,
   * `<n>h`, `<n>d` or `next_morning` (the next day at FOLLOW_UP_MORNING, location time).
   */
  FOLLOW_UP_STEPS: z
    .string()
    .regex(/^\s*(\d+[mhd]|next_morning)(\s*,\s*(\d+[mhd]|next_morning))*\s*$/, 'comma-separated steps like 1h,next_morning,3d')
    .default('1h,next_morning,3d'),
  /** Local time (HH:mm) of a `next_morning` follow-up step. */
  FOLLOW_UP_MORNING: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('09:00'),
  /** Public base URL of this service, for Bandwidth's answer webhook of page calls. */
  SCHEDULING_PUBLIC_BASE_URL: z.url().default('http://localhost:3005'),
  /**
   * Public base URL of the staff console (e.g. `https://textback.example.com`): a page text then ends with a link to
   * `<url>/dispatches/<dispatchId>`, which opens the conversation in the console (after sign-in; no token in it).
   * Unset: page texts carry no link.
   */
  CONSOLE_PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  /** Bandwidth voice (dispatch page calls); when BANDWIDTH_ACCOUNT_ID is unset, pages are text only. */
  BANDWIDTH_ACCOUNT_ID: optionalText,
  BANDWIDTH_USERNAME: optionalText,
  BANDWIDTH_PASSWORD: optionalText,
  BANDWIDTH_VOICE_APPLICATION_ID: optionalText,
  /** Override of Bandwidth's voice API base (`https://voice.bandwidth.com/api/v2`), e.g. a local stand-in. */
  BANDWIDTH_VOICE_BASE_URL: optionalText,
  /**
   * HTTP Basic pairs of Bandwidth voice callbacks, the same JSON list as telephony-ingest's
   * (`[{"applicationId"?, "username", "password"}]`). Page calls carry the pair of
   * BANDWIDTH_VOICE_APPLICATION_ID (or the first unbound one) as `username`/`password`, and their
   * answer webhook refuses any other (401). Empty: every answer webhook gets 401.
   */
  BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: basicCredentialListSchema.default([]),
  /**
   * Staff API JWTs (@textback/auth): JWKS endpoint, or a shared HS256 secret of at least 32 characters (without
   * either the API answers 401); required issuer and audience; JWKS algorithms; longest token lifetime.
   */
  ...jwtEnvShape,
});
export type SchedulingEnv = z.infer<typeof schedulingEnvSchema>;

/**
 * Reads and validates scheduling's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadSchedulingEnv(env: Record<string, string | undefined> = process.env): SchedulingEnv {
  return parseEnv('scheduling', schedulingEnvSchema, env);
}
