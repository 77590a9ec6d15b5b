import { randomUUID } from 'node:crypto';
import { type LocationConfig, locationConfigSchema } from '@textback/contracts';

/** A random US number in the 555-01xx fictional range shape, unique enough per test run. */
export function randomUsNumber(): string {
  return `+1312${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}

/** A valid location config (open every day 07:00-20:00 America/Chicago, quiet 21:00-08:00, one registered sending number). */
export function buildLocationConfig(overrides: Partial<LocationConfig> = {}): LocationConfig {
  const mainLine = randomUsNumber();
  const sending = randomUsNumber();
  const hours = [{ open: '07:00', close: '20:00' }];
  return locationConfigSchema.parse({
    locationId: randomUUID(),
    tenantId: randomUUID(),
    regionId: null,
    revision: 1,
    businessName: 'Acme Plumbing',
    locationName: 'Acme North',
    timeZone: 'America/Chicago',
    businessHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
    forwardToE164: randomUsNumber(),
    phoneNumbers: [{ e164: mainLine, provider: 'bandwidth', purpose: 'main_line' }],
    sendingNumbers: [{ e164: sending, provider: 'bandwidth', campaignStatus: 'registered', messagesPerSecond: 50 }],
    services: [],
    ...overrides,
  });
}

/** A location whose numbers are on Twilio (like Boston in deploy/examples/franchise.yaml), sending number registered. */
export function buildTwilioLocationConfig(overrides: Partial<LocationConfig> = {}): LocationConfig {
  const base = buildLocationConfig(overrides);
  return locationConfigSchema.parse({
    ...base,
    phoneNumbers: base.phoneNumbers.map((n) => ({ ...n, provider: 'twilio' })),
    sendingNumbers: base.sendingNumbers.map((n) => ({ ...n, provider: 'twilio' })),
    ...overrides,
  });
}
