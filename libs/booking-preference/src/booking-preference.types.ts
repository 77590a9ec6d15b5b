/** Local minutes since midnight, [fromMinute, toMinute) in the location's time zone (0..1440). */
export interface TimeOfDayWindow {
  fromMinute: number;
  toMinute: number;
}

/**
 * When a caller would like a booking, read from their words in the location's time zone. Every
 * constraint is optional and they combine with AND: a slot is inside the preference when its local
 * start falls on an allowed day (`dates`, else `weekdays`, else any day, minus the exclusions) and
 * inside `timeOfDay` (when set). An empty preference (nothing read, not `asap`) means "any time".
 */
export interface BookingPreference {
  /** IANA time zone the local dates and times below are in (the location's). */
  zone: string;
  /** The caller asked for the earliest slot ("as soon as possible", "asap", "earliest"). */
  asap: boolean;
  /** Local dates (`YYYY-MM-DD`) the caller named ("tomorrow", "Dec 8", "next week"); empty: not limited to dates. */
  dates: string[];
  /** ISO weekdays (1 = Monday .. 7 = Sunday) the caller named ("Friday", "this weekend"); empty: any weekday. */
  weekdays: number[];
  /** ISO weekdays the caller ruled out ("not Monday", "any day but Monday"). */
  excludedWeekdays: number[];
  /** Local dates the caller ruled out ("not tomorrow"). */
  excludedDates: string[];
  /** Part of the day or clock bound ("morning", "after 5", "before noon"); null: any time of day. */
  timeOfDay: TimeOfDayWindow | null;
  /** The caller turned the offered slots down ("none of those", "neither", "other times?"). */
  rejectsOffered: boolean;
  /** A few words for the texts and for staff, e.g. `Friday morning`, `after 5pm, not Monday`; empty when nothing was read. */
  label: string;
}

/** What {@link parseBookingPreference} needs besides the text. */
export interface PreferenceContext {
  /** IANA time zone of the location; an invalid zone falls back to UTC. */
  zone: string;
  /** The instant the caller wrote the text ("tomorrow" is relative to it). */
  now: Date;
}

/** A candidate slot: instants [start, end). */
export interface CandidateSlot {
  start: Date;
  end: Date;
}

/** Offers ranked for a preference. */
export interface RankedOffers<T extends CandidateSlot> {
  /** The slots to offer, in time order (at most `count`). */
  slots: T[];
  /**
   * `inside`: every slot is inside the stated window; `nearest`: the window had no free slot, these are the
   * nearest alternatives (say so to the caller); `earliest`: no window was stated (or `asap`), earliest first.
   */
  fit: 'inside' | 'nearest' | 'earliest';
}
