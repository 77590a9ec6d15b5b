import { tokenize, normalizeText } from './text-normalizer.util';
import { wordsMatch } from './fuzzy-match.util';
import { type PlaceMatch } from './understanding.types';

const NOT_PLACES = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
  'september', 'october', 'november', 'december', 'the', 'my', 'i', 'a', 'an', 'dr', 'doctor', 'here', 'there', 'need', 'unisex', 'office', 'winter', 'summer',
  'spring', 'fall', 'advance', 'general', 'time', 'town', 'it', 'this', 'that',
]);

/**
 * Finds a place the caller named: a US zip code (5 digits, optional +4) or one of the service
 * area's cities (typo-tolerant, multi-word names such as "Morgan Hill"); without a match in the
 * area, a capitalised name after "in/near/around" ("a dentist in San Jose"). `inServiceArea` is
 * checked against LocationConfig.serviceArea; null when the area is empty.
 */
export function extractPlace(raw: string, area: { cities: string[]; zips: string[] } | undefined): PlaceMatch | null {
  const areaKnown = !!area && (area.cities.length > 0 || area.zips.length > 0);
  const zip = /\b(\d{5})(?:-\d{4})?\b/.exec(raw);
  if (zip?.[1]) {
    const z = zip[1];
    return { text: zip[0], zip: z, inServiceArea: areaKnown ? (area?.zips ?? []).includes(z) : null };
  }
  const tokens = tokenize(normalizeText(raw));
  if (area) {
    for (const city of area.cities) {
      const cityTokens = tokenize(normalizeText(city));
      const k = cityTokens.length;
      if (k === 0) continue;
      for (let i = 0; i + k <= tokens.length; i++) {
        if (cityTokens.every((c, j) => wordsMatch(tokens[i + j] ?? '', c))) {
          return { text: tokens.slice(i, i + k).join(' '), city, inServiceArea: true };
        }
      }
    }
  }
  const named = /\b(?:in|near|around|by|at)\s+(?:the\s+)?((?:St\.?\s+)?[A-Z][a-zA-Z]+(?:\s+[A-Z][a-zA-Z]+){0,2})/g;
  for (let m = named.exec(raw); m !== null; m = named.exec(raw)) {
    const name = (m[1] ?? '').replace(/\s+(?:area|Area)$/, '');
    const first = name.split(/\s+/)[0]?.toLowerCase().replace(/\.$/, '') ?? '';
    if (NOT_PLACES.has(first) || name.length < 2) continue;
    if (/^[A-Z]{2,}$/.test(name) && name.length > 3) continue;
    return { text: name, city: name, inServiceArea: areaKnown ? false : null };
  }
  return null;
}
