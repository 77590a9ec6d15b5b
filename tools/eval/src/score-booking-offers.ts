/**
 * Measures how well booking offers honour a caller's stated preference, before and after @textback/booking-preference:
 * for a fixed set of phrasings (each with a window written by hand here, independent of the parser) at three
 * locations, how many of the offered slots fall inside the stated window, and how many start at night (22:00-06:00
 * local). "Before" is the offer as scheduling made it until issue 15: the earliest free slots of business hours;
 * "after" is the booking hours of the service ({@link bookingHoursFor}) ranked by {@link rankOffers}. No bookings are
 * taken (every slot is free), 60 minutes' notice, a 14-day horizon and three offers, as scheduling's defaults.
 *
 * Run: `npm run build && node dist/tools/eval/src/score-booking-offers.js` (no arguments; prints a table and totals).
 */
import { parseBookingPreference, rankOffers } from '@textback/booking-preference';
import { type LocationConfig } from '@textback/contracts';
import { DateTime } from 'luxon';
import { bookingHoursFor } from '../../../services/scheduling/src/modules/calendar/booking-hours.policy';
import { BusinessHoursCalendar } from '../../../services/scheduling/src/modules/calendar/business-hours.calendar';

type Hours = LocationConfig['businessHours'];
const day = (open: string, close: string) => [{ open, close }];
const every = (open: string, close: string, days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']): Hours => Object.fromEntries(days.map((d) => [d, day(open, close)]));

/** Three locations: answered 24/7 (like the demo's Denver and Chicago), office hours, office hours with Saturday. */
const LOCATIONS: { name: string; timeZone: string; businessHours: Hours }[] = [
  { name: '24/7 line (Denver)', timeZone: 'America/Denver', businessHours: every('00:00', '23:59') },
  { name: 'Mon-Fri 8-17 (Boston)', timeZone: 'America/New_York', businessHours: every('08:00', '17:00', ['mon', 'tue', 'wed', 'thu', 'fri']) },
  { name: 'Mon-Sat 7-18 (Chicago)', timeZone: 'America/Chicago', businessHours: { ...every('07:00', '18:00', ['mon', 'tue', 'wed', 'thu', 'fri']), sat: day('09:00', '13:00') } },
];

/** Reference "now": Monday Nov 30 2026, 10:00 at each location (so "not Monday" and "tomorrow" mean something). */
const NOW_LOCAL = { year: 2026, month: 11, day: 30, hour: 10 };

/** The phrasings and, for each, the window a person reads in it (local start of the slot; `tomorrow` = Tue Dec 1). */
const PHRASINGS: { said: string; inside: (t: DateTime) => boolean }[] = [
  { said: 'Friday morning if possible', inside: (t) => t.weekday === 5 && t.hour < 12 },
  { said: 'after 5', inside: (t) => t.hour >= 17 },
  { said: 'this weekend', inside: (t) => t.weekday >= 6 },
  { said: 'not Monday', inside: (t) => t.weekday !== 1 },
  { said: 'afternoons are best for me', inside: (t) => t.hour >= 12 && t.hour < 17 },
  { said: 'tomorrow morning works', inside: (t) => t.toISODate() === '2026-12-01' && t.hour < 12 },
  { said: 'any time tomorrow afternoon', inside: (t) => t.toISODate() === '2026-12-01' && t.hour >= 12 && t.hour < 17 },
  { said: 'actually Saturday works better', inside: (t) => t.weekday === 6 },
  { said: 'before 10 please', inside: (t) => t.hour < 10 },
  { said: 'Tuesday or Wednesday evening', inside: (t) => (t.weekday === 2 || t.weekday === 3) && t.hour >= 17 },
  { said: "Monday doesn't work for me", inside: (t) => t.weekday !== 1 },
  { said: 'next Thursday afternoon', inside: (t) => t.weekday === 4 && t.hour >= 12 && t.hour < 17 },
];

const OFFERS = 3;
const NOTICE_MINUTES = 60;
const HORIZON_DAYS = 14;
const SLOT_MINUTES = 120;

function main(): void {
  const rows: string[][] = [];
  const total = { before: 0, after: 0, offered: { before: 0, after: 0 }, night: { before: 0, after: 0 }, possible: 0, honoured: 0 };
  for (const loc of LOCATIONS) {
    const now = DateTime.fromObject(NOW_LOCAL, { zone: loc.timeZone }).toJSDate();
    const earliest = new Date(now.getTime() + NOTICE_MINUTES * 60_000);
    const config = { timeZone: loc.timeZone, holidays: [] as string[], businessHours: loc.businessHours };
    const before = new BusinessHoursCalendar(config).slotGrid(earliest, HORIZON_DAYS, SLOT_MINUTES);
    const after = new BusinessHoursCalendar({ ...config, businessHours: bookingHoursFor(config, undefined) }).slotGrid(earliest, HORIZON_DAYS, SLOT_MINUTES);
    for (const p of PHRASINGS) {
      const local = (d: Date) => DateTime.fromJSDate(d, { zone: loc.timeZone });
      const beforeOffer = before.slice(0, OFFERS);
      const ranked = rankOffers(after, parseBookingPreference(p.said, { zone: loc.timeZone, now }), OFFERS);
      const inBefore = beforeOffer.filter((s) => p.inside(local(s.start))).length;
      const inAfter = ranked.slots.filter((s) => p.inside(local(s.start))).length;
      const capacity = after.some((s) => p.inside(local(s.start)));
      const night = (xs: { start: Date }[]) => xs.filter((s) => local(s.start).hour >= 22 || local(s.start).hour < 6).length;
      total.before += inBefore;
      total.after += inAfter;
      total.offered.before += beforeOffer.length;
      total.offered.after += ranked.slots.length;
      total.night.before += night(beforeOffer);
      total.night.after += night(ranked.slots);
      if (capacity) {
        total.possible += 1;
        if (ranked.slots.length > 0 && inAfter === ranked.slots.length) total.honoured += 1;
      }
      const labels = (xs: { start: Date }[]) => xs.map((s) => local(s.start).toFormat('ccc d H:mm')).join(', ');
      rows.push([loc.name, p.said, `${inBefore}/${beforeOffer.length}`, `${inAfter}/${ranked.slots.length}`, capacity ? 'yes' : 'no', ranked.fit, labels(beforeOffer), labels(ranked.slots)]);
    }
  }
  const head = ['location', 'caller said', 'inside before', 'inside after', 'window free', 'fit', 'offered before', 'offered after'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  console.log('');
  console.log(`offered slots inside the stated window: before ${total.before}/${total.offered.before}, after ${total.after}/${total.offered.after}`);
  console.log(`phrasings whose window had free slots and got only slots inside it: after ${total.honoured}/${total.possible}`);
  console.log(`offered slots starting 22:00-06:00 local: before ${total.night.before}, after ${total.night.after}`);
  // A caller with no preference who texts at 01:30: the first offers, before and after.
  for (const loc of LOCATIONS) {
    const now = DateTime.fromObject({ ...NOW_LOCAL, hour: 1, minute: 30 }, { zone: loc.timeZone }).toJSDate();
    const earliest = new Date(now.getTime() + NOTICE_MINUTES * 60_000);
    const config = { timeZone: loc.timeZone, holidays: [] as string[], businessHours: loc.businessHours };
    const before = new BusinessHoursCalendar(config).slotGrid(earliest, HORIZON_DAYS, SLOT_MINUTES).slice(0, OFFERS);
    const after = new BusinessHoursCalendar({ ...config, businessHours: bookingHoursFor(config, undefined) }).slotGrid(earliest, HORIZON_DAYS, SLOT_MINUTES).slice(0, OFFERS);
    const labels = (xs: { start: Date }[]) => xs.map((s) => DateTime.fromJSDate(s.start, { zone: loc.timeZone }).toFormat('ccc d H:mm')).join(', ');
    console.log(`no preference, texting at Mon 01:30, ${loc.name}: before ${labels(before)}; after ${labels(after)}`);
  }
}

main();
