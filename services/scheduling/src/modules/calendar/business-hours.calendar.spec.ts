import { DateTime } from 'luxon';
import { BusinessHoursCalendar } from './business-hours.calendar';
import { inDailyWindow, nextLocalTime, slotLabel } from './local-time.util';

const zone = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const calendar = new BusinessHoursCalendar({
  timeZone: zone,
  businessHours: { mon: [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '17:00' }], tue: [{ open: '08:00', close: '17:00' }] },
  holidays: ['2026-12-08'],
});

describe(BusinessHoursCalendar.name, () => {
  it('lays slots end to end inside each opening, never past closing, skipping holidays and closed days', () => {
    // Mon 2026-12-07 10:30; Tue 12-08 is a holiday; Wed–Sun closed; next Mon 12-14.
    const slots = calendar.slotGrid(at('2026-12-07T10:30'), 8, 90);
    expect(slots.map((s) => DateTime.fromJSDate(s.start, { zone }).toFormat('ccc HH:mm'))).toEqual(['Mon 13:00', 'Mon 14:30', 'Mon 08:00', 'Mon 09:30', 'Mon 13:00', 'Mon 14:30']);
  });

  it('keeps local opening hours across the DST change', () => {
    // 2026-11-02 is the Monday after DST ends in New York (UTC-5 from 11-01).
    const [first] = calendar.openIntervals(at('2026-11-02T00:00'), 1);
    expect(first?.start.toISOString()).toBe('2026-11-02T13:00:00.000Z');
  });

  it('puts a callback now when open, else at the next opening, cut at closing', () => {
    expect(calendar.nextStaffedWindow(at('2026-12-07T11:30'), 60)).toEqual({ start: at('2026-12-07T11:30'), end: at('2026-12-07T12:00') });
    expect(calendar.nextStaffedWindow(at('2026-12-07T18:00'), 60)).toEqual({ start: at('2026-12-14T08:00'), end: at('2026-12-14T09:00') });
  });
});

describe('local time helpers', () => {
  it('treats a window whose end is before its start as crossing midnight', () => {
    expect(inDailyWindow(at('2026-12-07T22:00'), zone, '21:00', '08:00')).toBe(true);
    expect(inDailyWindow(at('2026-12-07T07:59'), zone, '21:00', '08:00')).toBe(true);
    expect(inDailyWindow(at('2026-12-07T08:00'), zone, '21:00', '08:00')).toBe(false);
  });

  it('finds the next local 08:00 and labels slots in local time', () => {
    expect(nextLocalTime(at('2026-12-07T22:00'), zone, '08:00')).toEqual(at('2026-12-08T08:00'));
    expect(slotLabel(at('2026-12-07T13:30'), zone)).toBe('Mon Dec 7, 1:30pm');
  });

  it('reads a 24:00 close as the end of the local day, so slots run up to midnight', () => {
    const allDay = new BusinessHoursCalendar({ timeZone: zone, businessHours: { mon: [{ open: '00:00', close: '24:00' }] }, holidays: [] });
    const [open] = allDay.openIntervals(at('2026-12-07T20:00'), 1);
    expect(open).toEqual({ start: at('2026-12-07T00:00'), end: at('2026-12-08T00:00') });
    const slots = allDay.slotGrid(at('2026-12-07T22:00'), 1, 60);
    expect(slots.map((s) => DateTime.fromJSDate(s.start, { zone }).toFormat('ccc HH:mm'))).toEqual(['Mon 22:00', 'Mon 23:00']);
  });
});
