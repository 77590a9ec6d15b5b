import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

/** Environment of conversation-ai: the shared variables plus its own (see README.md). */
export const conversationAiEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3003),
  /** YAML/JSON list of location configs loaded at boot (before lead-crm publishes them). */
  LOCATION_CONFIG_FILE: optionalText,
  /** OpenAI (or compatible) API key; when empty, understanding is deterministic only. */
  OPENAI_API_KEY: optionalText,
  /** Base URL of an OpenAI-compatible endpoint, e.g. `http://127.0.0.1:8080/v1`; default OpenAI's. */
  OPENAI_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Timeout of one LLM request, milliseconds; on timeout the rules answer. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4_000),
  /** Most automated replies per conversation (safety lines excepted); then a person is asked in. */
  CONVERSATION_MAX_BOT_MESSAGES: z.coerce.number().int().min(1).max(50).default(6),
  /** Caller messages without progress before a handoff is requested. */
  CONVERSATION_MAX_STALLED_TURNS: z.coerce.number().int().min(1).max(20).default(3),
});
export type ConversationAiEnv = z.infer<typeof conversationAiEnvSchema>;

/**
 * Reads and validates conversation-ai's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadConversationAiEnv(env: Record<string, string | undefined> = process.env): ConversationAiEnv {
  return parseEnv('conversation-ai', conversationAiEnvSchema, env);
}
