import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocationConfig, locationConfigSchema } from '@textback/contracts';
import { CallbackSpool, type LocationDirectory, type RawWebhookStore } from '@textback/platform';
import pino from 'pino';
import { Registry } from 'prom-client';
import { strictMock } from '@textback/testing';
import { type TelephonyIngestConfig } from '../../config/telephony-ingest.config';
import { BandwidthVoiceAdapter } from './adapters/bandwidth/bandwidth-voice.adapter';
import { CallDecisionMetrics } from './call-decision.metrics';
import { type CallLifecycleService } from './call-lifecycle.service';
import { FailOpenMetrics } from './fail-open.metrics';
import { VoiceWebhookIntake } from './voice-webhook-intake.service';

const allDay = [{ open: '00:00', close: '24:00' }];
const location: LocationConfig = locationConfigSchema.parse({
  locationId: '6f1c7a52-2d7e-4a57-9a3e-0d3f6f1d9a01',
  tenantId: '0b5e2f0e-1f2a-4c3b-8d4e-5f6a7b8c9d01',
  regionId: null,
  revision: 1,
  businessName: 'Acme Plumbing',
  locationName: 'Durham',
  timeZone: 'Etc/UTC',
  businessHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  forwardToE164: '+19195550199',
  ringTimeoutSeconds: 20,
  phoneNumbers: [{ e164: '+19195550100', provider: 'bandwidth', purpose: 'main_line' }],
  sendingNumbers: [],
  services: [],
});
const config = {
  publicBaseUrl: 'https://hooks.example.com',
  bandwidthCredentials: [],
  twilioAuthToken: null,
  rawWebhooks: { replayIntervalMs: 5000, replayMaxAttempts: 5, retentionDays: 30 },
  failOpen: { persistBudgetMs: 30, spoolHedgeMs: 10, spoolDir: '', spoolReplayIntervalMs: 1000, spoolReplayConcurrency: 4 },
  batch: { lingerMs: 0, maxBatch: 32, maxInFlight: 4 },
} satisfies TelephonyIngestConfig;

const body = (callId: string, eventType: string, extra: Record<string, unknown> = {}) => ({
  eventType,
  callId,
  accountId: '9900000',
  applicationId: 'app',
  from: '+19195550123',
  to: '+19195550100',
  direction: 'inbound',
  startTime: '2026-12-04T09:00:00.000Z',
  eventTime: '2026-12-04T09:00:00.000Z',
  ...extra,
});
const request = (b: Record<string, unknown>) => ({ body: b, rawBody: Buffer.from(JSON.stringify(b)), originalUrl: `/bandwidth/voice/${String(b.eventType)}`, headers: {} });

describe(VoiceWebhookIntake.name, () => {
  function setup(handle: jest.Mock) {
    const spool = new CallbackSpool(mkdtempSync(join(tmpdir(), 'intake-spool-')));
    const directory = strictMock<LocationDirectory>({ ownerInMemory: jest.fn((e164: string) => (e164 === '+19195550100' ? { config: location, purpose: 'main_line' } : null)) });
    const registry = new Registry();
    const intake = new VoiceWebhookIntake(
      strictMock<CallLifecycleService>({ handle }),
      strictMock<RawWebhookStore>({}),
      directory,
      spool,
      new CallDecisionMetrics(registry),
      new FailOpenMetrics(registry, spool),
      { ...config, failOpen: { ...config.failOpen, spoolDir: spool.dir } },
      pino({ level: 'silent' }),
    );
    return { intake, spool, adapter: new BandwidthVoiceAdapter(config) };
  }

  it('answers with the persisted instruction when persistence commits within the budget, spooling nothing', async () => {
    const { intake, spool, adapter } = setup(jest.fn().mockResolvedValue({ duplicate: false, instruction: { kind: 'hangup' } }));
    const answer = await intake.receive(adapter, 'initiate', request(body('c-1', 'initiate')), null);
    expect(answer.body).toContain('<Hangup/>');
    expect(spool.pending).toBe(0);
  });

  it('forwards from memory and spools the initiate when persistence is late; queues the call\'s next callback behind it', async () => {
    const handle = jest.fn().mockReturnValue(new Promise(() => undefined));
    const { intake, spool, adapter } = setup(handle);
    const answer = await intake.receive(adapter, 'initiate', request(body('c-2', 'initiate')), null);
    expect(answer.body).toContain('>+19195550199</PhoneNumber>');
    expect(spool.pending).toBe(1);
    handle.mockClear();
    const next = await intake.receive(adapter, 'transfer-complete', request(body('c-2', 'transferComplete', { cause: 'timeout' })), null);
    expect(handle).not.toHaveBeenCalled();
    expect(next.body).toContain('<Record');
    const reasons: string[] = [];
    await spool.drain(async (e) => void reasons.push(`${e.key} ${e.reason}`));
    expect(reasons).toEqual(['bandwidth:c-2:initiate late', 'bandwidth:c-2:transferComplete queued']);
  });

  it('answers an initiate once it is spooled while its write runs; once the write commits, the next callback is applied directly and the replay skips the copy', async () => {
    let commit: (v: unknown) => void = () => undefined;
    const handle = jest.fn().mockReturnValueOnce(new Promise((resolve) => (commit = resolve))).mockResolvedValue({ duplicate: false, instruction: { kind: 'hangup' } });
    const { intake, spool, adapter } = setup(handle);
    const answer = await intake.receive(adapter, 'initiate', request(body('c-5', 'initiate')), null);
    expect(answer.body).toContain('>+19195550199</PhoneNumber>');
    expect(spool.hasPending('bandwidth:c-5')).toBe(true);
    const next = intake.receive(adapter, 'transfer-complete', request(body('c-5', 'transferComplete', { cause: 'timeout' })), null);
    commit({ duplicate: false, instruction: { kind: 'forward', toE164: '+19195550199', ringTimeoutSeconds: 20 } });
    expect((await next).body).toContain('<Hangup/>');
    expect(handle).toHaveBeenCalledTimes(2);
    const replayed: string[] = [];
    expect(await spool.drain(async (e) => void replayed.push(e.key))).toMatchObject({ replayed: 0, settled: 1 });
    expect(spool.pending).toBe(0);
  });

  it('keeps the deciding transferComplete waiting for its write within the budget (its answer follows the decision)', async () => {
    const handle = jest.fn().mockReturnValue(new Promise((resolve) => setTimeout(() => resolve({ duplicate: false, instruction: { kind: 'hangup' } }), 15)));
    const { intake, spool, adapter } = setup(handle);
    const answer = await intake.receive(adapter, 'transfer-complete', request(body('c-6', 'transferComplete', { cause: 'hangup' })), null);
    expect(answer.body).toContain('<Hangup/>');
    expect(spool.pending).toBe(0);
  });

  it('forwards from memory and spools when persistence fails at once (database unreachable)', async () => {
    const { intake, spool, adapter } = setup(jest.fn().mockRejectedValue(new Error('timeout exceeded when trying to connect')));
    const answer = await intake.receive(adapter, 'initiate', request(body('c-3', 'initiate')), null);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('>+19195550199</PhoneNumber>');
    expect(spool.pending).toBe(1);
  });

  it('answers a fallback callback from memory without touching the database, and spools it', async () => {
    const { intake, spool, adapter } = setup(jest.fn());
    const answer = await intake.answerFallback(adapter, 'initiate', request(body('c-4', 'initiate')), null);
    expect(answer.body).toContain('>+19195550199</PhoneNumber>');
    expect(spool.pending).toBe(1);
  });
});
