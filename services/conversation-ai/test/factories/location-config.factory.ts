import { randomUUID } from 'node:crypto';
import { type LocationConfig, locationConfigSchema } from '@textback/contracts';

/** A random valid E.164 number in the US 555-01xx fictional range. */
export function testNumber(): string {
  return `+1303555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

/** A plumbing location in Denver with a catalogue, a service area and one sending number. */
export function buildLocationConfig(overrides: Partial<LocationConfig> = {}): LocationConfig {
  return locationConfigSchema.parse({
    locationId: randomUUID(),
    tenantId: randomUUID(),
    regionId: null,
    revision: 1,
    businessName: 'Acme Plumbing',
    locationName: 'Boulder',
    timeZone: 'America/Denver',
    businessHours: { mon: [{ open: '08:00', close: '17:00' }] },
    forwardToE164: testNumber(),
    phoneNumbers: [{ e164: testNumber(), provider: 'bandwidth', purpose: 'main_line' }],
    sendingNumbers: [{ e164: testNumber(), provider: 'bandwidth', campaignStatus: 'registered' }],
    services: [
      { serviceId: 'drain', name: 'Drain cleaning', synonyms: ['drain', 'clogged drain'], averageTicketCents: 20_000 },
      { serviceId: 'water-heater', name: 'Water heater repair', synonyms: ['water heater'], averageTicketCents: 45_000 },
    ],
    serviceArea: { cities: ['Boulder'], zips: ['80301'] },
    ...overrides,
  });
}
