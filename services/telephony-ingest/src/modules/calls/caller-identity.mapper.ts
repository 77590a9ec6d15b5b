import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { LRUCache } from 'lru-cache';

/** Caller-id values carriers send instead of a number (Bandwidth `from`, Twilio `From`), lower case. */
const WITHHELD = new Set(['anonymous', 'private', 'restricted', 'unavailable', 'unknown', 'withheld', 'blocked', '']);

/** A caller (or dialled) number as Textback keeps it. */
export interface CallerIdentity {
  /** E.164 (`+15551112222`), or null when withheld (anonymous/private/restricted/unavailable) or unparseable. */
  e164: string | null;
  /** What the carrier sent, unchanged. */
  raw: string;
  /** True when `e164` is a number a text can be sent to (landline checks happen in messaging). */
  textable: boolean;
}

/**
 * Normalizes a carrier's caller id to E.164 with libphonenumber-js. Caller id can arrive with
 * '+', without it (`15551112222`) or in national format (`(919) 555-1234`); national numbers
 * are read in `defaultCountry` (the dialled number's country). Digits that are not a possible
 * number there are retried as international (`442071234567` → `+442071234567`). Withheld ids
 * (`Anonymous`, `Private`, `Restricted`, `Unavailable`, also as `sip:anonymous@…`) give null.
 * Possibility (length) is checked, not validity, so test ranges such as 555 still parse.
 */
export function normalizeCallerId(raw: string, defaultCountry: CountryCode = 'US'): CallerIdentity {
  // Every callback of a call reads its caller and dialled number again (4-5 per missed call, the dialled numbers are
  // the business's few lines): libphonenumber's parse was about 1 ms of CPU per missed call (bench profile).
  const key = `${defaultCountry}\u0000${raw}`;
  let identity = recentCallerIds.get(key);
  if (!identity) {
    identity = parseCallerId(raw, defaultCountry);
    recentCallerIds.set(key, identity);
  }
  return { ...identity };
}

/** How many normalised caller ids (per default country) are remembered, least recently used dropped first. */
export const CALLER_ID_CACHE_LIMIT = 10_000;
const recentCallerIds = new LRUCache<string, CallerIdentity>({ max: CALLER_ID_CACHE_LIMIT });

function parseCallerId(raw: string, defaultCountry: CountryCode): CallerIdentity {
  const trimmed = raw.trim();
  const user = /^sips?:([^@;]+)/i.exec(trimmed)?.[1] ?? trimmed;
  if (WITHHELD.has(user.toLowerCase())) return { e164: null, raw, textable: false };
  const candidates = [user];
  if (/^\d{8,15}$/.test(user)) candidates.push(`+${user}`);
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
    if (parsed?.isPossible()) return { e164: parsed.number, raw, textable: true };
  }
  return { e164: null, raw, textable: false };
}

/**
 * The country of an E.164 number (for reading national caller ids), US when unknown. Asked of the dialled number on
 * every call (a business's few lines), so answers are remembered (bounded like {@link normalizeCallerId}'s): the
 * uncached parse was most of libphonenumber's CPU in telephony-ingest (bench profile, docs/round-trips-and-wake-ups.md).
 */
export function countryOfNumber(e164: string): CountryCode {
  let country = recentCountries.get(e164);
  if (country === undefined) {
    country = parsePhoneNumberFromString(e164)?.country ?? 'US';
    recentCountries.set(e164, country);
  }
  return country;
}

const recentCountries = new LRUCache<string, CountryCode>({ max: CALLER_ID_CACHE_LIMIT });
