import { type LocationConfig } from '@textback/contracts';
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Whether a location is open at an instant: the instant is converted to the location's IANA
 * time zone (`config.timeZone`, with luxon, so DST is handled), then checked against the
 * location's holidays (`YYYY-MM-DD` local dates, closed all day) and its weekly opening
 * intervals (`open` inclusive, `close` exclusive, local `HH:mm`; a missing day is closed).
 * Source of the rules: the `crm.location.config.v1` contract (libs/contracts).
 */
export function isWithinBusinessHours(config: Pick<LocationConfig, 'timeZone' | 'businessHours' | 'holidays'>, at: Date): boolean {
  const local = localMinuteOf(config.timeZone, at);
  if (!local) return false;
  if (config.holidays.includes(local.isoDate)) return false;
  const day = WEEKDAYS[local.weekday - 1];
  const intervals = day ? (config.businessHours[day] ?? []) : [];
  const hhmm = local.hhmm;
  return intervals.some((i) => i.open <= hhmm && hhmm < i.close);
}

/** The local calendar date (`YYYY-MM-DD`), ISO weekday (1 = Monday) and `HH:mm` of an instant in a time zone. */
interface LocalMinute {
  isoDate: string;
  weekday: number;
  hhmm: string;
}

/** How many (zone, UTC minute) conversions are remembered, least recently used dropped first. */
const LOCAL_MINUTE_CACHE_LIMIT = 1_000;
const recentLocalMinutes = new LRUCache<string, LocalMinute | false>({ max: LOCAL_MINUTE_CACHE_LIMIT });

/**
 * {@link isWithinBusinessHours} runs on several callbacks of every call, and luxon's zone conversion (Intl's
 * `formatToParts`) was about 2 % of telephony-ingest's CPU (bench profile, docs/round-trips-and-wake-ups.md). Every
 * instant of one UTC minute has the same local date, weekday and `HH:mm` in zones whose offset is whole minutes (every
 * zone since the 1970s), so the conversion is remembered per zone and UTC minute. Null: an unknown zone.
 */
function localMinuteOf(timeZone: string, at: Date): LocalMinute | null {
  const minute = Math.floor(at.getTime() / 60_000);
  const key = `${timeZone}\u0000${minute}`;
  const held = recentLocalMinutes.get(key);
  if (held !== undefined) return held || null;
  const local = DateTime.fromMillis(minute * 60_000, { zone: timeZone });
  const value = local.isValid ? { isoDate: local.toISODate() ?? '', weekday: local.weekday, hhmm: local.toFormat('HH:mm') } : null;
  recentLocalMinutes.set(key, value ?? false);
  return value;
}
