import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

/** Environment of conversation-ai: the shared variables plus its own (see README.md). */
export const conversationAiEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3003),
});
export type ConversationAiEnv = z.infer<typeof conversationAiEnvSchema>;

/**
 * Reads and validates conversation-ai's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadConversationAiEnv(env: Record<string, string | undefined> = process.env): ConversationAiEnv {
  return parseEnv('conversation-ai', conversationAiEnvSchema, env);
}
