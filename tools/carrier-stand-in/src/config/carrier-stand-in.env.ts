import { parseEnv } from '@textback/config';
import { z } from 'zod';

/**
 * Environment of the carrier stand-in process.
 * - `HTTP_PORT` / `HTTP_HOST`: where it listens (default 0.0.0.0:4010).
 * - `BANDWIDTH_USERNAME` / `BANDWIDTH_PASSWORD`: if set, API calls must carry them (HTTP Basic).
 * - `MESSAGING_CALLBACK_URL` (+ `BANDWIDTH_CALLBACK_USERNAME` / `_PASSWORD`): messaging's
 *   Bandwidth callback endpoint; delivery callbacks are sent automatically when it is set.
 */
export const carrierStandInEnvSchema = z.object({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(4010),
  HTTP_HOST: z.string().default('0.0.0.0'),
  BANDWIDTH_USERNAME: z.string().optional(),
  BANDWIDTH_PASSWORD: z.string().optional(),
  MESSAGING_CALLBACK_URL: z.url().optional(),
  BANDWIDTH_CALLBACK_USERNAME: z.string().optional(),
  BANDWIDTH_CALLBACK_PASSWORD: z.string().optional(),
});
export type CarrierStandInEnv = z.infer<typeof carrierStandInEnvSchema>;

/** @throws ConfigValidationException listing every bad variable. */
export function loadCarrierStandInEnv(env: Record<string, string | undefined> = process.env): CarrierStandInEnv {
  return parseEnv('carrier-stand-in', carrierStandInEnvSchema, env);
}
