import { randomUUID } from 'node:crypto';
import { type LocationConfig, locationConfigSchema } from '@textback/contracts';

let sequence = 0;

/** A unique E.164 number for a test (+1 555 01x xxxx range, never dialled). */
export function testNumber(): string {
  sequence += 1;
  return `+1555${String(Math.floor(Math.random() * 900) + 100)}${String(sequence % 10_000).padStart(4, '0')}`;
}

/**
 * A location in Chicago open Mon–Fri 08:00–17:00, quiet hours 21:00–08:00, capacity 1, one
 * service (2 h slots, $450 average ticket), and an on-call rotation Ann → Bob → manager with a
 * 300 s escalation timeout.
 */
export function buildLocationConfig(overrides: Partial<LocationConfig> = {}): LocationConfig {
  const hours = [{ open: '08:00', close: '17:00' }];
  return locationConfigSchema.parse({
    locationId: randomUUID(),
    tenantId: randomUUID(),
    regionId: null,
    revision: 1,
    businessName: 'Acme HVAC',
    locationName: 'Acme North',
    timeZone: 'America/Chicago',
    businessHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
    holidays: [],
    forwardToE164: testNumber(),
    quietHours: { start: '21:00', end: '08:00' },
    phoneNumbers: [{ e164: testNumber(), provider: 'bandwidth', purpose: 'main_line' }],
    sendingNumbers: [{ e164: testNumber(), provider: 'bandwidth', campaignStatus: 'registered' }],
    services: [{ serviceId: 'hvac-repair', name: 'HVAC repair', averageTicketCents: 45_000, slotMinutes: 120 }],
    onCall: {
      escalationTimeoutSeconds: 300,
      managerE164: testNumber(),
      rotation: [
        { name: 'Ann Lee', e164: testNumber() },
        { name: 'Bob Diaz', e164: testNumber() },
      ],
    },
    capacity: 1,
    ...overrides,
  });
}
