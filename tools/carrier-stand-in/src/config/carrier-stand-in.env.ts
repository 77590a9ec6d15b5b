import { envBoolean, parseEnv } from '@textback/config';
import { z } from 'zod';

const urlRewrites = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.strictObject({ from: z.url(), to: z.url() })));

/**
 * Environment of the carrier stand-in process.
 * - `HTTP_PORT` / `HTTP_HOST`: where it listens (default 0.0.0.0:4010).
 * - `BANDWIDTH_USERNAME` / `BANDWIDTH_PASSWORD`: if set, API calls must carry them (HTTP Basic).
 * - `MESSAGING_CALLBACK_URL` (+ `BANDWIDTH_CALLBACK_USERNAME` / `_PASSWORD`): messaging's
 *   Bandwidth callback endpoint; delivery callbacks are sent automatically when it is set, and
 *   callers' texts (`POST /_standin/texts`) are delivered there as `message-received`.
 * - Playing callers (`POST /_standin/calls`) needs the Voice application of the dialled numbers:
 *   `VOICE_CALL_INITIATED_URL` (its CallInitiatedCallbackUrl, e.g.
 *   `http://telephony-ingest:3001/bandwidth/voice/initiate`) and `VOICE_CALL_STATUS_URL` (its
 *   CallStatusCallbackUrl, e.g. `.../bandwidth/voice/status`), set together; `VOICE_CALLBACK_USERNAME`
 *   / `_PASSWORD`: its CallbackCreds (one entry of telephony-ingest's
 *   `BANDWIDTH_VOICE_CALLBACK_CREDENTIALS`); `VOICE_APPLICATION_ID` (default a fixed uuid; must match
 *   that entry's `applicationId` if it names one); `BANDWIDTH_ACCOUNT_ID` (default 9900000).
 * - `VOICE_CALLBACK_URL_REWRITES`: JSON `[{"from":"<public base>","to":"<reachable base>"}]`, prefix
 *   rewrites of the URLs BXML names (telephony-ingest builds them from `TELEPHONY_PUBLIC_BASE_URL`).
 * - `CALLER_TIME_SCALE`: real ms waited per simulated ms of a call (default 0: no waiting, event
 *   timestamps still carry the scripted ring/talk seconds; 1 = real time).
 * - `STANDIN_CONTROL_API`: serve `/_standin/*` (calls, texts, messages; default true). Local use
 *   only: it has no authentication.
 */
export const carrierStandInEnvSchema = z
  .object({
    HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(4010),
    HTTP_HOST: z.string().default('0.0.0.0'),
    BANDWIDTH_USERNAME: z.string().optional(),
    BANDWIDTH_PASSWORD: z.string().optional(),
    MESSAGING_CALLBACK_URL: z.url().optional(),
    BANDWIDTH_CALLBACK_USERNAME: z.string().optional(),
    BANDWIDTH_CALLBACK_PASSWORD: z.string().optional(),
    VOICE_CALL_INITIATED_URL: z.url().optional(),
    VOICE_CALL_STATUS_URL: z.url().optional(),
    VOICE_CALLBACK_USERNAME: z.string().optional(),
    VOICE_CALLBACK_PASSWORD: z.string().optional(),
    VOICE_APPLICATION_ID: z.string().min(1).optional(),
    BANDWIDTH_ACCOUNT_ID: z.string().min(1).default('9900000'),
    VOICE_CALLBACK_URL_REWRITES: urlRewrites.optional(),
    CALLER_TIME_SCALE: z.coerce.number().min(0).max(10).default(0),
    STANDIN_CONTROL_API: envBoolean.default(true),
  })
  // Also checked when other variables are bad (`when`), so one boot lists every problem.
  .refine((env) => !env.VOICE_CALL_INITIATED_URL || Boolean(env.VOICE_CALL_STATUS_URL), {
    path: ['VOICE_CALL_STATUS_URL'],
    message: 'set VOICE_CALL_INITIATED_URL and VOICE_CALL_STATUS_URL together',
    when: () => true,
  })
  .refine((env) => !env.VOICE_CALL_STATUS_URL || Boolean(env.VOICE_CALL_INITIATED_URL), {
    path: ['VOICE_CALL_INITIATED_URL'],
    message: 'set VOICE_CALL_INITIATED_URL and VOICE_CALL_STATUS_URL together',
    when: () => true,
  });
export type CarrierStandInEnv = z.infer<typeof carrierStandInEnvSchema>;

/** @throws ConfigValidationException listing every bad variable. */
export function loadCarrierStandInEnv(env: Record<string, string | undefined> = process.env): CarrierStandInEnv {
  return parseEnv('carrier-stand-in', carrierStandInEnvSchema, env);
}
