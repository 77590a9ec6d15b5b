import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { geocoder } from 'libphonenumber-geo-carrier';
import { buildLocationConfig } from '../../../test/factories/location-config.factory';
import { FLORIDA_AREA_CODES } from './calling-hours.constants';
import { RecipientZones } from './recipient-zones.service';

describe(RecipientZones.name, () => {
  const zones = new RecipientZones();
  const newYork = buildLocationConfig({ timeZone: 'America/New_York' });

  it('takes the zone from an area code that fixes it (808 Hawaii, 212 New York, 415 California)', async () => {
    await expect(zones.of('+18085550123', newYork)).resolves.toMatchObject({ zones: ['Pacific/Honolulu'], basis: 'number' });
    await expect(zones.of('+12125550123', newYork)).resolves.toMatchObject({ zones: ['America/New_York'], basis: 'number' });
    await expect(zones.of('+14155550123', newYork)).resolves.toMatchObject({ zones: ['America/Los_Angeles'], basis: 'number' });
  });

  it("uses every candidate of a split area code plus the location's zone (907 Alaska: Adak and Anchorage)", async () => {
    const r = await zones.of('+19075550123', newYork);
    expect(r.basis).toBe('number_and_location');
    expect([...r.zones].sort()).toEqual(['America/Adak', 'America/Anchorage', 'America/New_York']);
  });

  it("falls back to the location's zone for numbers that only match the +1 catch-all (toll-free) or do not parse", async () => {
    await expect(zones.of('+18005550123', newYork)).resolves.toMatchObject({ zones: ['America/New_York'], basis: 'location' });
    await expect(zones.of('+1999', newYork)).resolves.toMatchObject({ zones: ['America/New_York'], basis: 'location' });
  });

  it('keeps a narrow country-wide list as candidates (+44: London, Guernsey, Isle of Man)', async () => {
    const r = await zones.of('+447700900123', newYork);
    expect(r.basis).toBe('number_and_location');
    expect(r.zones).toEqual(expect.arrayContaining(['Europe/London', 'America/New_York']));
    expect(r.rules).toEqual([]);
  });

  it('applies the TCPA to US numbers, Florida on Florida area codes, and nothing to Canada', async () => {
    expect((await zones.of('+13055550123', newYork)).rules.map((r) => r.id)).toEqual(['us_tcpa', 'us_fl_telemarketing_act']);
    expect((await zones.of('+12125550123', newYork)).rules.map((r) => r.id)).toEqual(['us_tcpa']);
    expect((await zones.of('+16045550123', newYork)).rules).toEqual([]);
  });
});

describe('FLORIDA_AREA_CODES', () => {
  it("are all Florida in libphonenumber's geocoding data", async () => {
    for (const npa of FLORIDA_AREA_CODES) {
      const where = await geocoder(parsePhoneNumberFromString(`+1${npa}5550123`));
      expect({ npa, florida: where === 'Florida' || (where ?? '').endsWith(', FL') }).toEqual({ npa, florida: true });
    }
  });
});
