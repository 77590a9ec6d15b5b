import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

/** Environment of lead-crm: the shared variables plus its own (see README.md). */
export const leadCrmEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3004),
});
export type LeadCrmEnv = z.infer<typeof leadCrmEnvSchema>;

/**
 * Reads and validates lead-crm's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadLeadCrmEnv(env: Record<string, string | undefined> = process.env): LeadCrmEnv {
  return parseEnv('lead-crm', leadCrmEnvSchema, env);
}
