import { DateTime } from 'luxon';
import { isOpenPreference } from './booking-preference.parser';
import { type BookingPreference, type CandidateSlot, type RankedOffers } from './booking-preference.types';

/**
 * True when the slot's local start (in `pref.zone`) is inside the preference: on an allowed day (a named date, else
 * a named weekday, else any day; never an excluded date or weekday) and, when a time of day was stated, at a local
 * time in `[fromMinute, toMinute)`. The slot's start is what a caller reads as "the time" (an arrival window).
 */
export function slotInsidePreference(slot: CandidateSlot, pref: BookingPreference): boolean {
  const local = DateTime.fromJSDate(slot.start, { zone: pref.zone });
  return dayAllowed(local, pref) && timeAllowed(local, pref);
}

/**
 * Ranks free slots for a caller's preference and picks at most `count` to offer, in time order:
 * - no stated window (or only `asap`): the earliest slots (`fit: 'earliest'`);
 * - the window has free slots: only slots inside it, earliest first (`fit: 'inside'`), even if fewer than `count`;
 * - the window is full: the slots nearest to its next occurrence (`fit: 'nearest'`; "Saturday" at a location closed
 *   on Saturdays gives Friday afternoon and Monday morning), by the time between the slot's start and that window,
 *   ties to the earlier slot. Excluded days ("not Monday") stay excluded unless
 *   every free slot is on one.
 * @param candidates free slots, any order (instants).
 * @param count most slots to return (>= 1).
 */
export function rankOffers<T extends CandidateSlot>(candidates: readonly T[], pref: BookingPreference, count: number): RankedOffers<T> {
  const byTime = [...candidates].sort((a, b) => a.start.getTime() - b.start.getTime());
  if (isOpenPreference(pref)) return { slots: byTime.slice(0, count), fit: 'earliest' };
  const inside = byTime.filter((s) => slotInsidePreference(s, pref));
  if (inside.length > 0) return { slots: inside.slice(0, count), fit: 'inside' };
  const allowed = byTime.filter((s) => !excluded(DateTime.fromJSDate(s.start, { zone: pref.zone }), pref));
  const pool = allowed.length > 0 ? allowed : byTime;
  // Nearest to the caller's next occurrence of the window ("Saturday" = the coming Saturday), ties to the earlier slot.
  const window = firstWindow(pool[0]?.start ?? new Date(0), pref);
  const nearest = pool
    .map((slot) => ({ slot, distance: distanceTo(slot, window) }))
    .sort((a, b) => a.distance - b.distance || a.slot.start.getTime() - b.slot.start.getTime())
    .slice(0, count)
    .map((x) => x.slot)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  return { slots: nearest, fit: 'nearest' };
}

function excluded(local: DateTime, pref: BookingPreference): boolean {
  return pref.excludedWeekdays.includes(local.weekday) || pref.excludedDates.includes(local.toISODate() ?? '');
}

function dayAllowed(local: DateTime, pref: BookingPreference): boolean {
  if (excluded(local, pref)) return false;
  if (pref.dates.length > 0) return pref.dates.includes(local.toISODate() ?? '');
  if (pref.weekdays.length > 0) return pref.weekdays.includes(local.weekday);
  return true;
}

function timeAllowed(local: DateTime, pref: BookingPreference): boolean {
  if (!pref.timeOfDay) return true;
  const minute = local.hour * 60 + local.minute;
  return minute >= pref.timeOfDay.fromMinute && minute < pref.timeOfDay.toMinute;
}

/**
 * The first occurrence of the preference's window that ends after `from` (the earliest free slot): the named dates,
 * else the allowed days from `from`'s local day on (at most a year ahead), each cut to `timeOfDay`. Null when none.
 */
function firstWindow(from: Date, pref: BookingPreference): { start: number; end: number } | null {
  const first = DateTime.fromJSDate(from, { zone: pref.zone }).startOf('day');
  const days = pref.dates.length > 0 ? [...pref.dates].sort().map((d) => DateTime.fromISO(d, { zone: pref.zone })) : Array.from({ length: 366 }, (_, i) => first.plus({ days: i }));
  let last: { start: number; end: number } | null = null;
  for (const day of days) {
    if (!day.isValid || !dayAllowed(day, pref)) continue;
    const start = day.startOf('day').plus({ minutes: pref.timeOfDay?.fromMinute ?? 0 }).toMillis();
    const end = day.startOf('day').plus({ minutes: pref.timeOfDay?.toMinute ?? 24 * 60 }).toMillis();
    last = { start, end };
    if (end > from.getTime()) return last;
  }
  return last;
}

/** Milliseconds between the slot's start and the window (0 inside); infinite without a window. */
function distanceTo(slot: CandidateSlot, window: { start: number; end: number } | null): number {
  if (!window) return Number.POSITIVE_INFINITY;
  const t = slot.start.getTime();
  return t < window.start ? window.start - t : t >= window.end ? t - window.end : 0;
}
