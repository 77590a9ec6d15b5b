import clinc150 from './intent-corpus/clinc150-intents.json';
import { HAZARD_CATALOGUE, HAZARD_TOKEN_CLASSES, PLEA_CUES, SOON_CUES } from './hazards/hazard-catalogue.constants';
import { HAZARD_WORDS } from './hazard-typos.util';
import { stemEnglish } from './text-normalizer.util';

/**
 * Words this module knows, to choose how a stretched word was meant: the words of the vendored CLINC150 utterances
 * (everyday English requests, intent-corpus/clinc150-intents.json) and every word and stem of the hazard catalogue's
 * cues and token classes (hazards/hazard-catalogue.constants.ts) and of the danger words the typo corrector knows.
 * Built once, on first use (about 3 000 words).
 */
let lexicon: { words: Set<string>; stems: Set<string> } | null = null;

function knownWords(): { words: Set<string>; stems: Set<string> } {
  if (lexicon) return lexicon;
  const words = new Set<string>();
  const stems = new Set<string>();
  for (const e of clinc150.examples) for (const w of e.text.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
  const cues = [
    ...HAZARD_CATALOGUE.flatMap((h) => [...h.page, ...(h.ask ?? []), ...(h.escalateWhen ?? []), ...(h.askWhen ?? []), ...(h.notWhen ?? [])]),
    ...Object.values(HAZARD_TOKEN_CLASSES),
    ...PLEA_CUES,
    ...SOON_CUES,
  ];
  for (const cue of cues) {
    if (cue.startsWith('es:')) continue;
    for (const alt of cue.split(/[\s|]+/)) {
      const w = alt.replace(/^~/, '').replace(/\?$/, '');
      if (!/^[a-z]+$/.test(w)) continue;
      if (alt.startsWith('~')) stems.add(w);
      else words.add(w);
    }
  }
  for (const w of HAZARD_WORDS) words.add(w);
  for (const w of words) stems.add(stemEnglish(w));
  lexicon = { words, stems };
  return lexicon;
}

/** Known as a word (pass 0), or through its Snowball stem (pass 1: "leakinggg" -> "leaking", stem "leak"). */
function isKnown(word: string, pass: 0 | 1): boolean {
  const { words, stems } = knownWords();
  return pass === 0 ? words.has(word) : stems.has(stemEnglish(word));
}

/** Words (runs of letters); each is tested for a run of three or more equal letters (no English word has one). */
const WORD = /[a-z]+/gi;
const HAS_RUN = /([a-z])\1\1/i;
const RUN = /([a-z])\1{2,}/gi;
/** Most runs in one word whose two readings are tried (2^4 candidates). */
const MAX_RUNS = 4;

/**
 * Undoes letters stretched for emphasis ("heeelp", "pleeease", "noooo", "I ssssmellll gassss in my basemeeeent"): each
 * run of three or more equal letters in a word becomes one or two letters, the reading a known word (see knownWords)
 * takes (a known word before a known stem), the one with more double letters first ("smellll" -> "smell", "gassss" -> "gas", "tooo" -> "too"); with none
 * known, one letter per run (as @textback/opt-out's normaliser squeezes "stooop"). A word made of one repeated letter
 * ("zzz", "www") is left alone. Case is kept for the letters kept. Pure; never throws; text without such runs is
 * returned as is.
 */
export function squeezeElongations(text: string): string {
  if (!/([a-z])\1\1/i.test(text)) return text;
  // Word by word (linear in the text: no pattern here backtracks across a long word).
  return text.replace(WORD, (word) => {
    if (!HAS_RUN.test(word) || /^([a-z])\1*$/i.test(word)) return word;
    const runs: { start: number; end: number }[] = [];
    for (const m of word.matchAll(RUN)) runs.push({ start: m.index, end: m.index + m[0].length });
    const used = runs.slice(0, MAX_RUNS);
    const build = (mask: number): string => {
      let out = '';
      let at = 0;
      used.forEach((r, i) => {
        out += word.slice(at, r.start) + word.slice(r.start, r.start + ((mask >> i) & 1 ? 2 : 1));
        at = r.end;
      });
      return (out + word.slice(at)).replace(RUN, (run) => run.slice(0, 1));
    };
    const masks = Array.from({ length: 1 << used.length }, (_, m) => m).sort((a, b) => bitCount(b) - bitCount(a) || a - b);
    for (const pass of [0, 1] as const) {
      for (const mask of masks) {
        const candidate = build(mask);
        if (isKnown(candidate.toLowerCase(), pass)) return candidate;
      }
    }
    return build(0);
  });
}

function bitCount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x >>= 1) c += x & 1;
  return c;
}
