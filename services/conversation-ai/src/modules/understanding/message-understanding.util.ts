import { detectEmergency, readUrgencyAnswer } from './emergency-detector.util';
import { classifyIntent, type IntentModelOption } from './intent-classifier.util';
import { squeezeElongations } from './elongation.util';
import { correctHazardTypos } from './hazard-typos.util';
import { extractName } from './name-extractor.util';
import { extractPlace } from './place-extractor.util';
import { findServiceWords, matchService } from './service-matcher.util';
import { normalizeText, tokenize } from './text-normalizer.util';
import { changesPreferredTime, extractPreferredTime } from './time-extractor.util';
import { type Understanding, type UnderstandingContext } from './understanding.types';

/**
 * Deterministic understanding of one caller text (no network, no I/O): intent, urgency, hazard
 * and safety line (or the urgency question for a hazard the rules are unsure about), the answer to that question,
 * the service from the location's catalogue, place, preferred time (resolved in
 * `context.timeZone`, default UTC) and name. Accepts any string: empty text is `other`, text
 * longer than MAX_MESSAGE_CHARS is cut, emoji that mean danger ("🔥") count as words, stretched letters are undone
 * ("heeelp" -> "help": squeezeElongations).
 * @param now the instant the message was received (reference for "tomorrow at 3").
 * @param options.intentModel a statistical model the intent rules consult when none of them decides (off by default).
 */
export function understandMessage(
  raw: string,
  context: UnderstandingContext = {},
  now: Date = new Date(),
  options: { intentModel?: IntentModelOption } = {},
): Understanding {
  const normalized = correctHazardTypos(normalizeText(squeezeElongations(raw)));
  const tokens = tokenize(normalized);
  const service = matchService(tokens, context.services);
  const emergency = detectEmergency(normalized, {
    ...(context.vertical ? { vertical: context.vertical } : {}),
    ...(context.countryCode ? { countryCode: context.countryCode } : {}),
    ...(context.forwardToE164 ? { forwardToE164: context.forwardToE164 } : {}),
    ...(context.services ? { services: context.services } : {}),
    matchedServiceId: service?.serviceId ?? null,
  });
  const verdict = classifyIntent(normalized, raw, emergency, service !== null, options.intentModel, context.vertical);
  const detailsApply = verdict.intent !== 'spam' && verdict.intent !== 'wrong_number' && verdict.intent !== 'opt_out';
  const when = detailsApply ? extractPreferredTime(normalized, context.timeZone ?? 'UTC', now) : null;
  return {
    intent: verdict.intent,
    urgency: verdict.urgency,
    confidence: verdict.confidence,
    hazard: verdict.intent === 'emergency' ? emergency.hazard : null,
    emergencyCue: verdict.intent === 'emergency' ? emergency.cue : null,
    safetyLine: verdict.intent === 'emergency' ? emergency.safetyLine : null,
    urgencyQuestion: verdict.intent === 'emergency' || verdict.intent === 'opt_out' || verdict.intent === 'spam' ? null : emergency.question,
    urgencyAnswer: readUrgencyAnswer(raw.slice(0, 2_000)),
    service: detailsApply ? service : null,
    serviceText: detailsApply ? (service?.text ?? findServiceWords(tokens)) : null,
    place: detailsApply ? extractPlace(raw.slice(0, 2_000), context.serviceArea) : null,
    when,
    changesTime: changesPreferredTime(normalized, when),
    name: detailsApply ? extractName(raw.slice(0, 2_000)) : null,
    asksForHuman: verdict.asksForHuman,
    method: 'rules',
  };
}
