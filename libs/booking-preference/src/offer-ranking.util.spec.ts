import { DateTime } from 'luxon';
import { parseBookingPreference } from './booking-preference.parser';
import { rankOffers, slotInsidePreference } from './offer-ranking.util';

const NY = 'America/New_York';
const NOW = new Date('2026-12-02T19:00:00Z'); // Wed Dec 2 2026, 14:00 New York

/** Two-hour slots at 8, 10, 12, 14, 16 local, Thu Dec 3 .. Mon Dec 7 (New York). */
function grid(): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let d = 3; d <= 7; d++) {
    for (const hour of [8, 10, 12, 14, 16]) {
      const start = DateTime.fromObject({ year: 2026, month: 12, day: d, hour }, { zone: NY });
      out.push({ start: start.toJSDate(), end: start.plus({ hours: 2 }).toJSDate() });
    }
  }
  return out;
}

const labels = (slots: { start: Date }[]) => slots.map((s) => DateTime.fromJSDate(s.start, { zone: NY }).toFormat('ccc H'));
const pref = (text: string) => parseBookingPreference(text, { zone: NY, now: NOW });

describe(rankOffers.name, () => {
  it('offers only slots inside the stated window when it has capacity', () => {
    const ranked = rankOffers(grid(), pref('Friday morning if possible'), 3);
    expect(ranked.fit).toBe('inside');
    expect(labels(ranked.slots)).toEqual(['Fri 8', 'Fri 10']);
  });

  it('offers the nearest alternatives, and says so, when the window is full', () => {
    const free = grid().filter((s) => !(DateTime.fromJSDate(s.start, { zone: NY }).weekday === 5 && DateTime.fromJSDate(s.start, { zone: NY }).hour < 12));
    const ranked = rankOffers(free, pref('Friday morning'), 3);
    expect(ranked.fit).toBe('nearest');
    expect(labels(ranked.slots)).toEqual(['Fri 12', 'Fri 14', 'Fri 16']);
  });

  it('offers the earliest slots when no preference was stated, and for "as soon as possible"', () => {
    expect(rankOffers(grid(), pref('my sink is leaking'), 3)).toMatchObject({ fit: 'earliest' });
    expect(labels(rankOffers(grid(), pref('as soon as possible'), 3).slots)).toEqual(['Thu 8', 'Thu 10', 'Thu 12']);
  });

  it('keeps a ruled-out day out of the offers', () => {
    const ranked = rankOffers(grid().filter((s) => DateTime.fromJSDate(s.start, { zone: NY }).weekday !== 4), pref('not Friday'), 3);
    expect(ranked.fit).toBe('inside');
    expect(labels(ranked.slots)).toEqual(['Sat 8', 'Sat 10', 'Sat 12']);
  });

  it('reads "after 5" against slots that end by 6pm as full and offers the latest ones of the first day', () => {
    const ranked = rankOffers(grid(), pref('after 5'), 2);
    expect(ranked.fit).toBe('nearest');
    expect(labels(ranked.slots)).toEqual(['Thu 14', 'Thu 16']);
  });

  it('offers the days around the coming occurrence of a day without slots', () => {
    const weekdaysOnly = grid().filter((s) => DateTime.fromJSDate(s.start, { zone: NY }).weekday <= 5);
    const ranked = rankOffers(weekdaysOnly, pref('actually Saturday works better'), 3);
    expect(ranked.fit).toBe('nearest');
    expect(labels(ranked.slots)).toEqual(['Fri 12', 'Fri 14', 'Fri 16']);
  });

  it('ranks the weekend and afternoons', () => {
    expect(labels(rankOffers(grid(), pref('this weekend'), 3).slots)).toEqual(['Sat 8', 'Sat 10', 'Sat 12']);
    expect(labels(rankOffers(grid(), pref('afternoons are best for me'), 3).slots)).toEqual(['Thu 12', 'Thu 14', 'Thu 16']);
    expect(labels(rankOffers(grid(), pref('actually Saturday works better'), 2).slots)).toEqual(['Sat 8', 'Sat 10']);
  });
});

describe(slotInsidePreference.name, () => {
  it('judges the local time across the DST change (8am EST on Mon Nov 2 2026 is a morning slot)', () => {
    const p = parseBookingPreference('Monday before 9', { zone: NY, now: new Date('2026-10-30T14:00:00Z') });
    // 08:00 EST = 13:00Z; the same UTC hour a week earlier (EDT) would be 09:00 local.
    expect(slotInsidePreference({ start: new Date('2026-11-02T13:00:00Z'), end: new Date('2026-11-02T15:00:00Z') }, p)).toBe(true);
    expect(slotInsidePreference({ start: new Date('2026-11-02T14:00:00Z'), end: new Date('2026-11-02T16:00:00Z') }, p)).toBe(false);
  });
});
