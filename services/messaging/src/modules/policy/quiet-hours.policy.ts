import { type LocationConfig } from '@textback/contracts';
import { DateTime } from 'luxon';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Quiet hours and business hours in the location's IANA time zone (`LocationConfig.timeZone`). The quiet window
 * `[start, end)` may cross midnight (default 21:00-08:00, after 47 CFR §64.1200(c)(1)'s 8 a.m.-9 p.m. rule).
 * All instants are UTC `Date`s; local times are interpreted with luxon, so DST shifts are honoured.
 */
export class QuietHoursPolicy {
  /** True when `at` falls in the location's quiet hours. */
  static isQuiet(config: LocationConfig, at: Date): boolean {
    const local = DateTime.fromJSDate(at, { zone: config.timeZone });
    const minute = local.hour * 60 + local.minute;
    const start = minutesOf(config.quietHours.start);
    const end = minutesOf(config.quietHours.end);
    if (start === end) return false;
    return start < end ? minute >= start && minute < end : minute >= start || minute < end;
  }

  /** `at` itself when outside quiet hours, else the end of the quiet window (the morning), as a UTC instant. */
  static nextAllowed(config: LocationConfig, at: Date): Date {
    if (!QuietHoursPolicy.isQuiet(config, at)) return at;
    const local = DateTime.fromJSDate(at, { zone: config.timeZone });
    const end = minutesOf(config.quietHours.end);
    let candidate = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
    if (candidate <= local) candidate = candidate.plus({ days: 1 });
    return candidate.toJSDate();
  }

  /** True when the location is open at `at` (business hours of that weekday, not a holiday). */
  static isOpen(config: LocationConfig, at: Date): boolean {
    const local = DateTime.fromJSDate(at, { zone: config.timeZone });
    if (config.holidays.includes(local.toISODate() ?? '')) return false;
    const day = WEEKDAYS[local.weekday - 1];
    const intervals = day ? (config.businessHours[day] ?? []) : [];
    const minute = local.hour * 60 + local.minute;
    return intervals.some((i) => minute >= minutesOf(i.open) && minute < minutesOf(i.close));
  }
}
