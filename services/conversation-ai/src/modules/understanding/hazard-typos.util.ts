import { editDistance } from './fuzzy-match.util';

/**
 * Danger words worth correcting when misspelled: six letters or more and without common English
 * neighbours one typo away (so not "melting"/"meeting", "burst"/"burnt", "brakes"/"brake").
 */
export const HAZARD_WORDS: readonly string[] = [
  'furnace', 'breaker', 'sparking', 'flooding', 'monoxide', 'electrical', 'electrocuted', 'ceiling', 'basement', 'emergency', 'sewage', 'overflowing',
  'gushing', 'spraying', 'breathe', 'unconscious', 'seizure', 'intruder', 'propane',
];
const KNOWN = new Set(HAZARD_WORDS);
/**
 * Short danger words (4-5 letters) corrected only when two neighbouring letters after the first are swapped ("chest pian",
 * "smoek", "chset"), the commonest slip of a thumb: no swap of these makes another English word. Other typos of short
 * words are left alone (one substitution away lie real words: "pain"/"paid", "fire"/"fine").
 */
const SHORT_HAZARD_WORDS = ['pain', 'fire', 'smoke', 'chest', 'blood', 'bleed', 'spark', 'flood', 'burst', 'choke', 'smell'];
const SWAPPED = new Map<string, string>();
for (const target of SHORT_HAZARD_WORDS) {
  for (let i = 1; i + 1 < target.length; i++) {
    if (target[i] === target[i + 1]) continue;
    SWAPPED.set(target.slice(0, i) + (target[i + 1] ?? '') + (target[i] ?? '') + target.slice(i + 2), target);
  }
}
/** Real words one typo away from a danger word, which must not be "corrected" ("sparkling water"). */
const NOT_TYPOS = new Set(['sparkling', 'sparring', 'breakers', 'breeder', 'emergence', 'seizures', 'intruders', 'ceilings', 'basements']);

/**
 * Replaces misspelled danger words in normalized text by their correct form ("furnance" ->
 * "furnace", "emergancy" -> "emergency", "breath" -> "breathe", "pian" -> "pain") so the emergency cues still match:
 * one typo for words of 6-8 letters, two from 9; for SHORT_HAZARD_WORDS one swap of neighbouring letters. Other words
 * are left alone.
 */
export function correctHazardTypos(normalized: string): string {
  return normalized.replace(/[a-z]{4,}/g, (word) => {
    const swapped = SWAPPED.get(word);
    if (swapped) return swapped;
    if (word.length < 6) return word;
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
