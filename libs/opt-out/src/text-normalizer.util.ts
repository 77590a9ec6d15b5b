import unhomoglyph from 'unhomoglyph';

/**
 * Normalisation of an inbound text for consent recognition. Everything here is precomputed in module scope;
 * a call allocates only the strings it returns.
 *
 * Steps, in order (sources: Unicode UAX #15 for NFKC, UTS #39 confusables.txt via `unhomoglyph`):
 * 1. cut to {@link MAX_RECOGNISED_CHARS} characters (a long text is still read: opt-outs come first in practice);
 * 2. NFKC (fullwidth "ＳＴＯＰ" -> "STOP", ligatures, circled letters);
 * 3. remove format and invisible characters (Unicode category Cf: U+200B..U+200D, U+2060, U+FEFF, soft hyphen,
 *    bidi marks) and variation selectors;
 * 4. note a stop-sign emoji (U+1F6D1, U+26D4), then drop pictographs and other symbols;
 * 5. NFD and remove combining marks (diacritics: "arrêt" -> "arret", "envíes" -> "envies");
 * 6. map every remaining non-ASCII character through the UTS #39 confusables skeleton (Cyrillic "ЅТОР" -> "STOP",
 *    Greek omicron -> "o");
 * 7. lower case; typographic apostrophes to "'"; French elisions split ("m'envoyez" -> "m envoyez"), other
 *    apostrophes dropped ("don't" -> "dont"); leetspeak inside words ("st0p" -> "stop", "$top" -> "stop");
 * 8. letter-spaced words joined ("s t o p", "S.T.O.P" -> "stop"), runs of 3+ equal letters squeezed ("stooop");
 * 9. split into clauses at sentence punctuation, then into words; "do not"/"will not"/"cannot" contracted
 *    ("dont"/"wont"/"cant"); a word or a run of up to 4 words repeated in a row kept once ("STOP STOP STOP" ->
 *    "stop", "stop all stop all" -> "stop all").
 */
export interface NormalizedConsentText {
  /** Words per clause, in order; empty clauses dropped. */
  clauses: readonly (readonly string[])[];
  /** All words of the message in order, a word or short run repeated in a row kept once. */
  words: readonly string[];
  /** True when the text held a stop-sign emoji (🛑 U+1F6D1 or ⛔ U+26D4). */
  hasStopSign: boolean;
}

/** Longest text read (10 SMS segments of 160 characters); the rest is ignored. */
export const MAX_RECOGNISED_CHARS = 1600;

/** Format characters (Cf: zero-width space/joiners, word joiner, BOM, bidi marks, soft hyphen) and Hangul fillers.
 * Variation selectors and the combining grapheme joiner are marks (Mn): step 5 removes them. */
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0]/gu;
const STOP_SIGN = /\u{1F6D1}|\u26D4/u;
const SYMBOLS = /[\p{Extended_Pictographic}\p{So}\p{Sk}\p{Sm}]/gu;
const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[\u0080-\u{10FFFF}]/gu;
const APOSTROPHES = /['\u2018\u2019\u201B\u2032\u02BC\u02BB`\u00B4]/g;
const APOSTROPHE = /'/g;
const FRENCH_ELISION = /\b(qu|[lmdjnst])'/g;
const DOLLAR_S = /\$(?=[a-z])/g;
const LEET_WORD = /\b(?=[a-z0-9@]*[a-z])(?=[a-z0-9@]*[0-9@])[a-z0-9@]{3,}\b/g;
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a' };
const LEET_CHAR = /[013457@]/g;
/** 3+ single letters separated by one of " . - _ * · •" and standing alone: "s t o p", "S.T.O.P", "s-t-o-p". */
const LETTER_SPACED = /(?<![a-z0-9])[a-z](?:[ .\-_*\u00B7\u2022]+[a-z](?![a-z0-9])){2,}/g;
const LETTER_SEPARATORS = /[ .\-_*\u00B7\u2022]+/g;
/** Digits left inside a word after leetspeak ("stop2quit") split it: "stop 2 quit". */
const DIGITS_IN_WORD = /([a-z])(\d+)(?=[a-z])/g;
const SQUEEZE = /([a-z])\1{2,}/g;
const CLAUSE_BREAK = /[.!?;:,\n\r\u2026|()[\]{}"\u00A1\u00BF]+|\s[-\u2013\u2014]+\s/;
const HORIZONTAL_SPACE = /[^\S\r\n]+/g;
const NON_WORD = /[^a-z0-9#\s]+/g;
const SPACES = /\s+/;
const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bdo not\b/g, 'dont'],
  [/\bdoes not\b/g, 'doesnt'],
  [/\bdid not\b/g, 'didnt'],
  [/\bwill not\b/g, 'wont'],
  [/\bcan not\b|\bcannot\b/g, 'cant'],
  [/\bis not\b/g, 'isnt'],
  [/\bwould not\b/g, 'wouldnt'],
  [/\bshould not\b/g, 'shouldnt'],
  [/\bopt-out\b/g, 'opt out'],
];

const skeletonCache = new Map<string, string>();

/** The ASCII look-alike of one non-ASCII character (UTS #39 skeleton), or the character itself. */
function skeletonOf(ch: string): string {
  const cached = skeletonCache.get(ch);
  if (cached !== undefined) return cached;
  let out = ch;
  for (const candidate of [ch, ch.toUpperCase(), ch.toLowerCase()]) {
    const mapped = unhomoglyph(candidate);
    if (mapped !== candidate && !NON_ASCII_TEST.test(mapped)) {
      // The skeleton folds I and l together ("l"); an upper-case look-alike (Cyrillic І, Greek Ι) is an I.
      out = mapped === 'l' && ch !== ch.toLowerCase() ? 'I' : mapped;
      break;
    }
  }
  if (skeletonCache.size < 10_000) skeletonCache.set(ch, out);
  return out;
}
const NON_ASCII_TEST = /[\u0080-\u{10FFFF}]/u;

/** Folds `raw` to comparable lower-case ASCII-ish text (steps 1-8 of {@link NormalizedConsentText}). */
export function foldConsentText(raw: string): { folded: string; hasStopSign: boolean } {
  let s = raw.length > MAX_RECOGNISED_CHARS ? raw.slice(0, MAX_RECOGNISED_CHARS) : raw;
  s = s.normalize('NFKC').replace(INVISIBLE, '');
  const hasStopSign = STOP_SIGN.test(s);
  s = s.replace(SYMBOLS, ' ').normalize('NFD').replace(COMBINING_MARKS, '');
  s = s.replace(NON_ASCII, skeletonOf).toLowerCase().replace(HORIZONTAL_SPACE, ' ');
  s = s
    .replace(APOSTROPHES, "'")
    .replace(FRENCH_ELISION, '$1 ')
    .replace(APOSTROPHE, '')
    .replace(DOLLAR_S, 's')
    .replace(LEET_WORD, (w) => w.replace(LEET_CHAR, (c) => LEET[c] ?? c))
    .replace(LETTER_SPACED, (w) => w.replace(LETTER_SEPARATORS, ''))
    .replace(DIGITS_IN_WORD, '$1 $2 ')
    .replace(SQUEEZE, '$1');
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  return { folded: s, hasStopSign };
}

/** Longest run of words that is dropped when repeated right after itself ("stop all stop all"). */
const MAX_REPEATED_RUN = 4;

/** Removes runs of 1..MAX_REPEATED_RUN words that repeat right after themselves, in place. */
function dropRepeats(words: string[]): string[] {
  for (let len = 1; len <= MAX_REPEATED_RUN; len++) {
    for (let i = 0; i + 2 * len <= words.length; ) {
      let same = true;
      for (let k = 0; k < len && same; k++) same = words[i + k] === words[i + len + k];
      if (same) words.splice(i + len, len);
      else i++;
    }
  }
  return words;
}

/** Splits folded text into words, dropping a word or short run of words repeated right after itself. */
function wordsOf(clause: string): string[] {
  return dropRepeats(clause.replace(NON_WORD, ' ').split(SPACES).filter((w) => w.length > 0));
}

/**
 * Normalises an inbound SMS body for {@link recognizeConsentReply}: never throws; any string (including empty,
 * control characters or lone surrogates) gives a result.
 */
export function normalizeConsentText(raw: string): NormalizedConsentText {
  const { folded, hasStopSign } = foldConsentText(raw);
  const clauses: string[][] = [];
  const words: string[] = [];
  for (const part of folded.split(CLAUSE_BREAK)) {
    const clauseWords = wordsOf(part);
    if (clauseWords.length === 0) continue;
    clauses.push(clauseWords);
    words.push(...clauseWords);
  }
  return { clauses, words: dropRepeats(words), hasStopSign };
}
