import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envBoolean, parseEnv } from '@textback/config';
import { z } from 'zod';

/**
 * The single process's own variables (each service still reads its own from the same environment):
 * - `HTTP_PORT` (default 3000) and `HTTP_HOST` (0.0.0.0): the one port every service answers on.
 * - `TEXTBACK_PUBLIC_URL`: the URL carriers and browsers reach the process at (default `http://localhost:<port>`); the
 *   services' own public URLs (TELEPHONY_/MESSAGING_/SCHEDULING_PUBLIC_BASE_URL, CONSOLE_PUBLIC_URL) default to it.
 * - `TEXTBACK_DATA_DIR` (default ./data): PGlite in `pglite/`, chDB in `chdb/`, the callback spool, the generated secrets.
 * - `SHUTDOWN_TIMEOUT_MS`: longest graceful stop before connections are cut, ms (default 15 000).
 * - `LOG_LEVEL`.
 */
export const hostEnvSchema = z.object({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  TEXTBACK_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  TEXTBACK_DATA_DIR: z.string().min(1).default('./data'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Print the one-line start summary as plain text on stderr too (default true): the mode said loudly. */
  TEXTBACK_BANNER: envBoolean.default(true),
});
export type HostEnv = z.infer<typeof hostEnvSchema>;

/**
 * Reads the single process's variables.
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadHostEnv(env: Record<string, string | undefined>): HostEnv {
  return parseEnv('textback', hostEnvSchema, env);
}

/** Secrets the single process generates on its first start and keeps in the data directory (mode 0600). */
export interface HostSecrets {
  /** HS256 key of the staff access tokens the console mints and lead-crm, scheduling, messaging and reporting verify. */
  JWT_SECRET: string;
}

/** File of {@link HostSecrets} in the data directory; part of every backup. */
export const HOST_SECRETS_FILE = 'secrets.json';

/**
 * The data directory's generated secrets, created (48 random bytes, base64url) on first use. JWT_SECRET in the
 * environment wins over the file.
 * @throws Error when the file exists but is not valid JSON with a JWT_SECRET.
 */
export function hostSecrets(dataDir: string): HostSecrets {
  const file = join(dataDir, HOST_SECRETS_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const created: HostSecrets = { JWT_SECRET: randomBytes(48).toString('base64url') };
    writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return created;
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<HostSecrets>;
  if (typeof parsed.JWT_SECRET !== 'string' || parsed.JWT_SECRET.length < 32) throw new Error(`${file}: no JWT_SECRET of at least 32 characters`);
  return { JWT_SECRET: parsed.JWT_SECRET };
}

/**
 * The environment every hosted service reads: the process's own, with what one process on one port implies filled in
 * where unset: the port, the public and internal URLs (all this process), the staff-token secret from the data
 * directory, issuer and audience, the callback spool in the data directory, send-queue leases settled at start (the
 * store admits this process alone). METRICS_PORT is dropped: seven services
 * cannot listen on one metrics port; `/_services/<name>/metrics` serves each.
 */
export function serviceEnvironment(env: Record<string, string | undefined>, host: HostEnv, dataDir: string, port: number): Record<string, string | undefined> {
  const publicUrl = host.TEXTBACK_PUBLIC_URL ?? `http://localhost:${port}`;
  const self = `http://127.0.0.1:${port}`;
  const unsetOr = (key: string, fallback: string): string => (env[key] ? (env[key] as string) : fallback);
  const secrets = env.JWT_SECRET || env.JWT_JWKS_URL ? null : hostSecrets(dataDir);
  return {
    ...env,
    METRICS_PORT: undefined,
    HTTP_PORT: String(port),
    TEXTBACK_DATA_DIR: dataDir,
    JWT_SECRET: secrets ? secrets.JWT_SECRET : env.JWT_SECRET,
    JWT_ISSUER: unsetOr('JWT_ISSUER', 'textback'),
    JWT_AUDIENCE: unsetOr('JWT_AUDIENCE', 'textback-api'),
    TELEPHONY_PUBLIC_BASE_URL: unsetOr('TELEPHONY_PUBLIC_BASE_URL', publicUrl),
    MESSAGING_PUBLIC_BASE_URL: unsetOr('MESSAGING_PUBLIC_BASE_URL', publicUrl),
    SCHEDULING_PUBLIC_BASE_URL: unsetOr('SCHEDULING_PUBLIC_BASE_URL', publicUrl),
    CONSOLE_PUBLIC_URL: unsetOr('CONSOLE_PUBLIC_URL', publicUrl),
    // By name (`/_services/<name>`), not through the Ingress table: lead-crm's `/v1/locations/:id/settings` and
    // scheduling's `/v1/locations/:id/slots` share a prefix no public route sends to either (it reached the console).
    LEAD_CRM_URL: unsetOr('LEAD_CRM_URL', `${self}/_services/lead-crm`),
    SCHEDULING_URL: unsetOr('SCHEDULING_URL', `${self}/_services/scheduling`),
    REPORTING_URL: unsetOr('REPORTING_URL', `${self}/_services/reporting`),
    MESSAGING_URL: unsetOr('MESSAGING_URL', `${self}/_services/messaging`),
    CALLBACK_SPOOL_DIR: unsetOr('CALLBACK_SPOOL_DIR', join(dataDir, 'callback-spool')),
    // PGlite admits one process per data directory: a send lease found at start was held by a dead process.
    SEND_QUEUE_SETTLE_LEASES_AT_START: unsetOr('SEND_QUEUE_SETTLE_LEASES_AT_START', 'true'),
    FIRST_TEXT_RELEASE_LEASES_AT_START: unsetOr('FIRST_TEXT_RELEASE_LEASES_AT_START', 'true'),
  };
}
