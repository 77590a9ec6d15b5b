import { type LocationConfig } from '@textback/contracts';
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
  const local = DateTime.fromJSDate(at, { zone: config.timeZone });
  if (!local.isValid) return false;
  if (config.holidays.includes(local.toISODate() ?? '')) return false;
  const day = WEEKDAYS[local.weekday - 1];
  const intervals = day ? (config.businessHours[day] ?? []) : [];
  const hhmm = local.toFormat('HH:mm');
  return intervals.some((i) => i.open <= hhmm && hhmm < i.close);
}
