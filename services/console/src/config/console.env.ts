import { baseServiceEnvSchema, envBoolean, parseEnv } from '@textback/config';
import { z } from 'zod';

/**
 * Environment of console (see README.md): the shared variables plus
 * - `HTTP_PORT`: the console's port (web app and its API on one origin), default 3007.
 * - `LEAD_CRM_URL`: base URL of lead-crm's staff API (takeover, release, texts, notes, outcome).
 * - `SCHEDULING_URL`: base URL of scheduling's staff API (acknowledging a page).
 * - `JWT_SECRET`, `JWT_ISSUER`, `JWT_AUDIENCE`: the HS256 key, issuer and audience of the short-lived
 *   access tokens the console mints for the signed-in user when it calls lead-crm or scheduling on their
 *   behalf (the same values they verify with).
 * - `SESSION_TTL_HOURS`: how long a sign-in lasts without activity, hours (default 12).
 * - `COOKIE_SECURE`: set the `Secure` attribute on the session cookie (default true in production).
 * - `WEB_DIR`: folder of the built web app (default `dist/services/console/web` beside the compiled code).
 */
export const consoleEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3007),
  LEAD_CRM_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3004'),
  SCHEDULING_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3005'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  COOKIE_SECURE: envBoolean.optional(),
  WEB_DIR: z.string().min(1).optional(),
});
export type ConsoleEnv = z.infer<typeof consoleEnvSchema>;

/**
 * Reads and validates console's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadConsoleEnv(env: Record<string, string | undefined> = process.env): ConsoleEnv {
  return parseEnv('console', consoleEnvSchema, env);
}
