import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FranchiseManifestException } from './franchise-manifest.exception';
import { parseFranchiseManifest } from './franchise-manifest.util';

const EXAMPLE = readFileSync(join(__dirname, '../../../../../deploy/examples/franchise.yaml'), 'utf8');
type Doc = { regions: { slug: string }[]; locations: Record<string, unknown>[]; users: Record<string, unknown>[] };
const problemsOf = (mutate: (d: Doc) => void): string[] => {
  const doc = parse(EXAMPLE) as Doc;
  mutate(doc);
  try {
    parseFranchiseManifest(stringify(doc));
  } catch (err) {
    if (err instanceof FranchiseManifestException) return err.problems;
    throw err;
  }
  return [];
};

describe(parseFranchiseManifest.name, () => {
  it('accepts the committed example: 3 locations in 3 time zones, services with ticket values, on-call people', () => {
    const m = parseFranchiseManifest(EXAMPLE);
    expect(m.locations.map((l) => l.timeZone)).toEqual(['America/Denver', 'America/Chicago', 'America/New_York']);
    expect(m.locations[0]?.services[0]).toMatchObject({ id: 'furnace-repair', averageTicketCents: 45000 });
    expect(m.locations[1]?.ringTimeoutSeconds).toBe(18);
    expect(m.locations[1]?.minRingSeconds).toBe(3);
    expect(m.users).toHaveLength(5);
  });

  it('reads booking hours apart from business hours, and lead time and travel buffer per service', () => {
    const m = parseFranchiseManifest(EXAMPLE);
    expect(m.locations[0]?.bookingHours?.mon).toEqual([{ open: '08:00', close: '17:00' }]);
    expect(m.locations[0]?.services[1]).toMatchObject({ id: 'water-heater', leadTimeMinutes: 1440, travelBufferMinutes: 30 });
    expect(m.locations[1]?.bookingHours).toBeUndefined();
    expect(problemsOf((d) => (d.locations[0]!.bookingHours = { mon: [{ open: '18:00', close: '08:00' }] }))).toEqual([expect.stringContaining('bookingHours')]);
  });

  it('names the location and the field of an invalid time zone, number and time', () => {
    expect(
      problemsOf((d) => {
        d.locations[1]!.timeZone = 'Mars/Olympus';
        d.locations[2]!.forwardTo = '617-555-0100';
        d.locations[0]!.quietHours = { start: '9pm', end: '08:00' };
      }),
    ).toEqual([
      'locations[0] (denver).quietHours.start: must be HH:mm (24 h)',
      'locations[1] (chicago).timeZone: must be an IANA time zone such as America/Chicago',
      'locations[2] (boston).forwardTo: must be an E.164 number such as +15555550123',
    ]);
  });

  it('refuses duplicate numbers, unknown regions and users without their scope', () => {
    const problems = problemsOf((d) => {
      (d.locations[1]!.numbers as { e164: string }[])[0]!.e164 = '+13035550124';
      d.locations[2]!.region = 'south';
      d.users.push({ email: 'rm@x.example', name: 'RM', role: 'regional_manager' });
      d.users.push({ email: 'a@x.example', name: 'A', role: 'agent', locations: ['nowhere'] });
    });
    expect(problems).toEqual([
      'locations[1] (chicago).numbers[0] (+13035550124).e164: duplicate number, already used by locations[0] (denver).numbers[1]',
      'locations[2] (boston).region: unknown region "south" (declare it under regions)',
      'users[5] (rm@x.example).regions: a regional_manager needs at least one region',
      'users[6] (a@x.example).locations: unknown location "nowhere" (users may name locations of this manifest only)',
    ]);
  });

  it('reports field problems and problems across entries in one run', () => {
    expect(
      problemsOf((d) => {
        d.locations[1]!.timeZone = 'America/Chicgo';
        (d.locations[2]!.numbers as { e164: string }[])[1]!.e164 = '+13035550123';
      }),
    ).toEqual([
      'locations[1] (chicago).timeZone: must be an IANA time zone such as America/Chicago',
      'locations[2] (boston).numbers[1] (+13035550123).e164: duplicate number, already used by locations[0] (denver).numbers[0]',
    ]);
  });

  it('reports YAML syntax errors as unreadable', () => {
    expect(() => parseFranchiseManifest('tenant: [unclosed', 'f.yaml')).toThrow(/f\.yaml: not valid YAML/);
  });
});
