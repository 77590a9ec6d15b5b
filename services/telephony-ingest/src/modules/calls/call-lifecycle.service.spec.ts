import { type LocationConfig, locationConfigSchema } from '@textback/contracts';
import { type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { type LocationDirectory } from '@textback/platform';
import pino from 'pino';
import { Registry } from 'prom-client';
import { strictMock } from '@textback/testing';
import { CallDecisionMetrics } from './call-decision.metrics';
import { type CallFact } from './call-facts.types';
import { CallLifecycleService } from './call-lifecycle.service';
import { type CallRecord, type CallRecordRepository } from './call-record.repository';
import { type InboundCallWebhook } from './call-webhook.types';

const config: LocationConfig = locationConfigSchema.parse({
  locationId: '6f1c7a52-2d7e-4a57-9a3e-0d3f6f1d9a01',
  tenantId: '0b5e2f0e-1f2a-4c3b-8d4e-5f6a7b8c9d01',
  regionId: null,
  revision: 1,
  businessName: 'Acme Plumbing',
  locationName: 'Durham',
  timeZone: 'America/New_York',
  businessHours: { mon: [{ open: '08:00', close: '18:00' }] },
  forwardToE164: '+19195550199',
  ringTimeoutSeconds: 20,
  phoneNumbers: [{ e164: '+19195550100', provider: 'bandwidth', purpose: 'main_line' }],
  sendingNumbers: [],
  services: [],
});
const MONDAY_10AM = '2026-11-30T15:00:00.000Z';
const call: CallRecord = {
  id: '11111111-2222-4333-8444-555555555555',
  provider: 'bandwidth',
  providerCallId: 'c-1',
  tenantId: config.tenantId,
  locationId: config.locationId,
  callerRaw: '+15551112222',
  callerE164: '+15551112222',
  dialedE164: '+19195550100',
  trackingSource: null,
  route: 'forward',
  forwardToE164: '+19195550199',
  ringTimeoutSeconds: 20,
  minRingSeconds: 3,
  answerConfirmation: false,
  startedAt: MONDAY_10AM,
  decision: null,
  voicemailRecordingId: null,
};
const hook = (over: Partial<InboundCallWebhook>): InboundCallWebhook => ({ provider: 'bandwidth', providerCallId: 'c-1', eventType: 'transferComplete', callerLegId: 'c-1', eventTime: MONDAY_10AM, facts: [], reply: 'continue', payload: {}, ...over });
const started: CallFact = { kind: 'call_started', at: MONDAY_10AM };
const timedOut: CallFact = { kind: 'forward_ended', at: '2026-11-30T15:00:20.000Z', cause: 'timeout', providerCause: 'timeout' };

describe(CallLifecycleService.name, () => {
  let publish: jest.Mock;
  let metrics: CallDecisionMetrics;

  const build = (repo: Partial<Record<keyof CallRecordRepository, jest.Mock>>, directory: Partial<Record<keyof LocationDirectory, jest.Mock>> = {}) => {
    publish = jest.fn().mockResolvedValue(undefined);
    const tx = { handle: {}, publish, claimEvent: jest.fn() } as unknown as TransactionContext;
    const runner: TransactionRunner = { run: (work) => work(tx), runOnce: jest.fn() };
    metrics = new CallDecisionMetrics(new Registry());
    return new CallLifecycleService(runner, strictMock<CallRecordRepository>(repo), strictMock<LocationDirectory>(directory), metrics, pino({ level: 'silent' }), { batch: { lingerMs: 0, maxBatch: 32, maxInFlight: 4 } });
  };

  it('a duplicate delivery returns the stored reply and touches nothing else', async () => {
    const stored = { kind: 'forward', toE164: '+19195550199', ringTimeoutSeconds: 20 };
    const service = build({ insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: null, call: null }), findWebhookReply: jest.fn().mockResolvedValue(stored) });
    await expect(service.handle(hook({}))).resolves.toEqual({ duplicate: true, instruction: stored });
    expect(publish).not.toHaveBeenCalled();
  });

  it('the first webhook creates the call in hours and publishes received with the call id as correlation id', async () => {
    const insertCall = jest.fn().mockResolvedValue(true);
    const insertWebhookLockingCall = jest.fn().mockResolvedValue({ webhookId: '1', call: null });
    const saveWebhookReply = jest.fn();
    const service = build({ insertWebhookLockingCall, insertCall, callFacts: jest.fn().mockResolvedValue([started]), saveWebhookReply }, { findByNumber: jest.fn().mockResolvedValue({ config, purpose: 'main_line' }) });
    const out = await service.handle(hook({ eventType: 'initiate', reply: 'route', facts: [started], start: { from: '9195550123', to: '+19195550100', startedAt: MONDAY_10AM } }));
    expect(out.instruction).toEqual({ kind: 'forward', toE164: '+19195550199', ringTimeoutSeconds: 20 });
    // The forward was known before the transaction: stored by the webhook's INSERT (a duplicate gets it), no UPDATE.
    expect(insertWebhookLockingCall).toHaveBeenCalledWith({}, expect.objectContaining({ eventType: 'initiate' }), out.instruction);
    expect(saveWebhookReply).not.toHaveBeenCalled();
    const created = insertCall.mock.calls[0]?.[1] as CallRecord;
    expect(created).toMatchObject({ route: 'forward', callerE164: '+19195550123', tenantId: config.tenantId });
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish.mock.calls[0]?.[1]).toMatchObject({ type: 'telephony.call.received.v1', correlationId: created.id, subject: created.id, data: { callId: created.id, route: 'forward' } });
  });

  it('a first webhook of a call already recorded is answered from that call, and the reply stored with the INSERT is corrected', async () => {
    const known: CallRecord = { ...call, route: 'forward', forwardToE164: '+19195550188', ringTimeoutSeconds: 15 };
    const saveWebhookReply = jest.fn();
    const service = build(
      { insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '11', call: known }), callFacts: jest.fn().mockResolvedValue([started]), saveWebhookReply },
      { findByNumber: jest.fn().mockResolvedValue({ config, purpose: 'main_line' }) },
    );
    const out = await service.handle(hook({ eventType: 'initiate', reply: 'route', facts: [started], start: { from: '9195550123', to: '+19195550100', startedAt: MONDAY_10AM } }));
    expect(out.instruction).toEqual({ kind: 'forward', toE164: '+19195550188', ringTimeoutSeconds: 15 });
    expect(saveWebhookReply).toHaveBeenCalledWith({}, '11', out.instruction);
  });

  it('records one decision, publishes missed, counts it, and offers voicemail', async () => {
    const recordDecision = jest.fn().mockResolvedValue(true);
    const saveWebhookReply = jest.fn();
    const service = build(
      { insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '2', call }), callFacts: jest.fn().mockResolvedValue([started, timedOut]), recordDecision, saveWebhookReply },
      { get: jest.fn().mockResolvedValue(config) },
    );
    const out = await service.handle(hook({ facts: [timedOut] }));
    // The voicemail answer depends on the decision: stored by the decision's statement, not by a separate UPDATE.
    expect(recordDecision).toHaveBeenCalledWith({}, call.id, expect.objectContaining({ outcome: 'no_answer', ringSeconds: 20 }), { webhookId: '2', instruction: out.instruction });
    expect(saveWebhookReply).not.toHaveBeenCalled();
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish.mock.calls[0]?.[1]).toMatchObject({ type: 'telephony.call.missed.v1', correlationId: call.id, data: { reason: 'no_answer', callerTextable: true, providerCause: 'timeout' } });
    expect(out.instruction).toMatchObject({ kind: 'voicemail', greeting: expect.stringContaining('Acme Plumbing') });
    expect((await metrics.decisions.get()).values).toEqual([expect.objectContaining({ labels: { provider: 'bandwidth', reason: 'no_answer' }, value: 1 })]);
  });

  it("a decided call's hang-up, with no voicemail in sight, is stored and answered without reading the call's history", async () => {
    const decidedCall: CallRecord = { ...call, decision: 'no_answer' };
    const hangUp: CallFact = { kind: 'caller_hung_up', at: '2026-11-30T15:00:30.000Z', cause: 'hangup', providerCause: 'hangup' };
    // strict mock: callFacts, recordDecision and recordVoicemail are not there to be called
    const service = build({ insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '3', call: decidedCall, legSeen: true, legVoicemail: false }) });
    const out = await service.handle(hook({ eventType: 'disconnect', facts: [hangUp], reply: 'none' }));
    expect(out).toEqual({ duplicate: false, instruction: { kind: 'none' }, callId: call.id });
    expect(publish).not.toHaveBeenCalled();
  });

  it("a decided call whose leg holds a voicemail fact reads its history and records the voicemail once", async () => {
    const decidedCall: CallRecord = { ...call, decision: 'no_answer' };
    const recorded: CallFact = { kind: 'voicemail_recorded', at: '2026-11-30T15:00:40.000Z', recordingId: 'r-1', durationSeconds: 12 };
    const hangUp: CallFact = { kind: 'caller_hung_up', at: '2026-11-30T15:00:41.000Z', cause: 'hangup', providerCause: 'hangup' };
    const recordVoicemail = jest.fn().mockResolvedValue(true);
    const service = build({
      insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '4', call: decidedCall, legSeen: true, legVoicemail: true }),
      callFacts: jest.fn().mockResolvedValue([started, timedOut, recorded, hangUp]),
      recordVoicemail,
    });
    await service.handle(hook({ eventType: 'disconnect', facts: [hangUp], reply: 'none' }));
    expect(recordVoicemail).toHaveBeenCalledWith({}, call.id, 'r-1');
    expect(publish.mock.calls.map((c) => (c[1] as { type: string }).type)).toEqual(['telephony.call.voicemail.v1']);
  });

  describe('answer confirmation', () => {
    const confirming: CallRecord = { ...call, answerConfirmation: true };
    const pickedUp: CallFact = { kind: 'forward_answered', at: '2026-11-30T15:00:06.000Z' };
    const noKey: CallFact = { kind: 'forward_unaccepted', at: '2026-11-30T15:00:12.000Z', digits: '' };
    const accepted: CallFact = { kind: 'forward_accepted', at: '2026-11-30T15:00:09.000Z', digits: '1' };

    it('forwards with the whisper named when the location has it on, and keeps it on the call record', async () => {
      const insertCall = jest.fn().mockResolvedValue(true);
      const service = build(
        { insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '1', call: null }), insertCall, callFacts: jest.fn().mockResolvedValue([started]), saveWebhookReply: jest.fn() },
        { findByNumber: jest.fn().mockResolvedValue({ config: { ...config, answerConfirmation: true }, purpose: 'main_line' }) },
      );
      const out = await service.handle(hook({ eventType: 'initiate', reply: 'route', facts: [started], start: { from: '9195550123', to: '+19195550100', startedAt: MONDAY_10AM } }));
      expect(out.instruction).toEqual({ kind: 'forward', toE164: '+19195550199', ringTimeoutSeconds: 20, answerConfirmation: true });
      expect(insertCall.mock.calls[0]?.[1]).toMatchObject({ answerConfirmation: true });
    });

    it('a pick-up decides nothing and is answered with the prompt (stored for a duplicate); the template wins, {{businessName}} filled', async () => {
      const saveWebhookReply = jest.fn();
      const recordDecision = jest.fn();
      const service = build(
        { insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '7', call: confirming }), callFacts: jest.fn().mockResolvedValue([started, pickedUp]), recordDecision, saveWebhookReply },
        { get: jest.fn().mockResolvedValue({ ...config, templates: { 'voice.answer_confirmation_prompt': 'Call for {{businessName}}: press 1.' } }) },
      );
      const out = await service.handle(hook({ eventType: 'transferAnswer', providerCallId: 'c-b', facts: [pickedUp], reply: 'bridge' }));
      expect(out.instruction).toEqual({ kind: 'confirm_answer', prompt: 'Call for Acme Plumbing: press 1.', timeoutSeconds: 5, acceptDigit: '1' });
      expect(saveWebhookReply).toHaveBeenCalledWith({}, '7', out.instruction);
      expect(recordDecision).not.toHaveBeenCalled();
      expect(publish).not.toHaveBeenCalled();
    });

    it('no key pressed → missed machine_or_unaccepted (ring seconds until the pick-up), the forwarded leg is hung up', async () => {
      const recordDecision = jest.fn().mockResolvedValue(true);
      const service = build({ insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '8', call: confirming }), callFacts: jest.fn().mockResolvedValue([started, pickedUp, noKey]), recordDecision }, {});
      const out = await service.handle(hook({ eventType: 'gather', providerCallId: 'c-b', facts: [noKey], reply: 'hangup' }));
      expect(out.instruction).toEqual({ kind: 'hangup' });
      expect(recordDecision).toHaveBeenCalledWith({}, call.id, expect.objectContaining({ outcome: 'machine_or_unaccepted', ringSeconds: 6 }), null);
      expect(publish.mock.calls[0]?.[1]).toMatchObject({ type: 'telephony.call.missed.v1', data: { reason: 'machine_or_unaccepted', ringSeconds: 6, callerTextable: true } });
    });

    it('the key pressed → answered and bridged (not the prompt again)', async () => {
      const recordDecision = jest.fn().mockResolvedValue(true);
      const service = build({ insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '9', call: confirming }), callFacts: jest.fn().mockResolvedValue([started, pickedUp, accepted]), recordDecision }, {});
      const out = await service.handle(hook({ eventType: 'gather', providerCallId: 'c-b', facts: [accepted], reply: 'bridge' }));
      expect(out.instruction).toEqual({ kind: 'bridge' });
      expect(publish.mock.calls[0]?.[1]).toMatchObject({ type: 'telephony.call.answered.v1', data: { ringSeconds: 6 } });
    });
  });

  it('publishes nothing when a concurrent webhook recorded the decision first', async () => {
    const service = build(
      { insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '3', call }), callFacts: jest.fn().mockResolvedValue([started, timedOut]), recordDecision: jest.fn().mockResolvedValue(false), saveWebhookReply: jest.fn() },
      { get: jest.fn().mockResolvedValue(config) },
    );
    await service.handle(hook({}));
    expect(publish).not.toHaveBeenCalled();
    expect((await metrics.decisions.get()).values).toEqual([]);
  });

  it('a decided call is never decided again (no recordDecision call at all)', async () => {
    const service = build({ insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '4', call: { ...call, decision: 'busy' } }), callFacts: jest.fn().mockResolvedValue([started, timedOut]), saveWebhookReply: jest.fn() }, { get: jest.fn().mockResolvedValue(config) });
    await service.handle(hook({}));
    expect(publish).not.toHaveBeenCalled();
  });

  it('a decided call with its voicemail recorded does not read the call history (no callFacts call), and still answers', async () => {
    // Strict mocks: callFacts is not stubbed, so reading the history would fail the test.
    const service = build({ insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '6', call: { ...call, decision: 'no_answer', voicemailRecordingId: 'r-1' } }), saveWebhookReply: jest.fn() }, {});
    const out = await service.handle(hook({}));
    expect(out).toMatchObject({ duplicate: false, callId: call.id });
    expect(publish).not.toHaveBeenCalled();
  });

  it('an unroutable number is stored, answered with hangup, and publishes nothing', async () => {
    const saveWebhookReply = jest.fn();
    const service = build({ insertWebhookLockingCall: jest.fn().mockResolvedValue({ webhookId: '5', call: null }), saveWebhookReply }, { findByNumber: jest.fn().mockResolvedValue(null) });
    const out = await service.handle(hook({ eventType: 'initiate', reply: 'route', start: { from: '+15551112222', to: '+19195550999', startedAt: MONDAY_10AM } }));
    expect(out.instruction).toEqual({ kind: 'hangup' });
    expect(saveWebhookReply).toHaveBeenCalledWith({}, '5', { kind: 'hangup' });
    expect(publish).not.toHaveBeenCalled();
  });

  describe('group commit (webhooks of different calls that arrive together)', () => {
    const decidedCall: CallRecord = { ...call, decision: 'no_answer' };
    const hangUpOf = (leg: string) => hook({ providerCallId: leg, callerLegId: leg, eventType: 'disconnect', reply: 'none', facts: [{ kind: 'caller_hung_up', at: '2026-11-30T15:00:30.000Z', cause: 'hangup', providerCause: 'hangup' }] });

    it('stores them with one statement in one transaction, each getting its own answer', async () => {
      const insertWebhooksLockingCalls = jest.fn().mockResolvedValue([
        { webhookId: '1', call: { ...decidedCall, providerCallId: 'a' }, legSeen: true, legVoicemail: false },
        { webhookId: '2', call: { ...decidedCall, providerCallId: 'b' }, legSeen: true, legVoicemail: false },
      ]);
      const service = build({ insertWebhooksLockingCalls });
      const [a, b] = await Promise.all([service.handle(hangUpOf('a')), service.handle(hangUpOf('b'))]);
      expect(insertWebhooksLockingCalls).toHaveBeenCalledTimes(1);
      expect(a).toEqual({ duplicate: false, instruction: { kind: 'none' }, callId: call.id });
      expect(b).toEqual({ duplicate: false, instruction: { kind: 'none' }, callId: call.id });
    });

    it('a batch the database refuses is retried webhook by webhook: only the refused webhook fails', async () => {
      const refused = Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
      const insertWebhookLockingCall = jest.fn((_tx: unknown, h: InboundCallWebhook) => (h.callerLegId === 'b' ? Promise.reject(refused) : Promise.resolve({ webhookId: '1', call: decidedCall, legSeen: true, legVoicemail: false })));
      const service = build({ insertWebhooksLockingCalls: jest.fn().mockRejectedValue(refused), insertWebhookLockingCall });
      const [a, b] = await Promise.allSettled([service.handle(hangUpOf('a')), service.handle(hangUpOf('b'))]);
      expect(a).toEqual({ status: 'fulfilled', value: { duplicate: false, instruction: { kind: 'none' }, callId: call.id } });
      expect(b).toEqual({ status: 'rejected', reason: refused });
      expect(insertWebhookLockingCall).toHaveBeenCalledTimes(2);
      expect((await metrics.batchRetries.get()).values[0]?.value).toBe(1);
    });

    it('an outage fails the whole batch at once, without retrying each webhook', async () => {
      const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      // strict mock: insertWebhookLockingCall is not there to be called
      const service = build({ insertWebhooksLockingCalls: jest.fn().mockRejectedValue(down) });
      const [a, b] = await Promise.allSettled([service.handle(hangUpOf('a')), service.handle(hangUpOf('b'))]);
      expect(a).toEqual({ status: 'rejected', reason: down });
      expect(b).toEqual({ status: 'rejected', reason: down });
    });
  });
});
