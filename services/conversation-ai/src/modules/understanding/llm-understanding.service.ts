import { ChatOpenAI } from '@langchain/openai';
import { hazardSchema, intentSchema } from '@textback/contracts';
import { z } from 'zod';
import { readUrgencyAnswer, safetyLineFor } from './emergency-detector.util';
import { extractPlace } from './place-extractor.util';
import { matchService } from './service-matcher.util';
import { normalizeText, tokenize } from './text-normalizer.util';
import { extractPreferredTime } from './time-extractor.util';
import { type Understanding, type UnderstandingContext } from './understanding.types';

/**
 * The structured output asked of the model (OpenAI tool/function calling with this JSON Schema).
 * The model only classifies and quotes the caller's words; times are resolved by chrono-node
 * and replies come from templates, so it cannot invent prices, times or promises.
 */
export const llmTriageSchema = z.object({
  intent: intentSchema.describe('What the caller wants from the business they just called.'),
  urgency: z.enum(['emergency', 'soon', 'routine', 'none']).describe('emergency = danger to people or property now; none = spam, wrong number, opt-out, chit-chat.'),
  hazard: hazardSchema.nullable().describe('Kind of danger when urgency is emergency, else null.'),
  serviceWords: z.string().nullable().describe("The caller's own words naming the job or service, else null."),
  placeWords: z.string().nullable().describe("The caller's own words naming a city, area or zip code, else null."),
  timeWords: z.string().nullable().describe("The caller's own words giving a preferred time, else null."),
  name: z.string().nullable().describe('The name the caller gives for themselves, else null.'),
  asksForHuman: z.boolean().describe('True when the caller asks to talk to a person.'),
  confidence: z.number().min(0).max(1),
});
export type LlmTriage = z.infer<typeof llmTriageSchema>;

/** Settings of the OpenAI-compatible endpoint. */
export interface LlmSettings {
  apiKey: string;
  /** e.g. `https://api.openai.com/v1` or a local server; default OpenAI's. */
  baseUrl?: string;
  model: string;
  /** Per-request timeout, milliseconds. */
  timeoutMs: number;
}

const SYSTEM_PROMPT = [
  'You triage text messages that callers send to a local service business (plumbing, HVAC, electrical, auto repair, clinics, salons) after a missed call.',
  'Classify the message. A missed emergency is the worst error: danger to people or property now (gas smell, fire, smoke, sparks, flooding, no heat in freezing weather, brake failure, medical danger) is urgency "emergency" and intent "emergency",',
  'unless the caller says it is not an emergency or that the danger is over. Quote the caller\'s own words for service, place and time; never invent them.',
].join(' ');

/**
 * Understanding through an OpenAI-compatible chat-completions endpoint with @langchain/openai
 * (ChatOpenAI.withStructuredOutput, function calling against {@link llmTriageSchema}).
 * Catalogue, place and time are then matched deterministically on the caller's words.
 * @throws any transport, timeout or schema error; the caller falls back to the rules.
 */
export class LlmUnderstanding {
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

  async understand(text: string, context: UnderstandingContext, now: Date): Promise<Understanding> {
    const raw = (await this.runnable.invoke([
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: text.slice(0, 2_000) },
    ])) as unknown;
    const out = llmTriageSchema.parse(raw);
    const tokens = tokenize(normalizeText(text));
    const service = matchService(out.serviceWords ? tokenize(normalizeText(out.serviceWords)) : tokens, context.services) ?? matchService(tokens, context.services);
    const emergency = out.intent === 'emergency' || out.urgency === 'emergency';
    const urgency = emergency ? 'emergency' : out.urgency;
    return {
      intent: emergency ? 'emergency' : out.intent,
      urgency,
      confidence: out.confidence,
      hazard: emergency ? out.hazard : null,
      emergencyCue: emergency ? (out.serviceWords ?? 'emergency (model)') : null,
      safetyLine: emergency
        ? safetyLineFor(out.hazard, {
            ...(context.countryCode ? { countryCode: context.countryCode } : {}),
            ...(context.forwardToE164 ? { forwardToE164: context.forwardToE164 } : {}),
          })
        : null,
      urgencyQuestion: null,
      urgencyAnswer: readUrgencyAnswer(text.slice(0, 2_000)),
      service,
      serviceText: service?.text ?? out.serviceWords,
      place: out.placeWords ? extractPlace(out.placeWords, context.serviceArea) ?? { text: out.placeWords, city: out.placeWords, inServiceArea: null } : extractPlace(text, context.serviceArea),
      when: extractPreferredTime(normalizeText(out.timeWords ?? text), context.timeZone ?? 'UTC', now),
      name: out.name,
      asksForHuman: out.asksForHuman,
      method: 'llm',
    };
  }
}
