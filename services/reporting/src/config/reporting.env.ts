import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

/** Environment of reporting: the shared variables plus its own (see README.md). */
export const reportingEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3006),
});
export type ReportingEnv = z.infer<typeof reportingEnvSchema>;

/**
 * Reads and validates reporting's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadReportingEnv(env: Record<string, string | undefined> = process.env): ReportingEnv {
  return parseEnv('reporting', reportingEnvSchema, env);
}
