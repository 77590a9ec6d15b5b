import { z } from 'zod';

/** An E.164 phone number: `+` then 2 to 15 digits, the first not 0 (ITU-T E.164). */
/** An E.164 phone number: `+`, country code, at most 15 digits in all (ITU-T E.164). */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
export const e164Schema = z.string().regex(E164_PATTERN, 'must be an E.164 number such as +15555550123');

/** An RFC 3339 timestamp with offset, e.g. `2026-11-29T21:34:56.000Z`. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** An IANA time zone name such as `America/Chicago`, checked against the runtime's zone data. */
export const timeZoneSchema = z.string().refine(isIanaTimeZone, { message: 'must be an IANA time zone such as America/Chicago' });

/** Voice or messaging provider. */
export const providerSchema = z.enum(['bandwidth', 'twilio']);
export type Provider = z.infer<typeof providerSchema>;

/** Local wall-clock time `HH:mm` (24 h). */
export const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (24 h)');

/**
 * Local closing time `HH:mm`, or `24:00` for the end of the local day (ISO 8601 allows 24:00 as
 * the end of a day), so a day that is open until midnight (or around the clock, `00:00`-`24:00`)
 * has no closed last minute.
 */
export const localClosingTimeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:mm (24 h) or 24:00');

/** Zone names already found valid: constructing an `Intl.DateTimeFormat` costs about 0.1 ms and every event that
 * carries a location's configuration checks its zone (a profile of the bench found ~1 ms of CPU per missed call). */
const knownTimeZones = new Set<string>();
/** Bound on {@link knownTimeZones} (the IANA database has about 600 names). */
const MAX_KNOWN_TIME_ZONES = 2_000;

/** True when `zone` is an IANA time zone known to this runtime's ICU data. Valid names are remembered. */
export function isIanaTimeZone(zone: string): boolean {
  if (knownTimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  if (zone.length === 0) return false;
  if (knownTimeZones.size < MAX_KNOWN_TIME_ZONES) knownTimeZones.add(zone);
  return true;
}
