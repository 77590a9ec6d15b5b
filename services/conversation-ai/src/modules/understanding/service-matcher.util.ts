import { type LocationConfig } from '@textback/contracts';
import { normalizeText, stemEnglish, tokenize } from './text-normalizer.util';
import { newStemmer } from 'snowball-stemmers';
import { wordsMatch } from './fuzzy-match.util';
import { SPANISH_SERVICE_GLOSSARY } from './service-glossary.constants';
import { NOUN_MARKERS, STOP_WORDS } from './stop-words.constants';
import { type ServiceMatch } from './understanding.types';

type CatalogueEntry = LocationConfig['services'][number];

interface PreparedPhrase {
  serviceId: string;
  name: string;
  tokens: string[];
  /** Stems of the phrase's content words (FUNCTION_WORDS left out), for the order-free match. */
  content: string[];
}

/**
 * Function words left out of the order-free match: determiners, pronouns, prepositions and
 * auxiliaries, a subset of the Snowball English stop-word list (snowballstem.org/algorithms/english/stop.txt, BSD licence).
 */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'my', 'our', 'your', 'his', 'her', 'their', 'its', 'this', 'that', 'these', 'those', 'some', 'any',
  'i', 'me', 'we', 'us', 'you', 'it', 'he', 'she', 'they', 'them', 'of', 'to', 'for', 'in', 'on', 'at', 'by', 'with', 'from',
  'into', 'up', 'out', 'off', 'and', 'or', 'is', 'are', 'was', 'be', 'been', 'get', 'got', 'have', 'has', 'had', 'do', 'does',
]);

const preparedCache = new WeakMap<readonly CatalogueEntry[], PreparedPhrase[]>();

function prepare(services: readonly CatalogueEntry[]): PreparedPhrase[] {
  const hit = preparedCache.get(services);
  if (hit) return hit;
  const phrases: PreparedPhrase[] = [];
  for (const s of services) {
    for (const phrase of [s.name, ...s.synonyms]) {
      const tokens = tokenize(normalizeText(phrase));
      const content = tokens.filter((t) => !FUNCTION_WORDS.has(t)).map(stemEnglish);
      if (tokens.length > 0) phrases.push({ serviceId: s.serviceId, name: s.name, tokens, content });
    }
  }
  preparedCache.set(services, phrases);
  return phrases;
}

/**
 * Matches message tokens against a location's service catalogue (names and synonyms from
 * LocationConfig.services). A phrase matches when each of its words matches consecutive message
 * words up to their Snowball stems and a few typos ("plumbr", "furnance"). The longest phrase wins;
 * an exact match beats a typo-tolerant one. When no phrase matches in order, a phrase of two or
 * more content words matches when their stems all occur, in any order, within a window of
 * content words + 2 message words ("want the locks changed" for "change the locks"; score 0.7).
 * When nothing matches either way, Spanish trade words (SPANISH_SERVICE_GLOSSARY: "aire acondicionado")
 * are matched as their English words (score 0.7, `text` the Spanish words).
 * Stop words (STOP_WORDS: "it", "can", "no", "wait", "ok") are never the need: a stop word of the message matches a
 * catalogue word only exactly, never by typo or Spanish stem ("can" is not "caño"), and a match made only of stop words
 * counts only as a noun, after an article or possessive ("a will", "my will"; not "I will call").
 * Returns null when nothing matches.
 */
export function matchService(tokens: readonly string[], services: readonly CatalogueEntry[] | undefined): ServiceMatch | null {
  if (!services || services.length === 0 || tokens.length === 0) return null;
  const stems = tokens.map(stemEnglish);
  const phrases = prepare(services);
  return matchInOrder(tokens, stems, phrases) ?? matchAnyOrder(tokens, stems, phrases) ?? matchSpanish(tokens, phrases);
}

/** True when every word of `text` is a stop word (STOP_WORDS: "can", "it", "ok"), or it has none: no need is named. */
export function isOnlyStopWords(text: string): boolean {
  return tokenize(normalizeText(text)).every((w) => STOP_WORDS.has(w));
}

/**
 * True when message words `from..to` (exclusive) are all stop words and not a noun after an article or possessive
 * (NOUN_MARKERS, or a name's possessive: "mom's will"; "it's" is no possessive).
 */
function onlyStopWords(tokens: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!STOP_WORDS.has(tokens[i] ?? '')) return false;
  const before = tokens[from - 1] ?? '';
  return !NOUN_MARKERS.has(before) && !(before.endsWith("'s") && !STOP_WORDS.has(before));
}

const spanish = newStemmer('spanish');
/** Lower case, accents removed ("enfría" -> "enfria"), as the glossary is written. */
const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const GLOSSARY = SPANISH_SERVICE_GLOSSARY.map((g) => {
  const es = tokenize(g.es).map(fold);
  const en = tokenize(g.en);
  return { es, esStems: es.map((w) => spanish.stem(w)), en, enStems: en.map(stemEnglish) };
}).sort((a, b) => b.es.length - a.es.length);

/** The catalogue phrase matched by the English words of the longest Spanish glossary phrase in the message, or null. */
function matchSpanish(tokens: readonly string[], phrases: readonly PreparedPhrase[]): ServiceMatch | null {
  const folded = tokens.map(fold);
  const stems = folded.map((w) => spanish.stem(w));
  for (const g of GLOSSARY) {
    for (let i = 0; i + g.es.length <= folded.length; i++) {
      if (!g.es.every((w, j) => folded[i + j] === w || (stems[i + j] === g.esStems[j] && !STOP_WORDS.has(tokens[i + j] ?? '')))) continue;
      if (g.es.every((_, j) => STOP_WORDS.has(tokens[i + j] ?? ''))) continue;
      const english = matchInOrder(g.en, g.enStems, phrases);
      if (english) return { ...english, text: tokens.slice(i, i + g.es.length).join(' '), score: 0.7 };
    }
  }
  return null;
}

/** Order-free match (see matchService): the phrase with most content words whose stems all fall in one short window. */
function matchAnyOrder(tokens: readonly string[], stems: readonly string[], phrases: readonly PreparedPhrase[]): ServiceMatch | null {
  let best: ServiceMatch | null = null;
  let bestLen = 0;
  for (const phrase of phrases) {
    const k = phrase.content.length;
    if (k < 2 || k <= bestLen) continue;
    const width = Math.min(tokens.length, k + 2);
    for (let i = 0; i + width <= tokens.length; i++) {
      const window = stems.slice(i, i + width);
      if (!phrase.content.every((c) => window.includes(c))) continue;
      const positions = phrase.content.map((c) => i + window.indexOf(c));
      const from = Math.min(...positions);
      const to = Math.max(...positions);
      best = { serviceId: phrase.serviceId, name: phrase.name, text: tokens.slice(from, to + 1).join(' '), score: 0.7 };
      bestLen = k;
      break;
    }
  }
  return best;
}

function matchInOrder(tokens: readonly string[], stems: readonly string[], phrases: readonly PreparedPhrase[]): ServiceMatch | null {
  let best: ServiceMatch | null = null;
  let bestLen = 0;
  for (const phrase of phrases) {
    const k = phrase.tokens.length;
    for (let i = 0; i + k <= tokens.length; i++) {
      let exact = true;
      let ok = true;
      for (let j = 0; j < k; j++) {
        const word = tokens[i + j] ?? '';
        const target = phrase.tokens[j] ?? '';
        if (word === target || (stems[i + j] === stemEnglish(target) && !STOP_WORDS.has(word))) continue;
        exact = false;
        if (STOP_WORDS.has(word) || !wordsMatch(word, target)) {
          ok = false;
          break;
        }
      }
      if (!ok || onlyStopWords(tokens, i, i + k)) continue;
      const score = exact ? 1 : 0.8;
      if (!best || k > bestLen || (k === bestLen && score > best.score)) {
        best = { serviceId: phrase.serviceId, name: phrase.name, text: tokens.slice(i, i + k).join(' '), score };
        bestLen = k;
      }
    }
  }
  return best;
}

/**
 * Trade and appointment words recognised without a catalogue, used as free-text `serviceText`
 * and as a sign that the message describes a job. Longest first.
 */
const GENERIC_SERVICE_WORDS = [
  'water heater', 'oil change', 'check engine light', 'air conditioner', 'air conditioning', 'brake pads', 'garbage disposal', 'circuit breaker',
  'drain cleaning', 'dental cleaning', 'root canal', 'physical exam', 'haircut', 'hair cut', 'screen', 'brakes', 'brake', 'battery', 'alternator', 'tires', 'tire',
  'transmission', 'clutch', 'exhaust', 'muffler', 'coolant', 'radiator', 'thermostat', 'engine', 'furnace', 'boiler', 'heater', 'heat pump', 'ac', 'hvac', 'duct',
  'plumbing', 'plumber', 'pipe', 'pipes', 'leak', 'drain', 'toilet', 'faucet', 'sink', 'sewer', 'water softener', 'outlet', 'wiring', 'breaker', 'panel', 'electrician',
  'roof', 'gutter', 'window', 'windows', 'door', 'drywall', 'garage door', 'dentist', 'teeth', 'tooth', 'braces', 'doctor', 'physical', 'checkup', 'check-up',
  'therapist', 'psychologist', 'salon', 'hair', 'massage', 'oil', 'table', 'reservation', 'cable', 'internet',
].map((w) => ({ w, tokens: w.split(' ') }));

/** First trade or appointment word in the message (longest phrase first), or null. */
export function findServiceWords(tokens: readonly string[]): string | null {
  for (const { w, tokens: phrase } of GENERIC_SERVICE_WORDS) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      if (phrase.every((p, j) => tokens[i + j] === p || stemEnglish(tokens[i + j] ?? '') === stemEnglish(p))) return w;
    }
  }
  return null;
}
