import { stringify } from 'yaml';

/** One location of the demo franchise, as the demo needs to know it. */
export interface DemoLocation {
  slug: string;
  name: string;
  timeZone: string;
  /** The main line callers dial (E.164); also the sending number. */
  mainLine: string;
  forwardTo: string;
  ringTimeoutSeconds: number;
  /** Answer confirmation: the location's phone presses 1 to take a forwarded call (a machine picking up is a missed call). */
  answerConfirmation: boolean;
  /** City or zip the demo's callers give when asked where they are; null without a service area. */
  place: string | null;
  /** Relative call volume. */
  weight: number;
  onCall: Array<{ name: string; e164: string }>;
  managerE164: string;
  services: Array<{ id: string; name: string; synonyms: string[]; averageTicketCents: number }>;
}

/** The demo franchise: the manifest for `textback tenants apply` and what the demo needs of it. */
export interface DemoFranchise {
  slug: string;
  name: string;
  ownerEmail: string;
  locations: DemoLocation[];
  /** The manifest (YAML) for `textback tenants apply -f`. */
  manifestYaml: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Builds a three-location HVAC and plumbing franchise (Denver, Chicago, Boston; three IANA time
 * zones) whose slug and phone numbers are unique to `runId`, so every demo run is its own tenant
 * and its numbers never clash with an earlier run's (lead-crm refuses a number another tenant
 * holds). Denver and Chicago answer around the clock (24/7 emergency service, common in the
 * trade); Boston keeps office hours, so depending on when the demo runs its calls take the
 * business-hours path (forward, ring) or the after-hours path (voicemail prompt).
 * Escalation timeouts are short (`escalationTimeoutSeconds`, default 20 s) so the demo shows an escalation within its
 * run. Chicago asks whoever picks up a forwarded call to press 1 (answer confirmation), with a ring timeout below
 * carrier voicemail's 20 s.
 * @param runId 4 to 6 digits.
 * @param escalationTimeoutSeconds seconds an on-call page waits for an ACK before the next person is paged.
 */
export function demoFranchise(runId: string, escalationTimeoutSeconds = 20): DemoFranchise {
  const n = runId.padStart(4, '0').slice(-4);
  const num = (area: string, suffix: string) => `+1${area}2${n.slice(0, 2)}${n.slice(2, 4)}0${suffix}`;
  const hvac = (ticket: number) => [
    { id: 'furnace-repair', name: 'Furnace repair', synonyms: ['heater', 'heating', 'furnace', 'no heat'], averageTicketCents: ticket },
    { id: 'water-heater', name: 'Water heater', synonyms: ['hot water', 'water heater'], averageTicketCents: 180_000 },
    { id: 'plumbing-repair', name: 'Plumbing repair', synonyms: ['leak', 'pipe', 'drain', 'clog', 'toilet'], averageTicketCents: 32_000 },
    { id: 'ac-repair', name: 'AC repair', synonyms: ['air conditioning', 'ac', 'cooling'], averageTicketCents: 41_000 },
  ];
  const locations: DemoLocation[] = [
    { slug: 'denver', name: 'Demo Denver', timeZone: 'America/Denver', mainLine: num('720', '1'), forwardTo: num('720', '2'), ringTimeoutSeconds: 25, answerConfirmation: false, place: '80202', weight: 5, onCall: [{ name: 'Maria Lopez', e164: num('720', '3') }, { name: 'Sam Patel', e164: num('720', '4') }], managerE164: num('720', '5'), services: hvac(45_000) },
    { slug: 'chicago', name: 'Demo Chicago', timeZone: 'America/Chicago', mainLine: num('312', '1'), forwardTo: num('312', '2'), ringTimeoutSeconds: 18, answerConfirmation: true, place: 'Evanston', weight: 3, onCall: [{ name: 'Dee Walker', e164: num('312', '3') }, { name: 'Chris Young', e164: num('312', '4') }], managerE164: num('312', '5'), services: hvac(52_000) },
    { slug: 'boston', name: 'Demo Boston', timeZone: 'America/New_York', mainLine: num('617', '1'), forwardTo: num('617', '2'), ringTimeoutSeconds: 20, answerConfirmation: false, place: null, weight: 2, onCall: [{ name: 'Alex Kim', e164: num('617', '3') }], managerE164: num('617', '5'), services: hvac(48_000) },
  ];
  const slug = `demo-${runId}`;
  const manifest = {
    tenant: { slug, name: `Textback Demo Heating & Plumbing (${runId})` },
    regions: [
      { slug: 'west', name: 'West' },
      { slug: 'central-east', name: 'Central & East' },
    ],
    locations: locations.map((l) => ({
      slug: l.slug,
      name: l.name,
      region: l.slug === 'denver' ? 'west' : 'central-east',
      timeZone: l.timeZone,
      forwardTo: l.forwardTo,
      businessHours: Object.fromEntries(
        l.slug === 'boston' ? DAYS.slice(0, 5).map((d) => [d, [{ open: '08:00', close: '17:00' }]]) : DAYS.map((d) => [d, [{ open: '00:00', close: '24:00' }]]),
      ),
      ringTimeoutSeconds: l.ringTimeoutSeconds,
      ...(l.answerConfirmation ? { answerConfirmation: true } : {}),
      minRingSeconds: 3,
      firstTextCooldownMinutes: 30,
      quietHours: { start: '21:00', end: '08:00' },
      services: l.services,
      ...(l.place ? { serviceArea: l.slug === 'denver' ? { cities: ['Denver', 'Aurora'], zips: ['80202', '80203'] } : { cities: ['Chicago', 'Evanston'], zips: ['60601', '60201'] } } : {}),
      onCall: { escalationTimeoutSeconds, managerE164: l.managerE164, rotation: l.onCall },
      numbers: [{ e164: l.mainLine, provider: 'bandwidth', purpose: 'main_line' }],
      sendingNumbers: [{ e164: l.mainLine, provider: 'bandwidth', campaignStatus: 'registered', messagesPerSecond: 15 }],
    })),
    users: [{ email: `owner+${runId}@demo.textback.example`, name: 'Demo Owner', role: 'owner' }],
  };
  return { slug, name: manifest.tenant.name, ownerEmail: manifest.users[0]!.email, locations, manifestYaml: `# Generated by npm run demo (run ${runId}).\n${stringify(manifest)}` };
}
