import { randomUUID } from 'node:crypto';
import { createEvent, type LocationConfig, urgentDetectedV1, type UrgentDetectedV1 } from '@textback/contracts';
import { type LocationDirectory } from '@textback/platform';
import { type TransactionContext, type TransactionHandle, type TransactionRunner } from '@textback/persistence';
import { buildLocationConfig } from '../../../test/factories/location-config.factory';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { type Clock } from '../clock/clock';
import { type LeadRefRepository } from '../lead/lead-ref.repository';
import { type DurableTimerService } from '../timers/durable-timer.service';
import { type DispatchRepository } from './dispatch.repository';
import { DispatchService } from './dispatch.service';
import { type VoicePager } from './voice-pager';

/** A strict mock: any method that was not stubbed fails the test when called. */
function strictMock<T extends object>(stubs: Partial<Record<keyof T, jest.Mock>>): T & Record<keyof T, jest.Mock> {
  return new Proxy(stubs, {
    get: (target, prop: string) => {
      const stub = (target as Record<string, jest.Mock | undefined>)[prop];
      if (!stub) throw new Error(`unexpected call to ${prop}`);
      return stub;
    },
  }) as T & Record<keyof T, jest.Mock>;
}

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
