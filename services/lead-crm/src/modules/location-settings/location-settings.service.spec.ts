import { randomUUID } from 'node:crypto';
import { type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { strictMock } from '@textback/testing';
import { type CrmScope } from '../auth/crm-scope.types';
import { type ManifestLocation } from '../tenants/franchise-manifest.schema';
import { type TenantApplyService } from '../tenants/tenant-apply.service';
import { type LocationConfigRow, type TenantRepository } from '../tenants/tenant.repository';
import { LocationSettingsException, LocationSettingsExceptionCode } from './location-settings.exception';
import { type LocationSettingsRepository } from './location-settings.repository';
import { LocationSettingsService } from './location-settings.service';

const tx = { handle: {} } as TransactionContext;
const runner: TransactionRunner = { run: (work) => work(tx), runOnce: async (_g, _e, work) => ({ duplicate: false as const, result: await work(tx) }) };
const tenantId = randomUUID();
const regionId = randomUUID();
const locationId = randomUUID();

const row = (over: Partial<LocationConfigRow> = {}): LocationConfigRow => ({
  id: locationId,
  tenantId,
  regionId,
  slug: 'denver',
  name: 'Denver',
  businessName: 'Acme Plumbing',
  timeZone: 'America/Denver',
  currency: 'USD',
  forwardToE164: '+13035550100',
  businessHours: { mon: [{ open: '08:00', close: '17:00' }], tue: [{ open: '08:00', close: '17:00' }] },
  bookingHours: null,
  holidays: ['2026-12-25'],
  ringTimeoutSeconds: 25,
  answerConfirmation: false,
  minRingSeconds: 3,
  firstTextCooldownMinutes: 30,
  quietHoursStart: '21:00',
  quietHoursEnd: '08:00',
  templates: {},
  serviceArea: { cities: ['Denver'], zips: [] },
  internationalPolicy: 'callback_task',
  optOutScope: null,
  vertical: 'home_services',
  ownVertical: null,
  countryCode: null,
  escalationTimeoutSeconds: 300,
  onCallManagerE164: null,
  capacity: 2,
  active: true,
  revision: 4,
  configDigest: 'd',
  services: [{ serviceId: 'drain', name: 'Drain cleaning', synonyms: ['clog'], averageTicketCents: 25_000, slotMinutes: 90, urgent: false, urgentSymptoms: [], bookingHours: null, leadTimeMinutes: null, travelBufferMinutes: 15 }],
  onCallMembers: [{ name: 'Maria', e164: '+13035550111', days: null, start: null, end: null }],
  phoneNumbers: [{ e164: '+13035550001', provider: 'bandwidth', purpose: 'main_line', trackingSource: null }],
  sendingNumbers: [{ e164: '+13035550001', provider: 'bandwidth', campaignStatus: 'registered', messagesPerSecond: 1 }],
  ...over,
});

const scope = (role: CrmScope['role'], over: Partial<CrmScope> = {}): CrmScope => ({ tenantId, userId: `user-${role}`, role, regionIds: [], locationIds: [locationId], ...over });

/** The settings as the page sends them back: the view's settings with `change` applied. */
function settingsWith(change: Record<string, unknown>): Record<string, unknown> {
  return {
    businessHours: { mon: [{ open: '08:00', close: '17:00' }], tue: [{ open: '08:00', close: '17:00' }] },
    holidays: ['2026-12-25'],
    quietHours: { start: '21:00', end: '08:00' },
    ringTimeoutSeconds: 25,
    templates: {},
    services: [{ id: 'drain', name: 'Drain cleaning', synonyms: ['clog'], averageTicketCents: 25_000, slotMinutes: 90, urgent: false, urgentSymptoms: [], travelBufferMinutes: 15 }],
    onCall: { escalationTimeoutSeconds: 300, rotation: [{ name: 'Maria', e164: '+13035550111' }] },
    ...change,
  };
}

function setUp(stored = row()) {
  const tenants = strictMock<TenantRepository>({ loadLocationConfigRow: jest.fn().mockResolvedValue(stored), upsertLocation: jest.fn().mockResolvedValue({ id: locationId, created: false }) });
  const apply = strictMock<TenantApplyService>({ publishIfChanged: jest.fn().mockResolvedValue({ changed: true, revision: 5 }) });
  const audit = strictMock<LocationSettingsRepository>({
    lockLocation: jest.fn().mockResolvedValue({ tenantId, tenantSlug: 'acme', tenantName: 'Acme Plumbing' }),
    history: jest.fn().mockResolvedValue([]),
    recordChange: jest.fn().mockResolvedValue(undefined),
  });
  return { tenants, apply, audit, service: new LocationSettingsService(runner, tenants, apply, audit) };
}

async function refusal(work: Promise<unknown>): Promise<LocationSettingsException> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LocationSettingsException);
  return err as LocationSettingsException;
}

describe(LocationSettingsService.name, () => {
  it('saves a location manager’s new hours through tenants apply’s upsert, publishes them and audits before and after', async () => {
    const { service, tenants, apply, audit } = setUp();
    const result = await service.save(scope('location_manager'), locationId, { expectedRevision: 4, settings: settingsWith({ businessHours: { mon: [{ open: '10:00', close: '14:00' }] }, ringTimeoutSeconds: 30 }) });
    expect(result.outcome).toBe('updated');
    const written = tenants.upsertLocation.mock.calls[0]![4] as ManifestLocation;
    expect(tenants.upsertLocation.mock.calls[0]!.slice(0, 4)).toEqual([tx, tenantId, regionId, 'Acme Plumbing']);
    // Only the settings change: the line, numbers, services' other fields and the rest are kept.
    expect(written).toMatchObject({ slug: 'denver', forwardTo: '+13035550100', businessHours: { mon: [{ open: '10:00', close: '14:00' }] }, ringTimeoutSeconds: 30, capacity: 2, serviceArea: { cities: ['Denver'], zips: [] } });
    expect(written.numbers).toEqual([{ e164: '+13035550001', provider: 'bandwidth', purpose: 'main_line' }]);
    expect(written.services[0]).toMatchObject({ id: 'drain', travelBufferMinutes: 15 });
    expect(apply.publishIfChanged).toHaveBeenCalledWith(tx, locationId);
    expect(audit.recordChange).toHaveBeenCalledWith(tx, {
      tenantId,
      locationId,
      actorUserId: 'user-location_manager',
      actorRole: 'location_manager',
      changedFields: ['businessHours', 'ringTimeoutSeconds'],
      before: { businessHours: { mon: [{ open: '08:00', close: '17:00' }], tue: [{ open: '08:00', close: '17:00' }] }, ringTimeoutSeconds: 25 },
      after: { businessHours: { mon: [{ open: '10:00', close: '14:00' }] }, ringTimeoutSeconds: 30 },
      revision: 5,
    });
  });

  it('writes, publishes and audits nothing when the settings are unchanged', async () => {
    const { service, audit } = setUp();
    const result = await service.save(scope('owner'), locationId, { expectedRevision: 4, settings: settingsWith({}) });
    expect(result.outcome).toBe('unchanged');
    expect(audit.recordChange).not.toHaveBeenCalled();
  });

  it('refuses a dispatcher (403) and answers 404 for a location outside the caller’s scope', async () => {
    expect((await refusal(setUp().service.save(scope('dispatcher'), locationId, { expectedRevision: 4, settings: settingsWith({}) }))).code).toBe(LocationSettingsExceptionCode.Forbidden);
    expect((await refusal(setUp().service.save(scope('location_manager', { locationIds: [randomUUID()] }), locationId, { expectedRevision: 4, settings: settingsWith({}) }))).code).toBe(LocationSettingsExceptionCode.NotFound);
    expect((await refusal(setUp().service.view(scope('regional_manager', { regionIds: [randomUUID()] }), locationId))).code).toBe(LocationSettingsExceptionCode.NotFound);
    expect((await refusal(setUp().service.view(scope('owner', { tenantId: randomUUID() }), locationId))).code).toBe(LocationSettingsExceptionCode.NotFound);
  });

  it('refuses a save made on settings another save has changed since (409)', async () => {
    expect((await refusal(setUp().service.save(scope('owner'), locationId, { expectedRevision: 3, settings: settingsWith({}) }))).code).toBe(LocationSettingsExceptionCode.StaleRevision);
  });

  it('refuses a field that is not a setting (the line, numbers) and a missing setting', async () => {
    const { holidays: _dropped, ...withoutHolidays } = settingsWith({ forwardTo: '+19999999999' });
    const err = await refusal(setUp().service.save(scope('owner'), locationId, { expectedRevision: 4, settings: withoutHolidays }));
    expect(err.code).toBe(LocationSettingsExceptionCode.Invalid);
    expect(err.problems).toEqual(['forwardTo: not a location setting', 'holidays: required']);
  });

  it('refuses with tenants apply’s rules, naming every problem by its field, and writes nothing', async () => {
    const { service, tenants } = setUp();
    const err = await refusal(
      service.save(scope('regional_manager', { regionIds: [regionId], locationIds: [] }), locationId, {
        expectedRevision: 4,
        settings: settingsWith({
          businessHours: { mon: [{ open: '17:00', close: '08:00' }] },
          templates: { first_text: 'Hi from {{businessName}}, use {{couponCode}}. Reply STOP to opt out.' },
          services: [
            { id: 'drain', name: 'Drain', averageTicketCents: -5 },
            { id: 'drain', name: 'Drain again', averageTicketCents: 100 },
          ],
        }),
      }),
    );
    expect(err.problems).toEqual([
      'businessHours.mon[0]: close must be after open',
      expect.stringMatching(/^templates\.first_text: unknown variable \{\{couponCode\}\}/),
      'services[0] (drain).averageTicketCents: Too small: expected number to be >=0',
      'services[1] (drain).id: duplicate service id',
    ]);
    expect(tenants.upsertLocation).not.toHaveBeenCalled();
  });
});
