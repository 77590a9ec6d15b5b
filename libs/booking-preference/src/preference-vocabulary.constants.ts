/**
 * Words callers use for booking preferences that chrono-node (https://github.com/wanasit/chrono, MIT) does not read
 * as a window: parts of the day, the weekend, "as soon as possible", turning offers down and ruling days out. Data,
 * kept in one place; matching is on whole lower-case words. Times are local to the location.
 */

/** Parts of the day (local `[from, to)` minutes). Ranges follow common trade usage (arrival windows). */
export const PARTS_OF_DAY: readonly { words: readonly string[]; label: string; fromMinute: number; toMinute: number }[] = [
  { words: ['first thing', 'early morning'], label: 'early morning', fromMinute: 7 * 60, toMinute: 10 * 60 },
  { words: ['morning', 'mornings', 'before lunch'], label: 'morning', fromMinute: 0, toMinute: 12 * 60 },
  { words: ['lunchtime', 'lunch time', 'midday', 'around lunch'], label: 'midday', fromMinute: 11 * 60, toMinute: 14 * 60 },
  { words: ['afternoon', 'afternoons', 'after lunch'], label: 'afternoon', fromMinute: 12 * 60, toMinute: 17 * 60 },
  { words: ['evening', 'evenings', 'tonight', 'after work', 'after school'], label: 'evening', fromMinute: 17 * 60, toMinute: 24 * 60 },
];

/** Whole phrases meaning "the earliest slot". */
export const ASAP_PHRASES: readonly string[] = [
  'as soon as possible',
  'as soon as you can',
  'asap',
  'a.s.a.p',
  'earliest',
  'soonest',
  'first available',
  'first opening',
  'right away',
  'whenever is soonest',
];

/** Phrases turning the offered slots down without naming another time. */
export const REJECT_PHRASES: readonly string[] = [
  'none of those',
  'none of them',
  'none of these',
  'none work',
  'neither',
  'other times',
  'other time',
  'another time',
  'different time',
  'different day',
  'something else',
  'anything else',
  "those don't work",
  'those dont work',
  "that doesn't work",
  'that doesnt work',
  'no good',
  'not those',
];

/** Words before a day that rule it out ("not Monday", "any day but Monday", "except Friday"). */
export const NEGATION_BEFORE: readonly string[] = ['not', 'no', 'except', 'but', 'besides', "can't do", 'cant do', 'cannot do', 'other than', 'anything but', 'apart from'];

/** Words after a day that rule it out ("Monday doesn't work", "Monday is out"). */
export const NEGATION_AFTER: readonly string[] = [
  "doesn't work",
  'doesnt work',
  'does not work',
  "won't work",
  'wont work',
  'is out',
  'is bad',
  'is no good',
  "isn't good",
  'is not good',
  "i can't",
  'i cant',
  'is busy',
  'is full',
];

/** Day-range words chrono-node reads as one weekday ("weekend" as Saturday, "weekday" as Wednesday). */
export const DAY_RANGES: readonly { words: readonly string[]; label: string; weekdays: readonly number[] }[] = [
  { words: ['this weekend', 'the weekend', 'weekend', 'weekends', 'saturday or sunday'], label: 'the weekend', weekdays: [6, 7] },
  { words: ['weekday', 'weekdays', 'during the week', 'on a weekday'], label: 'a weekday', weekdays: [1, 2, 3, 4, 5] },
];

/** Words before a clock time that make it a bound: `after` = from then on, `before` = until then. */
export const CLOCK_BOUNDS: readonly { words: readonly string[]; bound: 'after' | 'before' }[] = [
  { words: ['after', 'from', 'later than', 'no earlier than', 'not before', 'past'], bound: 'after' },
  { words: ['before', 'by', 'until', 'till', 'no later than', 'not after', 'earlier than'], bound: 'before' },
];

/**
 * A bare hour after a bound word ("after 5") has no am/pm; a booking is a daytime job, so hours 1-7 are read as pm
 * and 8-11 as am (12 is noon).
 */
export const BARE_HOUR_PM_UNTIL = 7;

/** Words before a date that make it history, not a wish ("no heat since Monday", "I called last Friday"). */
export const HISTORY_BEFORE: readonly string[] = ['since', 'ago', 'last', 'replaced', 'changed', 'had', 'was', 'were', 'did', 'went', 'bought', "it's", 'it is', 'called', 'started', 'came', 'been'];

/** Greetings that name a part of the day without asking for it ("Good morning, can you call me?"); removed before reading. */
export const GREETING_PHRASES: readonly string[] = ['good morning', 'goodmorning', 'good afternoon', 'good evening', 'morning all'];

/** Week phrases chrono-node reads as one date ("next week" as a week from today): `this` = today to Sunday, `next` = next Monday to Sunday. */
export const WEEK_RANGES: readonly { words: readonly string[]; label: string; week: 'this' | 'next' }[] = [
  { words: ['later this week', 'this week', 'before the weekend'], label: 'this week', week: 'this' },
  { words: ['next week', 'the week after', 'early next week'], label: 'next week', week: 'next' },
];

/** Words of a change of mind away from what was offered ("actually", "instead", "rather", "works better", "prefer"). */
export const CHANGE_OF_MIND = /\b(actually|instead|rather|works? better|would be better|prefer)\b/i;

/** A slot named by position or clock time ("actually the 2nd one", "rather 3pm"): the reply is still a pick. */
export const NAMES_A_SLOT = /\b(first|second|third|1st|2nd|3rd|one|option|number|#\s*\d)\b|\b\d{1,2}(:\d{2})?\s*(am|pm)\b|\bat\s+\d{1,2}\b/i;
