import { hazardSchema, intentSchema } from '@textback/contracts';
import { z } from 'zod';

/**
 * The structured answer asked of a language model for one caller text. The model only classifies and quotes the
 * caller's words; times are resolved by chrono-node and replies come from templates, so it cannot invent prices,
 * times or promises.
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

/** The instructions every triage model is given with the caller's text (the system message of a chat model). */
export const TRIAGE_INSTRUCTIONS = [
  'You triage text messages that callers send to a local service business (plumbing, HVAC, electrical, auto repair, clinics, salons) after a missed call.',
  'Classify the message. A missed emergency is the worst error: danger to people or property now (gas smell, fire, smoke, sparks, flooding, no heat in freezing weather, brake failure, medical danger) is urgency "emergency" and intent "emergency",',
  'unless the caller says it is not an emergency or that the danger is over. Quote the caller\'s own words for service, place and time; never invent them.',
].join(' ');

/**
 * The port every language model sits behind for conversation-ai: one caller text in, the structured triage out.
 * Adapters: `adapters/openai/` (an OpenAI-compatible chat-completions endpoint through @langchain/openai).
 */
export interface TriageModel {
  /**
   * Asks the model to triage `text` (already cut to the length the caller allows) under {@link TRIAGE_INSTRUCTIONS}.
   * @returns the answer, validated against {@link llmTriageSchema}.
   * @throws on any transport error, timeout, HTTP error, or an answer that is not JSON or violates the schema; the
   *   caller falls back to the deterministic rules.
   */
  triage(text: string): Promise<LlmTriage>;
}
