import { type LocationDirectory } from '@textback/platform';
import { type TransactionContext, type TransactionHandle, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { strictMock } from '@textback/testing';
import { buildLocationConfig } from '../../../test/factories/location-config.factory';
import { type Clock } from '../clock/port/clock';
import { type ConsentLedger } from '../consent/consent-ledger.service';
import { type OptOutRecorder } from '../consent/opt-out-recorder.service';
import { type ConsentReviewService } from '../consent-review/consent-review.service';
import { type ConversationStateRepository } from '../conversation/conversation-state.repository';
import { type FirstTextRepository } from '../first-text/first-text.repository';
import { type LineTypeService } from '../line-type/line-type.service';
import { type OutboundMessageRepository } from '../sending/outbound-message.repository';
import { type SendPolicy } from '../sending/send-policy.service';
import { type SendQueueWorker } from '../sending/send-queue.worker';
import { type TemplateCatalog } from '../templates/template-catalog.service';
import { type InboundCallbackRepository, type StoredCallback } from './inbound-callback.repository';
import { InboundService } from './inbound.service';

const config = buildLocationConfig({ timeZone: 'America/New_York' });
const ours = config.sendingNumbers[0]?.e164 ?? '';
const caller = '+12125550123';
const now = new Date('2026-12-01T19:30:00Z');

/** InboundService with strict mocks; `optedOut` is the consent ledger's answer for the caller. */
function setUp(text: string, optedOut: boolean) {
  const published: Array<{ type: string; data: { body?: string; needsReview?: boolean } }> = [];
  const tx = { handle: {} as TransactionHandle, publish: jest.fn(async (_c: unknown, e: { type: string; data: { body?: string } }) => void published.push(e)) } as unknown as TransactionContext;
  const stored: StoredCallback = {
    callbackId: 'cb-1',
    provider: 'bandwidth',
    providerMessageId: 'msg-1',
    eventType: 'message-received',
    receivedAt: now,
    payload: { type: 'message-received', time: now.toISOString(), description: 'Incoming message received', to: ours, message: { id: 'msg-1', owner: ours, applicationId: 'app', time: now.toISOString(), segmentCount: 1, direction: 'in', to: [ours], from: caller, text } },
  };
  const runner = strictMock<TransactionRunner>({ run: jest.fn(async (fn: (t: TransactionContext) => Promise<unknown>) => fn(tx)) });
  const callbacks = strictMock<InboundCallbackRepository>({
    lockUnprocessed: jest.fn().mockResolvedValue(stored),
    markProcessed: jest.fn().mockResolvedValue(undefined),
    recentInbound: jest.fn().mockResolvedValue({ count: 1, sameBody: 1 }),
  });
  const directory = strictMock<LocationDirectory>({ findByNumber: jest.fn(async (n: string) => (n === ours ? { config } : undefined)) });
  const consent = strictMock<ConsentLedger>({ isOptedOut: jest.fn().mockResolvedValue(optedOut), optIn: jest.fn().mockResolvedValue({ consentId: 'c-1' }), scopeFor: jest.fn().mockReturnValue('location') });
  const conversations = strictMock<ConversationStateRepository>({ touchInbound: jest.fn().mockResolvedValue(undefined), setPaused: jest.fn().mockResolvedValue(undefined) });
  const firstTexts = strictMock<FirstTextRepository>({ storyOf: jest.fn().mockResolvedValue('call-1') });
  const templates = strictMock<TemplateCatalog>({ render: jest.fn().mockReturnValue({ body: 'subscribed again' }) });
  const policy = strictMock<SendPolicy>({ enqueue: jest.fn().mockResolvedValue({ status: 'queued' }) });
  const worker = strictMock<SendQueueWorker>({ nudge: jest.fn() });
  const clock = strictMock<Clock>({ now: jest.fn().mockReturnValue(now) });
  const log = strictMock<Logger>({});
  const service = new InboundService(
    runner,
    callbacks,
    strictMock<OutboundMessageRepository>({}),
    directory,
    consent,
    strictMock<OptOutRecorder>({}),
    strictMock<ConsentReviewService>({}),
    conversations,
    firstTexts,
    strictMock<LineTypeService>({}),
    templates,
    policy,
    worker,
    { windowSeconds: 3, inboundThreshold: 4 },
    clock,
    log,
  );
  return { service, published, consent, policy };
}

describe(InboundService.name, () => {
  it('passes a YES from a number that never opted out on to conversation-ai as an ordinary text (an answer, not an opt-in)', async () => {
    const { service, published, consent, policy } = setUp('YES', false);
    expect(await service.process('cb-1')).toBe('received');
    expect(published.map((e) => [e.type, e.data.body, e.data.needsReview])).toEqual([['messaging.sms.received.v1', 'YES', false]]);
    expect(consent.optIn).not.toHaveBeenCalled();
    expect(policy.enqueue).not.toHaveBeenCalled();
  });

  it('opts a YES from an opted-out number back in, confirms it, and does not pass it on', async () => {
    const { service, published, consent, policy } = setUp('yes', true);
    expect(await service.process('cb-1')).toBe('opt_in');
    expect(consent.optIn).toHaveBeenCalledTimes(1);
    expect(policy.enqueue).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ purpose: 'keyword_reply', compliance: { kind: 'opt_in_confirmation', consentId: 'c-1' } }));
    expect(published).toEqual([]);
  });

  it('still treats START from a number that never opted out as the opt-in keyword (nothing to confirm, not passed on)', async () => {
    const { service, published, consent } = setUp('START', false);
    expect(await service.process('cb-1')).toBe('opt_in');
    expect(consent.optIn).not.toHaveBeenCalled();
    expect(published).toEqual([]);
  });
});
