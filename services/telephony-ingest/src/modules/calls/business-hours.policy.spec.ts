import { DateTime } from 'luxon';
import { isWithinBusinessHours } from './business-hours.policy';

const config = {
  timeZone: 'America/Chicago',
  businessHours: { mon: [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '17:30' }], sat: [{ open: '09:00', close: '13:00' }] },
  holidays: ['2026-12-25'],
};

describe('isWithinBusinessHours', () => {
  it('reads the instant in the location time zone (Monday 30 Nov 2026, CST = UTC-6)', () => {
    expect(isWithinBusinessHours(config, new Date('2026-11-30T14:00:00Z'))).toBe(true); // 08:00 local, open inclusive
    expect(isWithinBusinessHours(config, new Date('2026-11-30T13:59:00Z'))).toBe(false); // 07:59
    expect(isWithinBusinessHours(config, new Date('2026-11-30T18:30:00Z'))).toBe(false); // 12:30 lunch
    expect(isWithinBusinessHours(config, new Date('2026-11-30T23:29:00Z'))).toBe(true); // 17:29
    expect(isWithinBusinessHours(config, new Date('2026-11-30T23:30:00Z'))).toBe(false); // 17:30, close exclusive
  });

  it('uses the local weekday, not the UTC one', () => {
    // Tuesday 01:00 UTC is Monday 19:00 in Chicago: closed; Saturday 15:00 UTC is 09:00 local: open.
    expect(isWithinBusinessHours(config, new Date('2026-12-01T01:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours(config, new Date('2026-12-05T15:00:00Z'))).toBe(true);
  });

  it('treats a missing day as closed', () => {
    expect(isWithinBusinessHours(config, new Date('2026-12-06T16:00:00Z'))).toBe(false); // Sunday 10:00
  });

  it('closes all day on a holiday (local date)', () => {
    const friday = { ...config, businessHours: { fri: [{ open: '08:00', close: '17:00' }] } };
    expect(isWithinBusinessHours(friday, new Date('2026-12-25T16:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours(friday, new Date('2026-12-18T16:00:00Z'))).toBe(true);
  });

  it('answers every instant of a minute alike, from the remembered conversion, and per zone', () => {
    // 17:29:00, 17:29:59.999 (same UTC minute: remembered) and 17:30:00.000 (the next: closed) local.
    expect(isWithinBusinessHours(config, new Date('2026-11-30T23:29:00.000Z'))).toBe(true);
    expect(isWithinBusinessHours(config, new Date('2026-11-30T23:29:59.999Z'))).toBe(true);
    expect(isWithinBusinessHours(config, new Date('2026-11-30T23:30:00.000Z'))).toBe(false);
    // The same UTC minute in New York is 18:29 local: closed, whatever Chicago's remembered answer.
    expect(isWithinBusinessHours({ ...config, timeZone: 'America/New_York' }, new Date('2026-11-30T23:29:30Z'))).toBe(false);
    // An unknown zone is closed, and stays closed when asked again.
    expect(isWithinBusinessHours({ ...config, timeZone: 'Nowhere/Atlantis' }, new Date('2026-11-30T15:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours({ ...config, timeZone: 'Nowhere/Atlantis' }, new Date('2026-11-30T15:00:00Z'))).toBe(false);
  });

  it('follows daylight saving time (CDT = UTC-5 in July)', () => {
    // Monday 6 July 2026 13:00 UTC = 08:00 CDT.
    expect(isWithinBusinessHours(config, new Date('2026-07-06T13:00:00Z'))).toBe(true);
    expect(isWithinBusinessHours(config, new Date('2026-07-06T12:59:00Z'))).toBe(false);
  });

  it('stays open through the last minute of a day that closes at 24:00 (a 24/7 line has no closed minute at midnight)', () => {
    const allDay = { timeZone: 'America/Denver', businessHours: { thu: [{ open: '00:00', close: '24:00' }], fri: [{ open: '00:00', close: '24:00' }] }, holidays: [] };
    expect(isWithinBusinessHours(allDay, new Date('2026-12-04T06:59:30Z'))).toBe(true); // Thu 23:59:30 MST
    expect(isWithinBusinessHours(allDay, new Date('2026-12-04T07:00:00Z'))).toBe(true); // Fri 00:00 MST
    const untilLastMinute = { ...allDay, businessHours: { thu: [{ open: '00:00', close: '23:59' }] } };
    expect(isWithinBusinessHours(untilLastMinute, new Date('2026-12-04T06:59:30Z'))).toBe(false);
  });

  it('agrees with a full luxon DateTime in the zone, minute by minute across DST changes and half-hour zones', () => {
    // The reference: the local time from luxon's DateTime (what the policy computed before caching the offset).
    const reference = (c: Parameters<typeof isWithinBusinessHours>[0], at: Date): boolean => {
      const local = DateTime.fromJSDate(at, { zone: c.timeZone });
      if (!local.isValid || c.holidays.includes(local.toISODate() ?? '')) return false;
      const day = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)[local.weekday - 1]!;
      const hhmm = local.toFormat('HH:mm');
      return (c.businessHours[day] ?? []).some((i) => i.open <= hhmm && hhmm < i.close);
    };
    const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '01:30', close: '02:30' }, { open: '03:00', close: '03:01' }, { open: '23:59', close: '24:00' }]]));
    // Spring forward and fall back (New York, London, Lord Howe's half-hour DST), a :45 zone, and a holiday boundary.
    const cases: [string, string][] = [
      ['America/New_York', '2026-03-08T05:00:00Z'],
      ['America/New_York', '2026-11-01T04:30:00Z'],
      ['Europe/London', '2026-03-29T00:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'],
      ['Asia/Kathmandu', '2026-12-31T17:00:00Z'],
    ];
    let checked = 0;
    for (const [timeZone, from] of cases) {
      const c = { timeZone, businessHours: week, holidays: ['2027-01-01'] };
      for (let ms = Date.parse(from); ms < Date.parse(from) + 4 * 3_600_000; ms += 37_000) {
        const at = new Date(ms);
        expect([timeZone, at.toISOString(), isWithinBusinessHours(c, at)]).toEqual([timeZone, at.toISOString(), reference(c, at)]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1_900);
  });

  it('treats an unknown time zone as closed', () => {
    expect(isWithinBusinessHours({ ...config, timeZone: 'Mars/Olympus_Mons' }, new Date('2026-11-30T15:00:00Z'))).toBe(false);
  });
});
