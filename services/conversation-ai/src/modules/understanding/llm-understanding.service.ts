import { readUrgencyAnswer, safetyLineFor } from './emergency-detector.util';
import { extractPlace } from './place-extractor.util';
import { type TriageModel } from './port/triage-model.port';
import { isOnlyStopWords, matchService } from './service-matcher.util';
import { normalizeText, tokenize } from './text-normalizer.util';
import { changesPreferredTime, extractPreferredTime } from './time-extractor.util';
import { type Understanding, type UnderstandingContext } from './understanding.types';

/** The longest caller text handed to the model, characters (the rest is cut). */
const MAX_MODEL_TEXT_CHARS = 2_000;

/**
 * Understanding through a language model behind the {@link TriageModel} port (wired with the OpenAI-compatible
 * adapter, `adapters/openai/`, when OPENAI_API_KEY is set): the model classifies and quotes the caller's words;
 * catalogue, place and time are then matched deterministically on those words.
 * @throws whatever the model throws (transport, timeout, schema); the caller falls back to the rules.
 */
export class LlmUnderstanding {
  constructor(private readonly model: TriageModel) {}

  async understand(text: string, context: UnderstandingContext, now: Date): Promise<Understanding> {
    const out = await this.model.triage(text.slice(0, MAX_MODEL_TEXT_CHARS));
    const tokens = tokenize(normalizeText(text));
    const service = matchService(out.serviceWords ? tokenize(normalizeText(out.serviceWords)) : tokens, context.services) ?? matchService(tokens, context.services);
    const emergency = out.intent === 'emergency' || out.urgency === 'emergency';
    const urgency = emergency ? 'emergency' : out.urgency;
    const when = extractPreferredTime(normalizeText(out.timeWords ?? text), context.timeZone ?? 'UTC', now);
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
      urgencyAnswer: readUrgencyAnswer(text.slice(0, MAX_MODEL_TEXT_CHARS)),
      service,
      serviceText: service?.text ?? (out.serviceWords && !isOnlyStopWords(out.serviceWords) ? out.serviceWords : null),
      place: out.placeWords ? extractPlace(out.placeWords, context.serviceArea) ?? { text: out.placeWords, city: out.placeWords, inServiceArea: null } : extractPlace(text, context.serviceArea),
      when,
      changesTime: changesPreferredTime(normalizeText(text), when),
      name: out.name,
      asksForHuman: out.asksForHuman,
      method: 'llm',
    };
  }
}
