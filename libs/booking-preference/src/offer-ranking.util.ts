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
 * - the window is full: the slots nearest to it (`fit: 'nearest'`), by the time between the slot's start and the
 *   closest instant of the window, ties to the earlier slot. Excluded days ("not Monday") stay excluded unless
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
  const nearest = pool
    .map((slot) => ({ slot, distance: distanceToWindow(slot, pref) }))
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
 * Milliseconds from the slot's start to the nearest instant of the preference's window, searched over the local days
 * from a week before to a week after the slot (the window repeats at most weekly unless dates were named).
 */
function distanceToWindow(slot: CandidateSlot, pref: BookingPreference): number {
  const start = DateTime.fromJSDate(slot.start, { zone: pref.zone });
  const t = slot.start.getTime();
  let best = Number.POSITIVE_INFINITY;
  const days = pref.dates.length > 0 ? pref.dates.map((d) => DateTime.fromISO(d, { zone: pref.zone })) : Array.from({ length: 15 }, (_, i) => start.startOf('day').plus({ days: i - 7 }));
  for (const day of days) {
    if (!day.isValid || !dayAllowed(day, pref)) continue;
    const from = day.startOf('day').plus({ minutes: pref.timeOfDay?.fromMinute ?? 0 }).toMillis();
    const to = day.startOf('day').plus({ minutes: pref.timeOfDay?.toMinute ?? 24 * 60 }).toMillis();
    const distance = t < from ? from - t : t >= to ? t - to : 0;
    best = Math.min(best, distance);
  }
  return best;
}
