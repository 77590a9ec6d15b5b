import { editDistance } from './fuzzy-match.util';

/**
 * Danger words worth correcting when misspelled: six letters or more and without common English
 * neighbours one typo away (so not "melting"/"meeting", "burst"/"burnt", "brakes"/"brake").
 */
const HAZARD_WORDS = [
  'furnace', 'breaker', 'sparking', 'flooding', 'monoxide', 'electrical', 'electrocuted', 'ceiling', 'basement', 'emergency', 'sewage', 'overflowing',
  'gushing', 'spraying', 'breathe', 'unconscious', 'seizure', 'intruder', 'propane',
];
const KNOWN = new Set(HAZARD_WORDS);
/** Real words one typo away from a danger word, which must not be "corrected" ("sparkling water"). */
const NOT_TYPOS = new Set(['sparkling', 'sparring', 'breakers', 'breeder', 'emergence', 'seizures', 'intruders', 'ceilings', 'basements']);

/**
 * Replaces misspelled danger words in normalized text by their correct form ("furnance" ->
 * "furnace", "emergancy" -> "emergency", "breath" -> "breathe") so the emergency cues still match:
 * one typo for words of 6-8 letters, two from 9. Other words are left alone.
 */
export function correctHazardTypos(normalized: string): string {
  return normalized.replace(/[a-z]{6,}/g, (word) => {
    if (KNOWN.has(word) || NOT_TYPOS.has(word)) return word;
    for (const target of HAZARD_WORDS) {
      const max = target.length >= 9 ? 2 : 1;
      if (Math.abs(word.length - target.length) > max) continue;
      if (word[0] !== target[0]) continue;
      if (editDistance(word, target, max) <= max) return target;
    }
    return word;
  });
}
