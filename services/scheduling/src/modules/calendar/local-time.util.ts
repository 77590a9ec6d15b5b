import { DateTime } from 'luxon';

/** Weekday keys as LocationConfig writes them, indexed by luxon's `weekday - 1` (Monday first). */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** Weekday key of a local date-time. */
export function weekdayKey(local: DateTime): WeekdayKey {
  return WEEKDAY_KEYS[local.weekday - 1] ?? 'mon';
}

/** Minutes since local midnight of `HH:mm`. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** `local` moved to the local time `HH:mm` of the same local day; `24:00` is the start of the next local day. */
export function atLocalTime(local: DateTime, hhmm: string): DateTime {
  const minutes = minutesOfDay(hhmm);
  if (minutes >= 24 * 60) return local.plus({ days: 1 }).startOf('day');
  return local.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

/**
 * True when `instant` falls in the daily local window [start, end) of time zone `zone`; a window
 * whose end is not after its start crosses midnight (e.g. quiet hours 21:00–08:00).
 */
export function inDailyWindow(instant: Date, zone: string, start: string, end: string): boolean {
  const local = DateTime.fromJSDate(instant, { zone });
  const m = local.hour * 60 + local.minute;
  const s = minutesOfDay(start);
  const e = minutesOfDay(end);
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The first instant at or after `instant` whose local time in `zone` is `hhmm`. */
export function nextLocalTime(instant: Date, zone: string, hhmm: string): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  let candidate = atLocalTime(local, hhmm);
  if (candidate < local) candidate = atLocalTime(local.plus({ days: 1 }), hhmm);
  return candidate.toJSDate();
}

/**
 * Slot label in the location's time zone, e.g. `Tue Dec 1, 3pm` or `Tue Dec 1, 10:30am`.
 */
export function slotLabel(start: Date, zone: string): string {
  const local = DateTime.fromJSDate(start, { zone }).setLocale('en-US');
  const time = local.minute === 0 ? local.toFormat('ha') : local.toFormat('h:mma');
  return `${local.toFormat('ccc LLL d')}, ${time.toLowerCase()}`;
}
