import { type LocationConfig } from '@textback/contracts';
import { IANAZone } from 'luxon';

/** Day names of the weekly opening intervals, by `Date#getUTCDay()` of the local wall-clock time (0 = Sunday). */
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Per IANA zone, its UTC offset (minutes) during the last UTC minute asked for. Working out an offset costs an
 * `Intl.DateTimeFormat#formatToParts` (luxon's IANAZone.offset, 2 % of telephony-ingest's CPU at 200 missed calls/s,
 * for two lookups per call); offsets change at whole minutes only (tzdb transitions), so one computation serves every
 * call of that minute. One entry per zone in use.
 */
const offsetByZone = new Map<string, { minute: number; offset: number }>();

/** The UTC offset of `zone` at `ms` (epoch ms) in minutes, or null for a zone luxon does not know. */
function offsetMinutes(zone: string, ms: number): number | null {
  const minute = Math.floor(ms / 60_000);
  const seen = offsetByZone.get(zone);
  if (seen && seen.minute === minute) return seen.offset;
  const iana = IANAZone.create(zone);
  if (!iana.isValid) return null;
  const offset = iana.offset(ms);
  offsetByZone.set(zone, { minute, offset });
  return offset;
}

/**
 * Whether a location is open at an instant: the instant is converted to the location's IANA
 * time zone (`config.timeZone`, its offset from luxon's IANAZone, so DST is handled), then checked against the
 * location's holidays (`YYYY-MM-DD` local dates, closed all day) and its weekly opening
 * intervals (`open` inclusive, `close` exclusive, local `HH:mm`; a missing day is closed). An unknown zone is closed.
 * Source of the rules: the `crm.location.config.v1` contract (libs/contracts).
 */
export function isWithinBusinessHours(config: Pick<LocationConfig, 'timeZone' | 'businessHours' | 'holidays'>, at: Date): boolean {
  const ms = at.getTime();
  if (Number.isNaN(ms)) return false;
  const offset = offsetMinutes(config.timeZone, ms);
  if (offset === null) return false;
  // The local wall-clock time, read through the UTC getters of a Date shifted by the offset.
  const local = new Date(ms + offset * 60_000);
  const iso = local.toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ (4-digit years: the plausible-time check bounds them)
  if (config.holidays.includes(iso.slice(0, 10))) return false;
  const day = WEEKDAYS[local.getUTCDay()];
  const intervals = day ? (config.businessHours[day] ?? []) : [];
  const hhmm = iso.slice(11, 16);
  return intervals.some((i) => i.open <= hhmm && hhmm < i.close);
}
