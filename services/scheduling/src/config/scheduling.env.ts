import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

/** Environment of scheduling: the shared variables plus its own (see README.md). */
export const schedulingEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3005),
});
export type SchedulingEnv = z.infer<typeof schedulingEnvSchema>;

/**
 * Reads and validates scheduling's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadSchedulingEnv(env: Record<string, string | undefined> = process.env): SchedulingEnv {
  return parseEnv('scheduling', schedulingEnvSchema, env);
}
