import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocationConfig, TOPICS } from '@textback/contracts';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { quoteSchema } from '@textback/persistence';
import { expectEventually, loadStackEnv, TopicRecorder } from '@textback/testing';
import { parse, stringify } from 'yaml';
import { applyFranchiseFile } from '../../../../tools/cli/src/tenants-apply.command';
import { FranchiseManifestException } from '../../src/modules/tenants/franchise-manifest.exception';
import { type CrmTestApp, startCrmTestApp } from '../utils/crm-test-app';

const stack = loadStackEnv();
const EXAMPLE = join(__dirname, '../../../../deploy/examples/franchise.yaml');
const dir = mkdtempSync(join(tmpdir(), 'crm-apply-'));

type Manifest = { tenant: { slug: string; name: string }; locations: Record<string, unknown>[] };
const example = () => parse(readFileSync(EXAMPLE, 'utf8')) as Manifest;
const write = (name: string, doc: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, stringify(doc));
  return path;
};

describe('textback tenants apply', () => {
  let crm: CrmTestApp;
  let recorder: TopicRecorder;
  const apply = (path: string) => applyFranchiseFile(path, { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
  const configsOf = (locationId: string) => recorder.on(TOPICS.locationConfig).filter((m) => m.key === locationId).map((m) => (JSON.parse(m.value ?? '{}') as { data: LocationConfig }).data);
  const outboxCount = async () => ((await crm.ds.query(`SELECT count(*)::int AS n FROM ${quoteSchema(crm.schema)}.outbox`)) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    crm = await startCrmTestApp('apply', { consume: false });
    recorder = new TopicRecorder(createKafkaClient({ clientId: 'it-apply-recorder', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn')));
    await recorder.start([TOPICS.locationConfig]);
  });

  afterAll(async () => {
    await recorder?.stop();
    await crm?.close();
  });

  it('creates the tenant, publishes every location config, is a no-op when re-applied, and publishes the next revision of a changed location', async () => {
    const first = await apply(EXAMPLE);
    expect(first?.tenantCreated).toBe(true);
    expect(first?.usersCreated).toBe(5);
    expect(first?.locations.map((l) => [l.slug, l.outcome, l.revision])).toEqual([
      ['denver', 'created', 1],
      ['chicago', 'created', 1],
      ['boston', 'created', 1],
    ]);
    const denverId = first!.locations[0]!.locationId;
    const bostonId = first!.locations[2]!.locationId;
    await expectEventually(() => {
      for (const l of first!.locations) expect(configsOf(l.locationId)).toHaveLength(1);
    }, 30_000);
    const denver = configsOf(denverId)[0]!;
    expect(denver).toMatchObject({ tenantId: first!.tenantId, revision: 1, timeZone: 'America/Denver', ringTimeoutSeconds: 18, businessName: 'ComfortPro Heating & Plumbing', locationName: 'ComfortPro Denver' });
    expect(denver.services.map((s) => [s.serviceId, s.averageTicketCents])).toEqual([
      ['furnace-repair', 45000],
      ['water-heater', 180000],
      ['drain-cleaning', 25000],
    ]);
    // Booking hours apart from business hours, and lead time / travel buffer only on the services that set them.
    expect(denver.bookingHours?.sat).toEqual([{ open: '09:00', close: '13:00' }]);
    expect(denver.services.map((s) => [s.serviceId, s.leadTimeMinutes, s.travelBufferMinutes])).toEqual([
      ['furnace-repair', undefined, undefined],
      ['water-heater', 1440, 30],
      ['drain-cleaning', undefined, 15],
    ]);
    expect(configsOf(first!.locations[1]!.locationId)[0]!.bookingHours).toBeUndefined();
    expect(denver.phoneNumbers).toEqual(expect.arrayContaining([{ e164: '+13035550124', provider: 'bandwidth', purpose: 'tracking', trackingSource: 'google-ads' }]));
    expect(denver.sendingNumbers).toEqual([{ e164: '+13035550123', provider: 'bandwidth', campaignStatus: 'registered', messagesPerSecond: 1 }]);
    expect(denver.onCall).toEqual({
      escalationTimeoutSeconds: 300,
      managerE164: '+13035550199',
      rotation: [
        { name: 'Maria Lopez', e164: '+13035550111' },
        { name: 'Sam Patel', e164: '+13035550112' },
      ],
    });
    expect(configsOf(first!.locations[1]!.locationId)[0]!.onCall.rotation?.[0]).toEqual({ name: 'Dee Walker', e164: '+13125550111', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '17:00', end: '08:00' });
    expect(configsOf(bostonId)[0]!.sendingNumbers[0]?.campaignStatus).toBe('pending');
    // Answer confirmation is published only where it is on (chicago), so other configs keep their digest.
    expect(configsOf(first!.locations[1]!.locationId)[0]!.answerConfirmation).toBe(true);
    expect(denver).not.toHaveProperty('answerConfirmation');

    const before = await outboxCount();
    const again = await apply(EXAMPLE);
    expect(again?.tenantCreated).toBe(false);
    expect(again?.usersCreated).toBe(0);
    expect(again?.locations.map((l) => [l.slug, l.outcome, l.revision])).toEqual([
      ['denver', 'unchanged', 1],
      ['chicago', 'unchanged', 1],
      ['boston', 'unchanged', 1],
    ]);
    expect(await outboxCount()).toBe(before);

    const changed = example();
    changed.locations[0]!.ringTimeoutSeconds = 30;
    const third = await apply(write('changed.yaml', changed));
    expect(third?.locations.map((l) => [l.slug, l.outcome, l.revision])).toEqual([
      ['denver', 'updated', 2],
      ['chicago', 'unchanged', 1],
      ['boston', 'unchanged', 1],
    ]);
    await expectEventually(() => expect(configsOf(denverId).map((c) => [c.revision, c.ringTimeoutSeconds])).toEqual([[1, 18], [2, 30]]), 30_000);
    expect(configsOf(bostonId)).toHaveLength(1);
  });

  it("publishes the vertical (a location's own, else its tenant's), the country and urgent services, and stores them", async () => {
    const base = example().locations[0]!;
    const manifest = {
      tenant: { slug: 'vertical-brand', name: 'Vertical Brand', vertical: 'dental' },
      locations: [
        {
          ...base,
          slug: 'smiles',
          region: undefined,
          forwardTo: '+442071230000',
          countryCode: 'GB',
          numbers: [{ e164: '+442071230001', provider: 'twilio', purpose: 'main_line' }],
          sendingNumbers: [],
          services: [
            { id: 'emergency-visit', name: 'Emergency dental visit', averageTicketCents: 20000, urgent: true },
            { id: 'checkup', name: 'Check-up', averageTicketCents: 9000, urgentSymptoms: ['knocked out tooth', 'swollen jaw'] },
          ],
        },
        { ...base, slug: 'keys', region: undefined, vertical: 'locksmith', forwardTo: '+13035550400', numbers: [{ e164: '+13035550401', provider: 'bandwidth', purpose: 'main_line' }], sendingNumbers: [] },
      ],
    };
    const result = await apply(write('vertical.yaml', manifest));
    const [smilesId, keysId] = result!.locations.map((l) => l.locationId);
    await expectEventually(() => {
      expect(configsOf(smilesId!)).toHaveLength(1);
      expect(configsOf(keysId!)).toHaveLength(1);
    }, 30_000);
    const smiles = configsOf(smilesId!)[0]!;
    expect(smiles).toMatchObject({ vertical: 'dental', countryCode: 'GB' });
    expect(smiles.services).toEqual([
      expect.objectContaining({ serviceId: 'emergency-visit', urgent: true }),
      expect.objectContaining({ serviceId: 'checkup', urgentSymptoms: ['knocked out tooth', 'swollen jaw'] }),
    ]);
    expect(smiles.services[1]).not.toHaveProperty('urgent');
    const keys = configsOf(keysId!)[0]!;
    expect(keys.vertical).toBe('locksmith');
    expect(keys).not.toHaveProperty('countryCode');
    const stored = (await crm.ds.query(`SELECT t.vertical AS tenant, l.vertical AS location FROM ${quoteSchema(crm.schema)}.locations l JOIN ${quoteSchema(crm.schema)}.tenants t ON t.id = l.tenant_id WHERE l.slug = 'keys'`)) as { tenant: string; location: string }[];
    expect(stored).toEqual([{ tenant: 'dental', location: 'locksmith' }]);
    const again = await apply(write('vertical.yaml', manifest));
    expect(again?.locations.map((l) => l.outcome)).toEqual(['unchanged', 'unchanged']);

    const bad = await apply(write('bad-vertical.yaml', { ...manifest, tenant: { ...manifest.tenant, slug: 'bad-vertical', vertical: 'plumbing' } })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(FranchiseManifestException);
    expect((bad as Error).message).toContain('tenant.vertical');
  });

  it('rejects an invalid time zone, naming the location and the field, and writes nothing', async () => {
    const bad = example();
    bad.tenant.slug = 'tz-typo';
    bad.locations[1]!.timeZone = 'America/Chicgo';
    const error = await apply(write('bad-tz.yaml', bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FranchiseManifestException);
    expect((error as Error).message).toContain('locations[1] (chicago).timeZone: must be an IANA time zone');
    const tenants = (await crm.ds.query(`SELECT 1 FROM ${quoteSchema(crm.schema)}.tenants WHERE slug = 'tz-typo'`)) as unknown[];
    expect(tenants).toHaveLength(0);
  });

  it('rejects a number used twice in the manifest or held by another tenant, naming both places', async () => {
    const dup = example();
    (dup.locations[2]!.numbers as { e164: string }[])[1]!.e164 = '+13035550123';
    const error = await apply(write('dup.yaml', dup)).catch((e: unknown) => e);
    expect((error as Error).message).toContain('locations[2] (boston).numbers[1] (+13035550123).e164: duplicate number, already used by locations[0] (denver).numbers[0]');

    const other = { tenant: { slug: 'other-brand', name: 'Other Brand' }, locations: [{ ...example().locations[0], slug: 'somewhere', region: undefined }] };
    const stolen = await apply(write('other.yaml', other)).catch((e: unknown) => e);
    expect(stolen).toBeInstanceOf(FranchiseManifestException);
    expect((stolen as Error).message).toContain('locations[0] (somewhere).numbers: duplicate number +13035550123, already held by another tenant');
    const tenants = (await crm.ds.query(`SELECT 1 FROM ${quoteSchema(crm.schema)}.tenants WHERE slug = 'other-brand'`)) as unknown[];
    expect(tenants).toHaveLength(0);
  });
});
