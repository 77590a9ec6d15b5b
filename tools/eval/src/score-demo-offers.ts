/**
 * Replays the demo's booking preferences without the demo's stack: the callers' texts (the demo's built-in first
 * messages and answers to "what day and time?", and with `--replies FILE` the `book` rows of a labelled file such as
 * ../shared/eval/dev.jsonl) at the demo's three locations (Denver and Chicago answered 24/7, Boston Mon-Fri 8-17; their
 * booking hours by {@link bookingHoursFor}), through conversation-ai's understanding (which text states the
 * preference), @textback/booking-preference (reading and ranking), scheduling's slot grid (two-hour slots, 60 minutes'
 * notice, 14 days, capacity 1, plus slots at a stated clock time: {@link withStartsFor}) and offer wording
 * ({@link offerIntro}), each caller booking the first slot offered so windows fill up as in the demo. Each offer is then counted by the demo's own counter ({@link offerFit}) and
 * against the truth known here (did the window have a free slot when the offer was made?).
 *
 * Run: `npm run build && node dist/tools/eval/src/score-demo-offers.js [--replies FILE]... [--callers N] [--verbose]`
 * (`--callers`: at most N callers per location and start, default 25; `--verbose` lists every offer with a slot outside).
 * Deterministic: callers arrive two minutes apart from three fixed instants (Fri Dec 4 2026 02:40, 11:47 and 19:30
 * Denver time); no clock, network or database.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isOpenPreference, parseBookingPreference, rankOffers, slotInsidePreference } from '@textback/booking-preference';
import { type LocationConfig } from '@textback/contracts';
import { understandMessage } from '../../../services/conversation-ai/src/modules/understanding/message-understanding.util';
import { withStartsFor } from '../../../services/scheduling/src/modules/booking/offer-candidates';
import { offerIntro } from '../../../services/scheduling/src/modules/booking/offer-text';
import { bookingHoursFor } from '../../../services/scheduling/src/modules/calendar/booking-hours.policy';
import { BusinessHoursCalendar } from '../../../services/scheduling/src/modules/calendar/business-hours.calendar';
import { slotLabel } from '../../../services/scheduling/src/modules/calendar/local-time.util';
import { formatOfferFitTotals, offerFit, type OfferFit, totalOfferFits } from '../../demo/src/demo-offer-fit';
import { BUILT_IN_ANSWERS, BUILT_IN_REPLIES } from '../../demo/src/demo-replies';

type Hours = LocationConfig['businessHours'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const hours = (open: string, close: string, days: readonly string[]): Hours => Object.fromEntries(days.map((d) => [d, [{ open, close }]]));

/** The demo franchise's locations as demo-franchise.ts writes them (business hours; no booking hours set). */
export const DEMO_LOCATIONS: { name: string; timeZone: string; businessHours: Hours }[] = [
  { name: 'Denver (24/7)', timeZone: 'America/Denver', businessHours: hours('00:00', '24:00', DAYS) },
  { name: 'Chicago (24/7)', timeZone: 'America/Chicago', businessHours: hours('00:00', '24:00', DAYS) },
  { name: 'Boston (Mon-Fri 8-17)', timeZone: 'America/New_York', businessHours: hours('08:00', '17:00', DAYS.slice(0, 5)) },
];

/** Instants the replayed day starts at: night, midday and evening in Denver on Friday Dec 4 2026. */
export const DEMO_STARTS = ['2026-12-04T09:40:00Z', '2026-12-04T18:47:00Z', '2026-12-05T02:30:00Z'].map((s) => new Date(s));

const OFFERS = 3;
const NOTICE_MINUTES = 60;
const HORIZON_DAYS = 14;
const SLOT_MINUTES = 120;

/** One replayed caller: the texts they send, in order (the second only if the first stated no time). */
export interface ReplayCaller {
  first: string;
  answer: string;
}

/** The offer made to one caller and how it fits, by the demo's counter and by the truth. */
export interface ReplayedOffer {
  location: string;
  said: string;
  text: string;
  fit: OfferFit;
  /** The stated window had a free slot when the offer was made (a free slot of the grid, or one starting at a stated clock time, that starts inside it). */
  windowHadCapacity: boolean;
}

/**
 * Replays `callers` at one location from `start` (one every two minutes): the understanding picks the text with the
 * preferred time (the first with one, as conversation-ai keeps it), the free slots of the location are ranked for it
 * and worded as scheduling does, the caller books the first slot. Pure apart from the arguments.
 */
export function replayLocation(loc: (typeof DEMO_LOCATIONS)[number], start: Date, callers: readonly ReplayCaller[]): ReplayedOffer[] {
  const config = { timeZone: loc.timeZone, holidays: [] as string[], businessHours: loc.businessHours };
  const calendar = new BusinessHoursCalendar({ ...config, businessHours: bookingHoursFor(config, undefined) });
  const booked: { start: Date; end: Date }[] = [];
  const out: ReplayedOffer[] = [];
  callers.forEach((c, i) => {
    const at = new Date(start.getTime() + i * 120_000);
    const sent = [{ text: c.first, at }];
    if (!understandMessage(c.first, { timeZone: loc.timeZone }, at).when) sent.push({ text: c.answer, at: new Date(at.getTime() + 60_000) });
    const stating = sent.find((s) => understandMessage(s.text, { timeZone: loc.timeZone }, s.at).when);
    if (!stating) return;
    const when = understandMessage(stating.text, { timeZone: loc.timeZone }, stating.at).when;
    const pref = parseBookingPreference(when?.said ?? when?.text ?? '', { zone: loc.timeZone, now: stating.at });
    if (isOpenPreference(pref)) return;
    const now = sent[sent.length - 1]!.at;
    const earliest = new Date(now.getTime() + NOTICE_MINUTES * 60_000);
    const grid = withStartsFor(pref, calendar.slotGrid(earliest, HORIZON_DAYS, SLOT_MINUTES), (minute) => calendar.slotsStartingAt(earliest, HORIZON_DAYS, SLOT_MINUTES, minute));
    const free = grid.filter((s) => !booked.some((b) => b.start < s.end && b.end > s.start));
    const ranked = rankOffers(free, pref, OFFERS);
    if (ranked.slots.length === 0) return;
    const intro = offerIntro({ businessName: 'Demo', fit: ranked.fit, shown: ranked.slots.length, wanted: OFFERS, label: pref.label, serviceName: 'Furnace repair', fallback: 'Demo: here are the next openings for Furnace repair:', reschedule: false });
    const text = `${intro}\n${ranked.slots.map((s, n) => `${n + 1}) ${slotLabel(s.start, loc.timeZone)}`).join('\n')}\nReply with the number that works.`;
    const fit = offerFit(sent, [{ text, at: new Date(now.getTime() + 5_000) }], loc.timeZone);
    // The truth: a free slot of the grid, or a free one starting exactly at the stated time of day, inside the window.
    const possible = [...free, ...(pref.timeOfDay ? calendar.slotsStartingAt(earliest, HORIZON_DAYS, SLOT_MINUTES, pref.timeOfDay.fromMinute) : [])].filter((s) => !booked.some((b) => b.start < s.end && b.end > s.start));
    if (fit) out.push({ location: loc.name, said: fit.said, text, fit, windowHadCapacity: possible.some((s) => slotInsidePreference(s, pref)) });
    booked.push(ranked.slots[0]!);
  });
  return out;
}

/** The demo's callers who book: each built-in first message with each answer to "what day and time?". */
export function builtInCallers(): ReplayCaller[] {
  // Every first message with every answer, ordered so that callers shared out round-robin mix both.
  const firsts = BUILT_IN_REPLIES.books;
  const answers = BUILT_IN_ANSWERS.when;
  return Array.from({ length: firsts.length * answers.length }, (_, k) => ({ first: firsts[k % firsts.length]!, answer: answers[Math.floor(k / firsts.length) % answers.length]! }));
}

/** `book` rows of a labelled JSON-lines file (../shared/eval format) as first messages; the answer cycles through the built-in ones. */
export function callersFromFile(path: string): ReplayCaller[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text?: string; label?: { intent?: string } })
    .filter((r) => r.label?.intent === 'book' && typeof r.text === 'string')
    .map((r, i) => ({ first: r.text ?? '', answer: BUILT_IN_ANSWERS.when[i % BUILT_IN_ANSWERS.when.length]! }));
}

function main(): void {
  const { values } = parseArgs({ options: { replies: { type: 'string', multiple: true }, callers: { type: 'string' }, verbose: { type: 'boolean' } } });
  const callers = values.replies?.length ? values.replies.flatMap(callersFromFile) : builtInCallers();
  const perLocation = Number(values.callers ?? 25);
  const offers: ReplayedOffer[] = [];
  for (const start of DEMO_STARTS) {
    DEMO_LOCATIONS.forEach((loc, l) => {
      // Callers are shared out among the locations, as the demo's calls are.
      const mine = callers.filter((_, i) => i % DEMO_LOCATIONS.length === l).slice(0, perLocation);
      offers.push(...replayLocation(loc, start, mine));
    });
  }
  if (values.verbose) {
    for (const o of offers.filter((x) => x.fit.inside < x.fit.offered.length)) {
      console.log(`${o.location} | "${o.said}" -> ${o.fit.label} | window free: ${o.windowHadCapacity ? 'yes' : 'no'} | ${o.fit.offered.join('; ')} | ${o.text.split('\n')[0]}`);
    }
  }
  const totals = totalOfferFits(offers.map((o) => o.fit));
  console.log(formatOfferFitTotals(totals));
  const wrong = offers.filter((o) => o.windowHadCapacity && o.fit.inside < o.fit.offered.length);
  const unannounced = offers.filter((o) => !o.windowHadCapacity && !o.fit.saidNoCapacity);
  const falseFull = offers.filter((o) => o.windowHadCapacity && o.fit.saidNoCapacity);
  console.log(
    `truth: offers with a slot outside a window that had a free slot: ${wrong.length} (of which said "nothing is free" wrongly: ${falseFull.length}); offers for a full window that did not say so: ${unannounced.length} (of ${offers.length} offers)`,
  );
}

if (require.main === module) main();
