import { type BookingPreference } from '@textback/booking-preference';
import { DateTime } from 'luxon';
import { type Interval } from '../calendar/business-hours.calendar';

/**
 * The slot grid plus, for a caller who stated a time of day that no grid slot starts in ("at 4pm" or "after 4:30"
 * where slots start at 3pm and 5pm), the slots starting exactly at the window's start on those days (`startsAt` gives
 * them, see BusinessHoursCalendar.slotsStartingAt). Days whose grid already has a start inside the window get
 * nothing extra. In time order, no start twice; capacity is checked per slot afterwards. Local days and minutes are
 * in `preference.zone`.
 */
export function withStartsFor(preference: BookingPreference | null, grid: Interval[], startsAt: (minuteOfDay: number) => Interval[]): Interval[] {
  const window = preference?.timeOfDay;
  if (!preference || !window || window.fromMinute <= 0) return grid;
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: preference.zone });
  const covered = new Set(
    grid
      .map((s) => local(s.start))
      .filter((t) => t.hour * 60 + t.minute >= window.fromMinute && t.hour * 60 + t.minute < window.toMinute)
      .map((t) => t.toISODate()),
  );
  const extra = startsAt(window.fromMinute).filter((s) => !covered.has(local(s.start).toISODate()));
  return extra.length === 0 ? grid : [...grid, ...extra].sort((a, b) => a.start.getTime() - b.start.getTime());
}
