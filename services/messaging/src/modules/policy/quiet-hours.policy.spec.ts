import { DateTime } from 'luxon';
import { buildLocationConfig } from '../../../test/factories/location-config.factory';
import { CALLING_HOURS_RULES } from './calling-hours.constants';
import { QuietHoursPolicy } from './quiet-hours.policy';
import { type RecipientHours } from './recipient-zones.service';

describe(QuietHoursPolicy.name, () => {
  const config = buildLocationConfig({ timeZone: 'America/Chicago', quietHours: { start: '21:00', end: '08:00' } });
  const local = (iso: string) => DateTime.fromISO(iso, { zone: 'America/Chicago' }).toJSDate();

  it('treats 3 a.m. and 21:00 local as quiet, 08:00 and noon as not (window crossing midnight)', () => {
    expect(QuietHoursPolicy.isQuiet(config, local('2026-12-01T03:00'))).toBe(true);
    expect(QuietHoursPolicy.isQuiet(config, local('2026-12-01T21:00'))).toBe(true);
    expect(QuietHoursPolicy.isQuiet(config, local('2026-12-01T08:00'))).toBe(false);
    expect(QuietHoursPolicy.isQuiet(config, local('2026-12-01T12:00'))).toBe(false);
  });

  it('defers to the start of the morning window: same day after midnight, next day before it', () => {
    expect(QuietHoursPolicy.nextAllowed(config, local('2026-12-01T03:00'))?.toISOString()).toBe(local('2026-12-01T08:00').toISOString());
    expect(QuietHoursPolicy.nextAllowed(config, local('2026-12-01T22:30'))?.toISOString()).toBe(local('2026-12-02T08:00').toISOString());
    const noon = local('2026-12-01T12:00');
    expect(QuietHoursPolicy.nextAllowed(config, noon)).toBe(noon);
  });

  it('uses local wall-clock time across a DST change (8:00 CDT after the March switch)', () => {
    const night = local('2026-03-08T03:30');
    expect(QuietHoursPolicy.nextAllowed(config, night)?.toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });

  it('is open inside business hours and closed on holidays', () => {
    const withHoliday = buildLocationConfig({ holidays: ['2026-12-25'] });
    expect(QuietHoursPolicy.isOpen(withHoliday, local('2026-12-01T12:00'))).toBe(true);
    expect(QuietHoursPolicy.isOpen(withHoliday, local('2026-12-01T20:30'))).toBe(false);
    expect(QuietHoursPolicy.isOpen(withHoliday, local('2026-12-25T12:00'))).toBe(false);
  });
});

describe(`${QuietHoursPolicy.name} in the recipient's time zones`, () => {
  const newYork = buildLocationConfig({ timeZone: 'America/New_York', quietHours: { start: '21:00', end: '08:00' } });
  const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' }).toJSDate();
  const hawaii: RecipientHours = { zones: ['Pacific/Honolulu'], basis: 'number', rules: [] };

  it('holds a text to Hawaii at 12:30 New York time (07:30 in Honolulu) until 08:00 Honolulu', () => {
    expect(QuietHoursPolicy.isQuiet(newYork, ny('2026-12-01T12:30'))).toBe(false);
    expect(QuietHoursPolicy.isQuiet(newYork, ny('2026-12-01T12:30'), hawaii)).toBe(true);
    expect(QuietHoursPolicy.nextAllowed(newYork, ny('2026-12-01T12:30'), hawaii)?.toISOString()).toBe('2026-12-01T18:00:00.000Z');
  });

  it('lets a text to Hawaii go at 21:30 New York time (16:30 in Honolulu), when New York itself is quiet', () => {
    const at = ny('2026-12-01T21:30');
    expect(QuietHoursPolicy.isQuiet(newYork, at)).toBe(true);
    expect(QuietHoursPolicy.nextAllowed(newYork, at, hawaii)).toBe(at);
  });

  it('with several candidate zones waits until it is daytime in every one (the stricter wins)', () => {
    const split: RecipientHours = { zones: ['America/Los_Angeles', 'America/Boise', 'America/New_York'], basis: 'number_and_location', rules: [] };
    // 10:00 New York = 07:00 Los Angeles: quiet there; 08:00 Los Angeles = 11:00 New York = 16:00 UTC.
    expect(QuietHoursPolicy.nextAllowed(newYork, ny('2026-12-01T10:00'), split)?.toISOString()).toBe('2026-12-01T16:00:00.000Z');
    // 19:30 Los Angeles = 22:30 New York: quiet in New York; next: 08:00 New York.
    expect(QuietHoursPolicy.nextAllowed(newYork, ny('2026-12-01T22:30'), split)?.toISOString()).toBe('2026-12-02T16:00:00.000Z');
  });

  it('adds the stricter Florida rule (8 p.m.) to the configured 21:00 and keeps the TCPA floor under a laxer config', () => {
    const florida: RecipientHours = { zones: ['America/New_York'], basis: 'number', rules: [...CALLING_HOURS_RULES] };
    expect(QuietHoursPolicy.isQuiet(newYork, ny('2026-12-01T20:30'), florida)).toBe(true);
    expect(QuietHoursPolicy.isQuiet(newYork, ny('2026-12-01T19:59'), florida)).toBe(false);
    const lax = buildLocationConfig({ timeZone: 'America/New_York', quietHours: { start: '23:00', end: '06:00' } });
    const tcpaOnly: RecipientHours = { zones: ['America/New_York'], basis: 'number', rules: CALLING_HOURS_RULES.filter((r) => r.id === 'us_tcpa') };
    expect(QuietHoursPolicy.isQuiet(lax, ny('2026-12-01T21:30'), tcpaOnly)).toBe(true);
    expect(QuietHoursPolicy.nextAllowed(lax, ny('2026-12-01T07:00'), tcpaOnly)?.toISOString()).toBe(ny('2026-12-01T08:00').toISOString());
  });

  it('gives up (null) when the zones share no daytime within 7 days', () => {
    // Allowed 08:00-18:00 in New York (13-23 UTC) and in Manila (00-10 UTC): never both.
    const long = buildLocationConfig({ timeZone: 'America/New_York', quietHours: { start: '18:00', end: '08:00' } });
    const apart: RecipientHours = { zones: ['Asia/Manila', 'America/New_York'], basis: 'number_and_location', rules: [] };
    expect(QuietHoursPolicy.nextAllowed(long, ny('2026-12-01T12:00'), apart)).toBeNull();
  });
});
