import { newStemmer } from 'snowball-stemmers';

/** Longest message understanding looks at, in characters (a long text is cut, not rejected). */
export const MAX_MESSAGE_CHARS = 2_000;

/** Emoji that carry meaning for triage, replaced by words before matching. */
const EMOJI_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/🔥/gu, ' fire '],
  [/💨/gu, ' smoke '],
  [/⚡|🔌/gu, ' sparks '],
  [/💧|💦|🌊/gu, ' water '],
  [/🚨|🆘/gu, ' emergency '],
  [/🥶|❄️?/gu, ' freezing '],
  [/📅|🗓️?/gu, ' appointment '],
  [/🚗|🚙/gu, ' car '],
];

/**
 * Normalizes a caller's text for rule matching: cuts it to {@link MAX_MESSAGE_CHARS}, maps
 * meaningful emoji to words and drops the rest, unifies apostrophes and quotes, lower-cases,
 * expands common SMS shorthand ("pls", "u", "appt", "asap") and collapses whitespace.
 * Pure; never throws.
 */
export function normalizeText(raw: string): string {
  let t = raw.slice(0, MAX_MESSAGE_CHARS);
  for (const [re, word] of EMOJI_WORDS) t = t.replace(re, word);
  t = t
    .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}/gu, ' ')
    .replace(/[\u2018\u2019\u02BC`´]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .toLowerCase();
  const shorthand: ReadonlyArray<[RegExp, string]> = [
    [/\bpl[sz]e?\b/g, 'please'],
    [/\bu\b/g, 'you'],
    [/\bur\b/g, 'your'],
    [/\bappts?\b/g, 'appointment'],
    [/\bapo?intments?\b/g, 'appointment'],
    [/\b(?:thx|thanx|ty)\b/g, 'thanks'],
    [/\bim\b/g, "i'm"],
    [/\bcant\b/g, "can't"],
    [/\bdont\b/g, "don't"],
    [/\bwont\b/g, "won't"],
    [/\bisnt\b/g, "isn't"],
    [/\bdoesnt\b/g, "doesn't"],
    [/\bwhos\b/g, "who's"],
    [/\bb4\b/g, 'before'],
    [/\bnite\b/g, 'night'],
    [/\b(?:tmrw|tmr|tomoz|2moro|2morrow)\b/g, 'tomorrow'],
    [/\ba\/c\b/g, 'ac'],
  ];
  for (const [re, word] of shorthand) t = t.replace(re, word);
  return t.replace(/\s+/g, ' ').trim();
}

/** Splits normalized text into clauses (sentences and comma/"but" parts) for negation scope. */
export function splitClauses(text: string): string[] {
  return text
    .split(/[.!?;\n]+|,|\bbut\b|\bhowever\b|\bthough\b/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

/** Word tokens (letters, digits, apostrophes) of normalized text. */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}']+/gu) ?? [];
}

const english = newStemmer('english');
const STEMS = new Map<string, string>();

/**
 * Snowball English stem (snowballstem.org, the snowball-stemmers package) of a lower-case word,
 * apostrophes dropped ("leaking" -> "leak", "batteries" -> "batteri"); cached up to 50 000 words.
 */
export function stemEnglish(word: string): string {
  let s = STEMS.get(word);
  if (s === undefined) {
    s = english.stem(word.replace(/'/g, ''));
    if (STEMS.size >= 50_000) STEMS.clear();
    STEMS.set(word, s);
  }
  return s;
}
