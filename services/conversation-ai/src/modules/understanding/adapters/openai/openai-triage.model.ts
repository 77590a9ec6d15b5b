import { ChatOpenAI } from '@langchain/openai';
import { llmTriageSchema, TRIAGE_INSTRUCTIONS, type LlmTriage, type TriageModel } from '../../port/triage-model.port';

/** Settings of the OpenAI-compatible endpoint. */
export interface LlmSettings {
  apiKey: string;
  /** e.g. `https://api.openai.com/v1` or a local server; default OpenAI's. */
  baseUrl?: string;
  model: string;
  /** Per-request timeout, milliseconds. */
  timeoutMs: number;
}

/**
 * {@link TriageModel} on an OpenAI-compatible chat-completions endpoint (`POST <baseUrl>/chat/completions`,
 * https://platform.openai.com/docs/api-reference/chat/create) with @langchain/openai: `ChatOpenAI.withStructuredOutput`,
 * function calling forced on the tool `triage_message` whose parameters are {@link llmTriageSchema}; temperature 0,
 * no retries, `timeoutMs` per request.
 */
export class OpenAiTriageModel implements TriageModel {
  private readonly runnable;

  constructor(settings: LlmSettings) {
    const model = new ChatOpenAI({
      apiKey: settings.apiKey,
      model: settings.model,
      temperature: 0,
      timeout: settings.timeoutMs,
      maxRetries: 0,
      ...(settings.baseUrl ? { configuration: { baseURL: settings.baseUrl } } : {}),
    });
    this.runnable = model.withStructuredOutput(llmTriageSchema, { name: 'triage_message', method: 'functionCalling' });
  }

  /** @throws the client's transport, timeout and HTTP errors, and a ZodError (or the parser's error) on a malformed answer. */
  async triage(text: string): Promise<LlmTriage> {
    const raw = (await this.runnable.invoke([
      { role: 'system', content: TRIAGE_INSTRUCTIONS },
      { role: 'user', content: text },
    ])) as unknown;
    return llmTriageSchema.parse(raw);
  }
}
