import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

/** Environment of messaging: the shared variables plus its own (see README.md). */
export const messagingEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3002),
});
export type MessagingEnv = z.infer<typeof messagingEnvSchema>;

/**
 * Reads and validates messaging's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadMessagingEnv(env: Record<string, string | undefined> = process.env): MessagingEnv {
  return parseEnv('messaging', messagingEnvSchema, env);
}
