import { newStemmer, type SnowballStemmer } from 'snowball-stemmers';
import type { ConsentLanguage } from './vocabulary/opt-out-vocabulary.constants';

/** Snowball stemmers (snowballstem.org) for the vocabulary's languages, built once. */
const STEMMERS: Readonly<Record<ConsentLanguage, SnowballStemmer>> = {
  en: newStemmer('english'),
  es: newStemmer('spanish'),
  fr: newStemmer('french'),
};

/** Stems already computed, per language; bounded so a flood of unique words cannot grow it without limit. */
const STEM_CACHE: Readonly<Record<ConsentLanguage, Map<string, string>>> = {
  en: new Map(),
  es: new Map(),
  fr: new Map(),
};
const STEM_CACHE_LIMIT = 50_000;

/** Snowball stem of a normalised word in `language` (cached). */
export function stemWord(word: string, language: ConsentLanguage): string {
  const cache = STEM_CACHE[language];
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = STEMMERS[language].stem(word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, stem);
  }
  return stem;
}

/** One compiled pattern token. */
type TokenMatcher =
  | { type: 'word'; words: ReadonlySet<string>; stems: ReadonlySet<string>; optional: boolean }
  | { type: 'gap'; max: number }
  | { type: 'end' };

/** A phrase pattern compiled for one language (syntax: ConsentVocabularyEntry.phrase). */
export interface CompiledTokenPattern {
  language: ConsentLanguage;
  tokens: readonly TokenMatcher[];
}

/** Words of one clause; their stems per language are computed on first use, word by word. */
export class ClauseWords {
  private readonly stems = new Map<ConsentLanguage, (string | undefined)[]>();

  constructor(readonly words: readonly string[]) {}

  /** Stem of word `index` in `language`, or undefined past the end. */
  stemAt(index: number, language: ConsentLanguage): string | undefined {
    const word = this.words[index];
    if (word === undefined) return undefined;
    let stems = this.stems.get(language);
    if (!stems) {
      stems = new Array<string | undefined>(this.words.length);
      this.stems.set(language, stems);
    }
    return (stems[index] ??= stemWord(word, language));
  }
}

/**
 * Compiles a phrase pattern: tokens separated by spaces; `a|b` alternatives of the normalised word; a leading `~`
 * compares the alternatives (stemmed here) with the word's stem; an `@name` alternative expands a class; a trailing
 * `?` makes the token optional; `*N` skips 0..N words; `$` matches only at the end of the clause. Throws Error on an unknown class or an empty token
 * (vocabulary bugs, caught by the unit tests at load).
 */
export function compileTokenPattern(
  pattern: string,
  language: ConsentLanguage,
  classes: Readonly<Record<string, string>>,
): CompiledTokenPattern {
  const tokens: TokenMatcher[] = [];
  for (const raw of pattern.trim().split(/\s+/)) {
    if (raw === '$') {
      tokens.push({ type: 'end' });
      continue;
    }
    const gap = /^\*(\d)$/.exec(raw);
    if (gap) {
      tokens.push({ type: 'gap', max: Number(gap[1]) });
      continue;
    }
    const optional = raw.endsWith('?') && raw.length > 1;
    const body = optional ? raw.slice(0, -1) : raw;
    const words = new Set<string>();
    const stems = new Set<string>();
    addAlternatives(body, language, classes, words, stems, 0);
    if (words.size === 0 && stems.size === 0) throw new Error(`empty token "${raw}" in pattern "${pattern}"`);
    tokens.push({ type: 'word', words, stems, optional });
  }
  return { language, tokens };
}

function addAlternatives(
  body: string,
  language: ConsentLanguage,
  classes: Readonly<Record<string, string>>,
  words: Set<string>,
  stems: Set<string>,
  depth: number,
): void {
  const byStem = body.startsWith('~');
  for (const alt of (byStem ? body.slice(1) : body).split('|')) {
    if (alt.length === 0) continue;
    if (alt.startsWith('@')) {
      const cls = classes[alt.slice(1)];
      if (cls === undefined || depth > 3) throw new Error(`unknown token class "${alt}"`);
      addAlternatives(cls, language, classes, words, stems, depth + 1);
    } else if (byStem) {
      stems.add(alt);
      stems.add(stemWord(alt, language));
    } else {
      words.add(alt);
    }
  }
}

/** A match of a pattern in a clause: word indexes [start, end). */
export interface TokenPatternMatch {
  start: number;
  end: number;
}

/** First (leftmost, then shortest) match of `pattern` in `clause`, or undefined. */
export function matchTokenPattern(pattern: CompiledTokenPattern, clause: ClauseWords): TokenPatternMatch | undefined {
  const n = clause.words.length;
  for (let start = 0; start < n; start++) {
    const end = matchFrom(pattern, clause, 0, start);
    if (end !== undefined && end > start) return { start, end };
  }
  return undefined;
}

function matchFrom(pattern: CompiledTokenPattern, clause: ClauseWords, ti: number, wi: number): number | undefined {
  if (ti === pattern.tokens.length) return wi;
  const token = pattern.tokens[ti];
  if (!token) return undefined;
  if (token.type === 'end') return wi === clause.words.length ? matchFrom(pattern, clause, ti + 1, wi) : undefined;
  if (token.type === 'gap') {
    for (let skip = 0; skip <= token.max && wi + skip <= clause.words.length; skip++) {
      const end = matchFrom(pattern, clause, ti + 1, wi + skip);
      if (end !== undefined) return end;
    }
    return undefined;
  }
  if (wi < clause.words.length && wordMatches(token, clause, wi, pattern.language)) {
    const end = matchFrom(pattern, clause, ti + 1, wi + 1);
    if (end !== undefined) return end;
  }
  return token.optional ? matchFrom(pattern, clause, ti + 1, wi) : undefined;
}

function wordMatches(
  token: { words: ReadonlySet<string>; stems: ReadonlySet<string> },
  clause: ClauseWords,
  wi: number,
  language: ConsentLanguage,
): boolean {
  const word = clause.words[wi];
  if (word === undefined) return false;
  if (token.words.has(word)) return true;
  if (token.stems.size === 0) return false;
  if (token.stems.has(word)) return true;
  const stem = clause.stemAt(wi, language);
  return stem !== undefined && token.stems.has(stem);
}
