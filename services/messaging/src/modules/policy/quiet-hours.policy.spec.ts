import { DateTime } from 'luxon';
import { buildLocationConfig } from '../../../test/factories/location-config.factory';
import { QuietHoursPolicy } from './quiet-hours.policy';

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
    expect(QuietHoursPolicy.nextAllowed(config, local('2026-12-01T03:00')).toISOString()).toBe(local('2026-12-01T08:00').toISOString());
    expect(QuietHoursPolicy.nextAllowed(config, local('2026-12-01T22:30')).toISOString()).toBe(local('2026-12-02T08:00').toISOString());
    const noon = local('2026-12-01T12:00');
    expect(QuietHoursPolicy.nextAllowed(config, noon)).toBe(noon);
  });

  it('uses local wall-clock time across a DST change (8:00 CDT after the March switch)', () => {
    const night = local('2026-03-08T03:30');
    expect(QuietHoursPolicy.nextAllowed(config, night).toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });

  it('is open inside business hours and closed on holidays', () => {
    const withHoliday = buildLocationConfig({ holidays: ['2026-12-25'] });
    expect(QuietHoursPolicy.isOpen(withHoliday, local('2026-12-01T12:00'))).toBe(true);
    expect(QuietHoursPolicy.isOpen(withHoliday, local('2026-12-01T20:30'))).toBe(false);
    expect(QuietHoursPolicy.isOpen(withHoliday, local('2026-12-25T12:00'))).toBe(false);
  });
});
