import { type LocationConfig } from '@textback/contracts';
import { DateTime } from 'luxon';
import { atLocalTime, weekdayKey } from './local-time.util';

/** An interval of instants [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

/**
 * A location's opening intervals from its weekly business hours and holidays (LocationConfig,
 * local `HH:mm` in `timeZone`; a holiday is a closed local date). DST is handled by luxon: a
 * local time is resolved on its own day.
 */
export class BusinessHoursCalendar {
  constructor(private readonly config: Pick<LocationConfig, 'timeZone' | 'businessHours' | 'holidays'>) {}

  /** Opening intervals that end after `from`, over the next `days` local days, in order. */
  openIntervals(from: Date, days: number): Interval[] {
    const zone = this.config.timeZone;
    const first = DateTime.fromJSDate(from, { zone }).startOf('day');
    const holidays = new Set(this.config.holidays);
    const out: Interval[] = [];
    for (let d = 0; d < days; d++) {
      const day = first.plus({ days: d });
      if (holidays.has(day.toISODate() ?? '')) continue;
      const intervals = this.config.businessHours[weekdayKey(day)] ?? [];
      for (const i of [...intervals].sort((a, b) => a.open.localeCompare(b.open))) {
        const start = atLocalTime(day, i.open).toJSDate();
        const end = atLocalTime(day, i.close).toJSDate();
        if (end > from) out.push({ start, end });
      }
    }
    return out;
  }

  /**
   * Candidate slots of `slotMinutes` laid end to end from each opening (a slot never runs past
   * closing), starting no earlier than `earliest`.
   */
  slotGrid(earliest: Date, days: number, slotMinutes: number): Interval[] {
    const out: Interval[] = [];
    const ms = slotMinutes * 60_000;
    for (const open of this.openIntervals(earliest, days)) {
      for (let t = open.start.getTime(); t + ms <= open.end.getTime(); t += ms) {
        if (t >= earliest.getTime()) out.push({ start: new Date(t), end: new Date(t + ms) });
      }
    }
    return out;
  }

  /**
   * Slots of `slotMinutes` that start at the local time `minuteOfDay` (minutes since local midnight) on each opening
   * day, when the whole slot fits inside an opening and starts no earlier than `earliest`: a caller who asked for
   * "4pm" can be offered 4pm although the grid ({@link slotGrid}) lays slots from opening time (3pm, 5pm).
   */
  slotsStartingAt(earliest: Date, days: number, slotMinutes: number, minuteOfDay: number): Interval[] {
    const out: Interval[] = [];
    const ms = slotMinutes * 60_000;
    for (const open of this.openIntervals(earliest, days)) {
      const day = DateTime.fromJSDate(open.start, { zone: this.config.timeZone }).startOf('day');
      const start = day.set({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }).toJSDate();
      const t = start.getTime();
      if (minuteOfDay < 24 * 60 && t >= open.start.getTime() && t + ms <= open.end.getTime() && t >= earliest.getTime()) out.push({ start, end: new Date(t + ms) });
    }
    return out;
  }

  /** The first staffed (open) window at or after `from`, at most `minutes` long, cut at closing. Null when closed for `days`. */
  nextStaffedWindow(from: Date, minutes: number, days = 14): Interval | null {
    const open = this.openIntervals(from, days)[0];
    if (!open) return null;
    const start = open.start > from ? open.start : from;
    const end = new Date(Math.min(start.getTime() + minutes * 60_000, open.end.getTime()));
    return { start, end };
  }
}
