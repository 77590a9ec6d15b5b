import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

/** Environment of telephony-ingest: the shared variables plus its own (see README.md). */
export const telephonyIngestEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
});
export type TelephonyIngestEnv = z.infer<typeof telephonyIngestEnvSchema>;

/**
 * Reads and validates telephony-ingest's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadTelephonyIngestEnv(env: Record<string, string | undefined> = process.env): TelephonyIngestEnv {
  return parseEnv('telephony-ingest', telephonyIngestEnvSchema, env);
}
