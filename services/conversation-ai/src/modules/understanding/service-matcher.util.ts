import { type LocationConfig } from '@textback/contracts';
import { normalizeText, stemEnglish, tokenize } from './text-normalizer.util';
import { wordsMatch } from './fuzzy-match.util';
import { type ServiceMatch } from './understanding.types';

type CatalogueEntry = LocationConfig['services'][number];

interface PreparedPhrase {
  serviceId: string;
  name: string;
  tokens: string[];
}

const preparedCache = new WeakMap<readonly CatalogueEntry[], PreparedPhrase[]>();

function prepare(services: readonly CatalogueEntry[]): PreparedPhrase[] {
  const hit = preparedCache.get(services);
  if (hit) return hit;
  const phrases: PreparedPhrase[] = [];
  for (const s of services) {
    for (const phrase of [s.name, ...s.synonyms]) {
      const tokens = tokenize(normalizeText(phrase));
      if (tokens.length > 0) phrases.push({ serviceId: s.serviceId, name: s.name, tokens });
    }
  }
  preparedCache.set(services, phrases);
  return phrases;
}

/**
 * Matches message tokens against a location's service catalogue (names and synonyms from
 * LocationConfig.services). A phrase matches when each of its words matches consecutive message
 * words up to their Snowball stems and a few typos ("plumbr", "furnance"). The longest phrase wins;
 * an exact match beats a typo-tolerant one. Returns null when nothing matches.
 */
export function matchService(tokens: readonly string[], services: readonly CatalogueEntry[] | undefined): ServiceMatch | null {
  if (!services || services.length === 0 || tokens.length === 0) return null;
  let best: ServiceMatch | null = null;
  let bestLen = 0;
  const stems = tokens.map(stemEnglish);
  for (const phrase of prepare(services)) {
    const k = phrase.tokens.length;
    for (let i = 0; i + k <= tokens.length; i++) {
      let exact = true;
      let ok = true;
      for (let j = 0; j < k; j++) {
        const word = tokens[i + j] ?? '';
        const target = phrase.tokens[j] ?? '';
        if (word === target || stems[i + j] === stemEnglish(target)) continue;
        exact = false;
        if (!wordsMatch(word, target)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
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
