import { CHANGE_OF_MIND, isWish, parseBookingPreference } from '@textback/booking-preference';
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { type PreferredTime } from './understanding.types';

const ASAP = /\b(?:asap|as soon as possible|right now|right away|immediately|now please|urgent(?:ly)?)\b/;
/** "not urgent", "no rush... not urgently", "non-urgent": not a wish for now. */
const NEGATED_ASAP = /\b(?:not|no|non|isnt|isn't)[\s-]+(?:\w+\s+)?$/;
/** Cheap pre-check: chrono-node only runs when a digit or a time word is present (it costs ~1 ms). */
const TIME_WORDS =
  /\d|\b(?:today|tonight|tomorrow|yesterday|morning|afternoon|evening|night|noon|midnight|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend|month|next|this|now|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\b/;

/**
 * A short reply that leaves the time to the business ("any time works", "whenever", "any day is fine", "I'm flexible"):
 * a stated answer to "what day and time would work best?" with no window (scheduling offers the earliest slots), so
 * the question is not asked again. Only in messages of at most FLEXIBLE_MAX_WORDS words ("the breaker trips any time I
 * run the dryer" is no answer).
 */
const FLEXIBLE_TIME = /^(?:(?:ok|okay|oh|um|sure|yes|yeah|honestly|really|literally)[, ]+)?(?:any ?time|whenever|any day|whatever works|whatever is (?:easiest|best)|(?:i'm|im|i am|we're|we are) flexible|flexible|(?:the )?(?:time|day) doesn'?t matter|doesn'?t matter)\b/;
const FLEXIBLE_MAX_WORDS = 8;

/** Spanish day and time words (chrono-node's `es` parser runs only when one is present). */
const SPANISH_TIME_WORDS = /(?<!\p{L})(?:hoy|ma[nñ]ana|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|tarde|noche|semana|pr[oó]xima|pr[oó]ximo)(?!\p{L})/u;

/** A part of the day said as a habit ("mornings work", "afternoons are best"). */
const HABITUAL_PART_OF_DAY = /\b(?:mornings|afternoons|evenings)\b/;

/** Dates the caller mentions as history, not as a wish ("since yesterday", "replaced them on Oct 1"). */
const HISTORY_BEFORE = /\b(?:since|ago|last|replaced|changed|had|was|were|did|went|bought|it's|it is)\s*$/;

/**
 * Finds the caller's preferred time with chrono-node (en, then es when English finds none; forwardDate: an undated
 * "Tuesday 3pm" is the next one) and resolves it in the location's IANA time zone `timeZone`, so "3pm" from a
 * Denver caller is 15:00 America/Denver whatever the server's zone. Mentions of the past
 * ("since yesterday", "on October 1, 2017", "it's 9pm now") are not preferences. "asap" and
 * "right now" resolve to `now` ("not urgent" does not); "afternoons" is read as "afternoon". A short reply leaving the time
 * open ("any time works", "whenever") is the time `any time`, with no window. Returns null when no time is stated.
 * @param now the reference instant (the message's receive time).
 */
export function extractPreferredTime(normalized: string, timeZone: string, now: Date): PreferredTime | null {
  const found = readStatedTime(normalized, timeZone, now);
  // The whole preference ("Friday morning if possible", "afternoons are best", "not Monday", "after 5") as
  // @textback/booking-preference reads it: its label for staff, and the caller's words for scheduling to rank offers.
  const preference = parseBookingPreference(normalized, { zone: timeZone, now });
  const said = normalized.slice(0, 480);
  if (!found && !preference.label) {
    const flexible = normalized.split(/\s+/).length <= FLEXIBLE_MAX_WORDS && FLEXIBLE_TIME.test(normalized);
    return flexible ? { text: 'any time', said } : null;
  }
  const ruledOut = preference.excludedWeekdays.length > 0 || preference.excludedDates.length > 0;
  if (!found) return { text: preference.label, said };
  const { startAt, endAt } = found;
  return { text: preference.label || found.text, ...(startAt && !ruledOut ? { startAt } : {}), ...(endAt && !ruledOut ? { endAt } : {}), said };
}

/**
 * True when the message states a time as a change of mind ("actually Saturday works better", "Friday instead", "I'd
 * rather do mornings": CHANGE_OF_MIND of @textback/booking-preference): that time replaces one said before.
 * @param when what {@link extractPreferredTime} read from the same normalized text (no time: false).
 */
export function changesPreferredTime(normalized: string, when: PreferredTime | null): boolean {
  return when !== null && CHANGE_OF_MIND.test(normalized);
}

/** The first date or time chrono-node finds that is not history, resolved in `timeZone`; "asap" is `now`. */
function readStatedTime(normalized: string, timeZone: string, now: Date): PreferredTime | null {
  const zone = DateTime.fromJSDate(now).setZone(timeZone);
  const tz = zone.isValid ? timeZone : 'UTC';
  const ref = DateTime.fromJSDate(now).setZone(tz);
  // "afternoons are best", "mornings work": the part of the day (chrono-node reads only the singular).
  const text = normalized.replace(/\bavo\b/g, 'afternoon').replace(/\b(morning|afternoon|evening)s\b/g, '$1').replace(/\bhalf (one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/g, '$1 thirty');
  const reference = { instant: now, timezone: ref.offset };
  const english = TIME_WORDS.test(text) ? chrono.en.parse(text, reference, { forwardDate: true }) : [];
  // Spanish ("el martes por la tarde", "para el sábado", "mañana") when English finds nothing: chrono-node's es parser.
  const results = english.length === 0 && SPANISH_TIME_WORDS.test(text) ? chrono.es.parse(text, reference, { forwardDate: true }) : english;
  for (const r of results) {
    // Not a wish (the parser's rule, so conversation-ai and scheduling agree): "now", durations ("it can wait a day or
    // two", "coughing for 2 days", "30 minutes later"); "in 2 days" stays one.
    if (!isWish(r)) continue;
    const before = text.slice(Math.max(0, r.index - 20), r.index);
    if (HISTORY_BEFORE.test(before)) continue;
    if (/\bnow\b/.test(text.slice(r.index + r.text.length, r.index + r.text.length + 6)) && r.start.isCertain('hour') && !r.start.isCertain('day')) continue;
    const start = toZoned(r.start, tz);
    if (!start) continue;
    if (start.toMillis() < ref.minus({ hours: 1 }).toMillis() && r.start.isCertain('year')) continue;
    // "afternoons are best": a habit, not today; the part of the day travels in the preference, not as a window today.
    if (HABITUAL_PART_OF_DAY.test(normalized) && !r.start.isCertain('day') && !r.start.isCertain('weekday') && !r.start.isCertain('hour')) return { text: r.text.trim() };
    const dateOnly = !r.start.isCertain('hour');
    const end = r.end ? toZoned(r.end, tz) : dateOnly ? start.endOf('day') : null;
    const startAt = (dateOnly ? start.startOf('day') : start).toISO({ suppressMilliseconds: true });
    const endAt = end?.toISO({ suppressMilliseconds: true });
    return { text: r.text.trim(), ...(startAt ? { startAt } : {}), ...(endAt ? { endAt } : {}) };
  }
  const asap = ASAP.exec(text);
  if (asap && !NEGATED_ASAP.test(text.slice(0, asap.index))) {
    const startAt = ref.toISO({ suppressMilliseconds: true });
    return { text: asap[0], ...(startAt ? { startAt } : {}) };
  }
  return null;
}

function toZoned(c: chrono.ParsedComponents, tz: string): DateTime | null {
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  if (year === null || month === null || day === null) return null;
  const dt = DateTime.fromObject({ year, month, day, hour: c.get('hour') ?? 0, minute: c.get('minute') ?? 0 }, { zone: tz });
  return dt.isValid ? dt : null;
}
