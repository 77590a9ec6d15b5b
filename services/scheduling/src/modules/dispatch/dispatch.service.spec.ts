import { randomUUID } from 'node:crypto';
import { createEvent, type LocationConfig, urgentDetectedV1, type UrgentDetectedV1 } from '@textback/contracts';
import { type LocationDirectory } from '@textback/platform';
import { type TransactionContext, type TransactionHandle, type TransactionRunner } from '@textback/persistence';
import { strictMock } from '@textback/testing';
import { buildLocationConfig } from '../../../test/factories/location-config.factory';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { type Clock } from '../clock/port/clock';
import { type LeadRefRepository } from '../lead/lead-ref.repository';
import { type DurableTimerService } from '../timers/durable-timer.service';
import { type DispatchRepository } from './dispatch.repository';
import { DispatchService, pageText } from './dispatch.service';
import { type Dispatch } from './dispatch.types';
import { type VoicePager } from './port/voice-pager';

const now = new Date('2026-12-04T22:00:00Z');

/** A location nobody is on call for (the dispatch is exhausted at once and the caller told so). */
function nobodyOnCall(overrides: Partial<LocationConfig>): LocationConfig {
  const base = buildLocationConfig(overrides);
  const { managerE164: _manager, ...onCall } = base.onCall;
  return { ...base, onCall: { ...onCall, rotation: [] } };
}

async function noticeToCaller(config: LocationConfig, emergencyNumber: string | undefined): Promise<string> {
  const texts: string[] = [];
  const tx = {
    handle: {} as TransactionHandle,
    publish: jest.fn(async (_c: unknown, e: { type: string; data: { body?: string } }) => {
      if (e.type === 'messaging.sms.send.cmd.v1' && e.data.body) texts.push(e.data.body);
    }),
  } as unknown as TransactionContext;
  const service = new DispatchService(
    strictMock<DispatchRepository>({ insert: jest.fn().mockResolvedValue(true), exhaust: jest.fn().mockResolvedValue(undefined) }),
    strictMock<LeadRefRepository>({ openLeadId: jest.fn().mockResolvedValue(null) }),
    strictMock<LocationDirectory>({ get: jest.fn().mockResolvedValue(config) }),
    strictMock<DurableTimerService>({}),
    strictMock<VoicePager>({}),
    strictMock<TransactionRunner>({}),
    strictMock<Clock>({ now: jest.fn().mockReturnValue(now) }),
    {} as SchedulingEnv,
  );
  const data: UrgentDetectedV1 = {
    conversationId: randomUUID(),
    callerE164: '+12125550123',
    hazard: 'security',
    summary: 'locked in: "toddler is locked in the car"',
    detectedAt: now.toISOString(),
    ...(emergencyNumber ? { emergencyNumber } : {}),
  };
  const event = createEvent(urgentDetectedV1, { source: '/textback/conversation-ai', tenantId: config.tenantId, locationId: config.locationId, correlationId: randomUUID() }, data);
  await service.startForUrgent(tx, event);
  expect(texts).toHaveLength(1);
  return texts[0]!;
}

describe(DispatchService.name, () => {
  it("names the emergency number of the location's country in the notice to an urgent caller, never a hard-coded 911", async () => {
    const london = nobodyOnCall({ timeZone: 'Europe/London', countryCode: 'GB' });
    const notice = await noticeToCaller(london, '999');
    expect(notice).toContain('If anyone is in danger, call 999.');
    expect(notice).not.toContain('911');
  });

  it('says "your local emergency number" when the urgent event names none (an older producer)', async () => {
    const notice = await noticeToCaller(nobodyOnCall({}), undefined);
    expect(notice).toContain('call your local emergency number.');
  });
});

describe(pageText.name, () => {
  const config = buildLocationConfig({ businessName: 'Acme Plumbing' });
  const dispatch = { dispatchId: '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e', summary: 'flooding: "basement is flooding"', callerE164: '+13035550123' };

  it('links straight to the dispatch in the console when its public URL is configured (no token in the link)', () => {
    const text = pageText(config, dispatch, 300, 'https://console.example.com/');
    expect(text).toBe(`URGENT Acme Plumbing: flooding: "basement is flooding" Caller +13035550123. Reply ACK within 5 min to take it. Open: https://console.example.com/dispatches/${dispatch.dispatchId}`);
  });

  it('carries no link without a console URL, and never says less than 1 minute', () => {
    expect(pageText(config, dispatch, 5, undefined)).toBe('URGENT Acme Plumbing: flooding: "basement is flooding" Caller +13035550123. Reply ACK within 1 min to take it.');
  });
});

describe(`${DispatchService.name} acknowledged by staff`, () => {
  const config = buildLocationConfig({ businessName: 'Acme Plumbing' });
  const userId = randomUUID();
  const paging = (): Dispatch => ({
    dispatchId: randomUUID(),
    tenantId: config.tenantId,
    locationId: config.locationId,
    callerE164: '+13035550123',
    conversationId: randomUUID(),
    leadId: null,
    correlationId: randomUUID(),
    summary: 'flooding',
    detectedAt: new Date(now.getTime() - 30_000),
    escalation: [{ name: 'Maria Lopez', e164: '+13035550111', role: 'on_call' }, { name: 'Sam Reed', e164: '+13035550112', role: 'on_call' }],
    currentAttempt: 1,
    status: 'paging',
  });

  function serviceFor(dispatch: Dispatch) {
    const published: Array<{ type: string; data: Record<string, unknown> }> = [];
    const tx = { handle: {} as TransactionHandle, publish: jest.fn(async (_c: unknown, e: { type: string; data: Record<string, unknown> }) => void published.push(e)) } as unknown as TransactionContext;
    const repo = strictMock<DispatchRepository>({
      lockOfTenant: jest.fn().mockImplementation(async () => ({ ...dispatch })),
      acknowledge: jest.fn().mockImplementation(async () => void (dispatch.status = 'acknowledged')),
      pageOfAttempt: jest.fn().mockResolvedValue(null),
    });
    const timers = strictMock<DurableTimerService>({ cancel: jest.fn().mockResolvedValue(undefined) });
    const service = new DispatchService(
      repo,
      strictMock<LeadRefRepository>({}),
      strictMock<LocationDirectory>({ get: jest.fn().mockResolvedValue(config) }),
      timers,
      strictMock<VoicePager>({}),
      strictMock<TransactionRunner>({ run: jest.fn(async (fn: (t: TransactionContext) => Promise<unknown>) => fn(tx)) }),
      strictMock<Clock>({ now: jest.fn().mockReturnValue(now) }),
      {} as SchedulingEnv,
    );
    return { service, repo, timers, published };
  }

  const scope = (locationIds: string[]) => ({ tenantId: config.tenantId, userId, role: 'dispatcher' as const, regionIds: [], locationIds });

  it("stops the escalation (cancels the dispatch's timers), records the user, and tells the caller without naming a user id", async () => {
    const dispatch = paging();
    const { service, repo, timers, published } = serviceFor(dispatch);
    await service.acknowledgeByStaff(scope([config.locationId]), dispatch.dispatchId);
    expect(repo.acknowledge).toHaveBeenCalledWith(expect.anything(), dispatch.dispatchId, userId, now);
    expect(timers.cancel).toHaveBeenCalledWith(expect.anything(), `dispatch:${dispatch.dispatchId}:`);
    const ack = published.find((e) => e.type === 'scheduling.dispatch.acknowledged.v1');
    expect(ack?.data).toMatchObject({ dispatchId: dispatch.dispatchId, acknowledgedBy: userId, via: 'api', secondsToAcknowledge: 30 });
    const notice = published.find((e) => e.type === 'messaging.sms.send.cmd.v1');
    expect(notice?.data.body).toBe('Acme Plumbing: Our team has your request and will contact you shortly.');
  });

  it('has one effect when acknowledged twice', async () => {
    const dispatch = paging();
    const { service, repo, published } = serviceFor(dispatch);
    await service.acknowledgeByStaff(scope([config.locationId]), dispatch.dispatchId);
    await service.acknowledgeByStaff(scope([config.locationId]), dispatch.dispatchId);
    expect(repo.acknowledge).toHaveBeenCalledTimes(1);
    expect(published.filter((e) => e.type === 'scheduling.dispatch.acknowledged.v1')).toHaveLength(1);
  });

  it('refuses a user who may not see the location as not found, without acknowledging', async () => {
    const dispatch = paging();
    const { service, repo } = serviceFor(dispatch);
    await expect(service.acknowledgeByStaff(scope([randomUUID()]), dispatch.dispatchId)).rejects.toMatchObject({ code: 'DISPATCH_NOT_FOUND' });
    expect(repo.acknowledge).not.toHaveBeenCalled();
  });
});
