import { isIanaTimeZone, timeZoneSchema } from './primitives';

describe('isIanaTimeZone', () => {
  it('accepts a zone of the runtime, also when asked again (remembered)', () => {
    expect(isIanaTimeZone('America/Chicago')).toBe(true);
    expect(isIanaTimeZone('America/Chicago')).toBe(true);
    expect(timeZoneSchema.safeParse('America/Chicago').success).toBe(true);
  });

  it('refuses names that are not zones, every time', () => {
    for (let i = 0; i < 2; i++) {
      expect(isIanaTimeZone('Mars/Olympus_Mons')).toBe(false);
      expect(isIanaTimeZone('')).toBe(false);
    }
    expect(timeZoneSchema.safeParse('Mars/Olympus_Mons').success).toBe(false);
  });
});
