import { parseBookingPreference } from '@textback/booking-preference';
import { BusinessHoursCalendar } from '../calendar/business-hours.calendar';
import { bookingHoursFor } from '../calendar/booking-hours.policy';
import { withStartsFor } from './offer-candidates';

const zone = 'America/Denver';
const now = new Date('2026-12-04T16:00:00Z'); // Fri Dec 4, 09:00 Denver
const all = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '24:00' }]]));
const calendar = new BusinessHoursCalendar({ timeZone: zone, holidays: [], businessHours: bookingHoursFor({ businessHours: all }, undefined) });
const grid = calendar.slotGrid(now, 3, 120);
const starts = (minute: number) => calendar.slotsStartingAt(now, 3, 120, minute);
const hours = (xs: { start: Date }[]) => xs.map((s) => s.start.toLocaleString('en-US', { timeZone: zone, weekday: 'short', hour: 'numeric' }));

describe(withStartsFor.name, () => {
  it('adds slots at a stated clock time the grid does not start at (24/7 line booking 7-20: grid 7, 9, ... 17)', () => {
    const pref = parseBookingPreference('tomorrow at 4pm', { zone, now });
    const out = withStartsFor(pref, grid, starts);
    expect(hours(out.filter((s) => !grid.includes(s)))).toEqual(['Fri 4 PM', 'Sat 4 PM', 'Sun 4 PM']);
    expect(out.map((s) => s.start.getTime())).toEqual([...out.map((s) => s.start.getTime())].sort((a, b) => a - b));
  });

  it('adds nothing when the grid already starts inside the window, or without a clock window', () => {
    expect(withStartsFor(parseBookingPreference('afternoons are best', { zone, now }), grid, starts)).toBe(grid);
    expect(withStartsFor(parseBookingPreference('Friday morning', { zone, now }), grid, starts)).toBe(grid);
    expect(withStartsFor(parseBookingPreference('not Monday', { zone, now }), grid, starts)).toBe(grid);
    expect(withStartsFor(null, grid, starts)).toBe(grid);
  });

  it('never adds a slot running past closing (a 2-hour job at 7pm when booking ends at 8pm)', () => {
    expect(withStartsFor(parseBookingPreference('at 7pm', { zone, now }), grid, starts)).toBe(grid);
  });
});
