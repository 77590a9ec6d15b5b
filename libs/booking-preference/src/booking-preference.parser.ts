import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { type BookingPreference, type PreferenceContext, type TimeOfDayWindow } from './booking-preference.types';
import {
  ASAP_PHRASES,
  BARE_HOUR_PM_UNTIL,
  CHANGE_OF_MIND,
  CLOCK_BOUNDS,
  DAY_RANGES,
  GREETING_PHRASES,
  HISTORY_BEFORE,
  NAMES_A_SLOT,
  NEGATION_AFTER,
  NEGATION_BEFORE,
  PARTS_OF_DAY,
  REJECT_PHRASES,
  WEEK_RANGES,
} from './preference-vocabulary.constants';

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY_MINUTES = 24 * 60;
/** Longest text read (an SMS-sized reply); the rest is ignored. */
const MAX_CHARS = 480;

/** A time-of-day window with the words that describe it. */
interface TimeClause {
  window: TimeOfDayWindow;
  label: string;
}

/**
 * Reads a caller's booking preference ("Friday morning if possible", "after 5", "this weekend", "as soon as
 * possible", "not Monday", "afternoons are best for me", "none of those") in the location's time zone.
 *
 * Dates, weekdays and clock times are read by chrono-node (https://github.com/wanasit/chrono, MIT) with the
 * location's offset at `now` as reference and `forwardDate` (a bare "Friday" is the coming one); the local date is
 * then rebuilt with luxon in `zone`, so a date across a DST change keeps its local meaning. Parts of the day, day
 * ranges, "as soon as possible", negations and turn-downs are whole-word phrases from
 * {@link ./preference-vocabulary.constants}. Past dates ("I called yesterday") are ignored.
 *
 * Pure and synchronous; never throws (an unreadable text gives an empty preference).
 * @param text the caller's message, any case; only the first 480 characters are read.
 * @returns the preference; `label` is empty when nothing was read.
 */
export function parseBookingPreference(text: string, context: PreferenceContext): BookingPreference {
  const zone = DateTime.local().setZone(context.zone).isValid ? context.zone : 'UTC';
  const ref = DateTime.fromJSDate(context.now, { zone });
  const pref: BookingPreference = { zone, asap: false, dates: [], weekdays: [], excludedWeekdays: [], excludedDates: [], timeOfDay: null, rejectsOffered: false, label: '' };
  let work = normalise(text);
  const times: TimeClause[] = [];
  const dayLabels: string[] = [];
  const notLabels: string[] = [];

  const take = (phrase: string): { index: number; before: string; after: string } | null => {
    const at = findPhrase(work, phrase);
    if (at < 0) return null;
    const hit = { index: at, before: work.slice(Math.max(0, at - 16), at), after: work.slice(at + phrase.length, at + phrase.length + 16) };
    work = `${work.slice(0, at)}${' '.repeat(phrase.length)}${work.slice(at + phrase.length)}`;
    return hit;
  };

  GREETING_PHRASES.forEach((p) => take(p));
  if (REJECT_PHRASES.some((p) => take(p))) pref.rejectsOffered = true;
  if (ASAP_PHRASES.some((p) => take(p))) pref.asap = true;
  for (const range of DAY_RANGES) {
    const hit = range.words.map((w) => take(w)).find((h) => h !== null);
    if (!hit) continue;
    if (isNegated(hit.before, hit.after)) {
      pref.excludedWeekdays.push(...range.weekdays);
      notLabels.push(`not ${range.label.replace(/^(the|a) /, '')}`);
    } else {
      pref.weekdays.push(...range.weekdays);
      dayLabels.push(range.label);
    }
  }
  for (const range of WEEK_RANGES) {
    if (!range.words.some((w) => take(w))) continue;
    const monday = ref.startOf('day').minus({ days: ref.weekday - 1 });
    const first = range.week === 'this' ? ref.startOf('day') : monday.plus({ weeks: 1 });
    const last = monday.plus({ weeks: range.week === 'this' ? 0 : 1, days: 6 });
    for (let d = first; d <= last; d = d.plus({ days: 1 })) pref.dates.push(d.toISODate() ?? '');
    dayLabels.push(range.label);
  }
  for (const part of PARTS_OF_DAY) {
    if (part.words.some((w) => findPhrase(work, w) >= 0)) {
      part.words.forEach((w) => take(w));
      times.push({ window: { fromMinute: part.fromMinute, toMinute: part.toMinute }, label: part.label });
      break;
    }
  }
  work = inferBareHours(work);

  const results = chrono.en.casual.parse(work, { instant: context.now, timezone: ref.offset }, { forwardDate: true });
  const partOfDay = times[0]?.window ?? null;
  for (const r of results) {
    const before = work.slice(Math.max(0, r.index - 16), r.index);
    const after = work.slice(r.index + r.text.length, r.index + r.text.length + 16);
    if (endsWithPhrase(before, HISTORY_BEFORE) || !isWish(r)) continue;
    const negated = isNegated(before, after);
    const c = r.start;
    if (c.isCertain('day')) {
      const local = DateTime.fromObject({ year: c.get('year') ?? ref.year, month: c.get('month') ?? ref.month, day: c.get('day') ?? ref.day }, { zone });
      if (!local.isValid || local.startOf('day') < ref.startOf('day')) continue;
      const iso = local.toISODate() ?? '';
      if (negated) {
        pref.excludedDates.push(iso);
        notLabels.push(`not ${dayName(local, ref)}`);
      } else {
        pref.dates.push(iso);
        dayLabels.push(dayName(local, ref));
      }
    } else if (c.isCertain('weekday')) {
      const weekday = c.get('weekday') ?? 0;
      const iso = weekday === 0 ? 7 : weekday; // chrono: 0 = Sunday; ISO: 7 = Sunday
      if (negated) {
        pref.excludedWeekdays.push(iso);
        notLabels.push(`not ${WEEKDAY_NAMES[iso - 1] ?? ''}`);
      } else {
        pref.weekdays.push(iso);
        dayLabels.push(WEEKDAY_NAMES[iso - 1] ?? '');
      }
    }
    if (c.isCertain('hour') && !negated) times.push(clockClause(c, r.end ?? null, before, r.text, partOfDay));
  }

  pref.timeOfDay = intersect(times.map((t) => t.window));
  pref.dates = unique(pref.dates);
  pref.weekdays = unique(pref.weekdays).sort();
  pref.excludedWeekdays = unique(pref.excludedWeekdays).sort();
  pref.excludedDates = unique(pref.excludedDates);
  pref.label = describe(dayLabels, times, notLabels, pref.asap);
  return pref;
}

/** True when the preference states nothing that ranks slots (no day, time, exclusion; `asap` ranks earliest first). */
export function isOpenPreference(pref: BookingPreference): boolean {
  return pref.dates.length === 0 && pref.weekdays.length === 0 && pref.excludedWeekdays.length === 0 && pref.excludedDates.length === 0 && pref.timeOfDay === null;
}

/**
 * True when a reply to an open offer changes the caller's mind to a new window ("actually this weekend works
 * better", "Saturday instead"): the caller asked for that window's options, so the reply gets new offers inside it
 * rather than booking an offered slot that happens to fall in it. A reply that also names a slot by position or clock
 * time ("actually the 2nd one", "rather 3pm") stays a pick, and a reply with no window is not a change of mind.
 * @param text the caller's reply, any case.
 * @param pref what {@link parseBookingPreference} read from the same text.
 */
export function changesMindToNewWindow(text: string, pref: BookingPreference): boolean {
  return !isOpenPreference(pref) && CHANGE_OF_MIND.test(text) && !NAMES_A_SLOT.test(text);
}

function normalise(text: string): string {
  return text
    .slice(0, MAX_CHARS)
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^a-z0-9:'.\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Index of `phrase` as whole words in `text`, or -1. */
function findPhrase(text: string, phrase: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(phrase, from);
    if (at < 0) return -1;
    const left = at === 0 ? ' ' : text.charAt(at - 1);
    const right = text.charAt(at + phrase.length) || ' ';
    if (!/[a-z0-9]/.test(left) && !/[a-z0-9]/.test(right)) return at;
    from = at + 1;
  }
}

function endsWithPhrase(text: string, phrases: readonly string[]): boolean {
  const t = ` ${text.trim()}`;
  return phrases.some((p) => t.endsWith(` ${p}`));
}

function startsWithPhrase(text: string, phrases: readonly string[]): boolean {
  const t = `${text.trim()} `;
  return phrases.some((p) => t.startsWith(`${p} `) || t.startsWith(`${p}.`) || t === `${p} `);
}

function isNegated(before: string, after: string): boolean {
  // "not Monday", "any day but Monday" (also "not on Monday"); "Monday doesn't work".
  const trimmed = before.trim().replace(/\b(on|the|a)$/, '').trim();
  return endsWithPhrase(trimmed, NEGATION_BEFORE) || startsWithPhrase(after, NEGATION_AFTER);
}

/** "after 5" has no meridiem: read 1-7 as pm, 8-11 as am (see BARE_HOUR_PM_UNTIL), so chrono-node reads a clock time. */
function inferBareHours(text: string): string {
  const bounds = CLOCK_BOUNDS.flatMap((b) => b.words).concat(['at', 'around']);
  return text.replace(/(^|\s)([a-z ]+?)\s(\d{1,2})(:\d{2})?(?=\s|$|[.,])(?!\s*(am|pm|a\.m|p\.m|o'clock))/g, (whole, lead: string, words: string, hour: string, minutes: string | undefined) => {
    const last = words.trim();
    if (!bounds.some((b) => last === b || last.endsWith(` ${b}`))) return whole;
    const h = Number(hour);
    if (h < 1 || h > 12) return whole;
    const meridiem = h === 12 ? 'pm' : h <= BARE_HOUR_PM_UNTIL ? 'pm' : 'am';
    return `${lead}${words} ${hour}${minutes ?? ''}${meridiem}`;
  });
}

/**
 * False for what chrono-node reads relative to the moment of writing that is not a booking wish: "now" ("the AC
 * isn't working now", "it's 9pm now"), durations under a day ("30 minutes later", "if you've got a minute",
 * "560sec") and day durations not introduced by "in" ("coughing for 2 days"; "in 2 days" stays a wish).
 */
export function isWish(r: chrono.ParsedResult): boolean {
  const tags = r.tags();
  if (tags.has('casualReference/now')) return false;
  if (tags.has('result/relativeDateAndTime')) return false;
  if (tags.has('result/relativeDate')) return /^(in|within)\s/.test(r.text.trim()) || /\bfrom now\b/.test(r.text);
  return true;
}

/**
 * Minute of the day of a clock time chrono-node read. Without am/pm ("the afternoon 2:15", "my 6:00 slot") the hour
 * is moved into the part of the day the caller named when it fits there, else hours 1 to BARE_HOUR_PM_UNTIL are
 * read as pm (bookings are daytime jobs), as {@link inferBareHours} does after a bound word.
 */
function clockMinute(c: chrono.ParsedComponents, partOfDay: TimeOfDayWindow | null): number {
  const hour = c.get('hour') ?? 0;
  const minute = hour * 60 + (c.get('minute') ?? 0);
  if (c.isCertain('meridiem') || hour < 1 || hour > 11) return minute;
  if (partOfDay) {
    const pm = minute + 12 * 60;
    if (!(minute >= partOfDay.fromMinute && minute < partOfDay.toMinute) && pm >= partOfDay.fromMinute && pm < partOfDay.toMinute) return pm;
    return minute;
  }
  return hour <= BARE_HOUR_PM_UNTIL ? minute + 12 * 60 : minute;
}

function clockClause(c: chrono.ParsedComponents, end: chrono.ParsedComponents | null, before: string, matched: string, partOfDay: TimeOfDayWindow | null): TimeClause {
  const minute = clockMinute(c, partOfDay);
  const clock = clockLabel(minute);
  // The bound word is before the match ("after 5pm") or inside it when chrono-node read a date too ("Nov 3 after 4pm").
  const bound = CLOCK_BOUNDS.find((b) => endsWithPhrase(before, b.words) || b.words.some((w) => findPhrase(matched, w) >= 0))?.bound;
  if (end?.isCertain('hour')) {
    const to = clockMinute(end, partOfDay);
    if (to > minute) return { window: { fromMinute: minute, toMinute: to }, label: `${clock}-${clockLabel(to)}` };
  }
  if (bound === 'after') return { window: { fromMinute: minute, toMinute: DAY_MINUTES }, label: `after ${clock}` };
  if (bound === 'before') return { window: { fromMinute: 0, toMinute: minute }, label: `before ${clock}` };
  return { window: { fromMinute: minute, toMinute: Math.min(DAY_MINUTES, minute + 60) }, label: `at ${clock}` };
}

function clockLabel(minute: number): string {
  if (minute === 12 * 60) return 'noon';
  const local = DateTime.fromObject({ hour: Math.floor(minute / 60) % 24, minute: minute % 60 }, { zone: 'UTC' }).setLocale('en-US');
  return (local.minute === 0 ? local.toFormat('ha') : local.toFormat('h:mma')).toLowerCase();
}

/** The common part of the windows (null when none); when they do not overlap, the last stated wins. */
function intersect(windows: TimeOfDayWindow[]): TimeOfDayWindow | null {
  if (windows.length === 0) return null;
  const from = Math.max(...windows.map((w) => w.fromMinute));
  const to = Math.min(...windows.map((w) => w.toMinute));
  return from < to ? { fromMinute: from, toMinute: to } : (windows[windows.length - 1] ?? null);
}

function dayName(local: DateTime, ref: DateTime): string {
  const days = Math.round(local.startOf('day').diff(ref.startOf('day'), 'days').days);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return local.setLocale('en-US').toFormat('ccc LLL d');
}

function describe(days: string[], times: TimeClause[], nots: string[], asap: boolean): string {
  const dayPart = unique(days).join(' or ');
  const timePart = unique(times.map((t) => t.label)).join(' ');
  const parts = [[dayPart, timePart].filter(Boolean).join(' '), ...unique(nots)];
  if (asap) parts.push('as soon as possible');
  return parts.filter(Boolean).join(', ');
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
