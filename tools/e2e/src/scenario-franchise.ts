import { type FranchiseManifest } from './e2e-pipeline';
import { type ScenarioLocation } from './scenario.types';

/** A scenario location's line and on-call people, as the player needs them. */
export interface ScenarioLine {
  slug: string;
  mainLine: string;
  timeZone: string;
  onCall: string[];
}

type Service = { id: string; name: string; synonyms: string[]; averageTicketCents: number; slotMinutes?: number; urgent?: boolean; urgentSymptoms?: string[] };

/** The locations added to the demo franchise, one per vertical (home services is the demo's Denver). */
const VERTICAL_LOCATIONS: Array<{ key: Exclude<ScenarioLocation, 'home'>; vertical: string; area: string; timeZone: string; countryCode?: string; services: Service[] }> = [
  {
    key: 'auto',
    vertical: 'auto_repair',
    area: '415',
    timeZone: 'America/Los_Angeles',
    services: [
      { id: 'brakes', name: 'Brake service', synonyms: ['brakes', 'brake pads', 'rotors'], averageTicketCents: 38_000 },
      { id: 'oil-change', name: 'Oil change', synonyms: ['oil', 'oil change', 'lube'], averageTicketCents: 8_000, slotMinutes: 60 },
      { id: 'diagnostic', name: 'Engine diagnostic', synonyms: ['check engine', 'engine light', 'diagnostic'], averageTicketCents: 15_000 },
      { id: 'tires', name: 'Tire service', synonyms: ['tire', 'tires', 'flat'], averageTicketCents: 20_000, slotMinutes: 60 },
    ],
  },
  {
    key: 'dental',
    vertical: 'dental',
    area: '206',
    timeZone: 'America/Los_Angeles',
    services: [
      // Spanish words as a practice serving Spanish-speaking patients lists them (as the salon does).
      { id: 'cleaning', name: 'Cleaning', synonyms: ['cleaning', 'checkup', 'check-up', 'hygienist', 'limpieza'], averageTicketCents: 15_000, slotMinutes: 60 },
      { id: 'filling', name: 'Filling', synonyms: ['filling', 'cavity', 'toothache'], averageTicketCents: 25_000, slotMinutes: 60 },
      { id: 'whitening', name: 'Whitening', synonyms: ['whitening', 'whiten'], averageTicketCents: 40_000, slotMinutes: 60 },
    ],
  },
  {
    key: 'clinic',
    vertical: 'medical_office',
    area: '503',
    timeZone: 'America/Los_Angeles',
    services: [
      { id: 'physical', name: 'Annual physical', synonyms: ['physical', 'annual exam', 'checkup'], averageTicketCents: 20_000, slotMinutes: 30 },
      { id: 'sick-visit', name: 'Sick visit', synonyms: ['sick', 'flu', 'cough', 'fever', 'sore throat'], averageTicketCents: 15_000, slotMinutes: 30 },
      { id: 'vaccination', name: 'Vaccination', synonyms: ['vaccine', 'shot', 'flu shot', 'vaccination'], averageTicketCents: 5_000, slotMinutes: 30 },
    ],
  },
  {
    key: 'vet',
    vertical: 'veterinary',
    area: '602',
    timeZone: 'America/Phoenix',
    services: [
      { id: 'wellness', name: 'Wellness exam', synonyms: ['checkup', 'vaccines', 'shots', 'annual visit'], averageTicketCents: 9_000, slotMinutes: 30 },
      { id: 'pet-dental', name: 'Pet dental cleaning', synonyms: ['teeth cleaning', 'dental'], averageTicketCents: 45_000 },
      { id: 'sick-pet', name: 'Sick pet visit', synonyms: ['vomiting', 'limping', 'not eating', 'diarrhea'], averageTicketCents: 12_000, slotMinutes: 30 },
    ],
  },
  {
    key: 'legal',
    vertical: 'legal',
    area: '404',
    timeZone: 'America/New_York',
    services: [
      { id: 'consultation', name: 'Consultation', synonyms: ['consultation', 'consult', 'advice'], averageTicketCents: 25_000, slotMinutes: 60 },
      { id: 'estate', name: 'Wills and estates', synonyms: ['will', 'estate', 'trust', 'probate'], averageTicketCents: 150_000, slotMinutes: 60 },
      { id: 'traffic', name: 'Traffic ticket defense', synonyms: ['ticket', 'speeding', 'dui'], averageTicketCents: 60_000, slotMinutes: 60 },
    ],
  },
  {
    // A London locksmith: safety lines and caller notices must name 999.
    key: 'locksmith',
    vertical: 'locksmith',
    area: '305',
    timeZone: 'Europe/London',
    countryCode: 'GB',
    services: [
      { id: 'lockout', name: 'Lockout', synonyms: ['locked out', 'lockout', 'lost my keys', 'lost keys'], averageTicketCents: 12_000, slotMinutes: 60 },
      { id: 'rekey', name: 'Rekey', synonyms: ['rekey', 're-key', 'change the locks', 'new locks'], averageTicketCents: 18_000, slotMinutes: 60 },
      { id: 'lock-install', name: 'Lock installation', synonyms: ['deadbolt', 'smart lock', 'install a lock'], averageTicketCents: 25_000, slotMinutes: 60 },
    ],
  },
  {
    key: 'property',
    vertical: 'property_management',
    area: '214',
    timeZone: 'America/Chicago',
    services: [
      { id: 'maintenance', name: 'Maintenance request', synonyms: ['repair', 'maintenance', 'broken', 'dishwasher', 'garbage disposal'], averageTicketCents: 20_000 },
      { id: 'viewing', name: 'Apartment viewing', synonyms: ['viewing', 'tour', 'see the apartment', 'showing', 'unit'], averageTicketCents: 0, slotMinutes: 30 },
    ],
  },
  {
    key: 'salon',
    vertical: 'salon',
    area: '702',
    timeZone: 'America/Los_Angeles',
    services: [
      { id: 'haircut', name: 'Haircut', synonyms: ['haircut', 'cut', 'trim', 'corte'], averageTicketCents: 6_000, slotMinutes: 60 },
      { id: 'color', name: 'Color', synonyms: ['color', 'colour', 'highlights', 'balayage', 'tinte'], averageTicketCents: 15_000 },
      { id: 'manicure', name: 'Manicure', synonyms: ['manicure', 'nails', 'mani', 'pedicure'], averageTicketCents: 5_000, slotMinutes: 60 },
    ],
  },
];

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Adds the scenario locations to the demo franchise's manifest (in place): one location per vertical besides Denver
 * (home services, with a service area), each answering around the clock (so a scenario takes the same path whatever
 * time the suite runs), with two on-call people, room for many bookings at once (capacity 50) and its own numbers
 * derived from Denver's run-unique digits. Sets the tenant's vertical to home services.
 * @returns the lines of every scenario location, by scenario location key.
 */
export function addScenarioLocations(manifest: FranchiseManifest): Record<ScenarioLocation, ScenarioLine> {
  const denver = manifest.locations.find((l) => l.slug === 'denver');
  const denverLine = (denver?.numbers as Array<{ e164: string }> | undefined)?.[0]?.e164;
  if (!denver || !denverLine) throw new Error('the demo manifest has no Denver main line');
  (manifest.tenant as { vertical?: string }).vertical = 'home_services';
  denver.vertical = 'home_services';
  denver.capacity = 50;
  const digits = denverLine.slice(6, 10);
  const num = (area: string, suffix: string) => `+1${area}2${digits}0${suffix}`;
  const rotation = denver.onCall as unknown as { rotation: Array<{ name: string; e164: string }> };
  const lines = {
    home: { slug: 'denver', mainLine: denverLine, timeZone: String(denver.timeZone), onCall: rotation.rotation.map((p) => p.e164) },
  } as Record<ScenarioLocation, ScenarioLine>;
  for (const v of VERTICAL_LOCATIONS) {
    const mainLine = num(v.area, '1');
    const onCall = [num(v.area, '3'), num(v.area, '4')];
    manifest.locations.push({
      slug: v.key,
      name: `Scenario ${v.key}`,
      businessName: `Scenario ${v.key[0]!.toUpperCase()}${v.key.slice(1)}`,
      region: 'west',
      timeZone: v.timeZone,
      vertical: v.vertical,
      ...(v.countryCode ? { countryCode: v.countryCode } : {}),
      forwardTo: num(v.area, '2'),
      businessHours: Object.fromEntries(DAYS.map((d) => [d, [{ open: '00:00', close: '24:00' }]])),
      ringTimeoutSeconds: 20,
      minRingSeconds: 3,
      firstTextCooldownMinutes: 30,
      quietHours: { ...denver.quietHours },
      services: v.services,
      capacity: 50,
      onCall: {
        escalationTimeoutSeconds: denver.onCall.escalationTimeoutSeconds,
        managerE164: num(v.area, '5'),
        rotation: [
          { name: `${v.key} first`, e164: onCall[0]! },
          { name: `${v.key} second`, e164: onCall[1]! },
        ],
      } as FranchiseManifest['locations'][number]['onCall'],
      numbers: [{ e164: mainLine, provider: 'bandwidth', purpose: 'main_line' }],
      sendingNumbers: [{ e164: mainLine, provider: 'bandwidth', campaignStatus: 'registered', messagesPerSecond: 15 }],
    });
    lines[v.key] = { slug: v.key, mainLine, timeZone: v.timeZone, onCall };
  }
  return lines;
}
