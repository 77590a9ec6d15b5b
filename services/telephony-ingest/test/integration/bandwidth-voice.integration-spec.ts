import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@textback/contracts';
import { BandwidthVoiceController } from '../../src/modules/calls/adapters/bandwidth/bandwidth-voice.controller';
import { BANDWIDTH_AUTH, kafkaEvents, PUBLIC_BASE_URL, RING_TIMEOUT_SECONDS, startTelephonyTestApp, type TelephonyTestApp, TEST_LINES } from '../utils/telephony-test-app';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures/bandwidth', `${name}.json`), 'utf8')) as Record<string, unknown>;

/** A Monday 10:00 in every US zone is inside the open location's hours; the closed one is always closed. */
const T0 = Date.parse('2026-11-30T15:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const GOOD = basic(BANDWIDTH_AUTH.username, BANDWIDTH_AUTH.password);

describe(`${BandwidthVoiceController.name} (real HTTP, PostgreSQL, Kafka)`, () => {
  let t: TelephonyTestApp;

  beforeAll(async () => {
    t = await startTelephonyTestApp('telbw');
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (hook: string, body: unknown, authorization: string | null = GOOD) =>
    fetch(`${t.baseUrl}/bandwidth/voice/${hook}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const newCallId = () => `c-${randomUUID()}`;
  const initiate = (callId: string, opts: { from?: string; to?: string; start?: number } = {}) =>
    post('initiate', { ...fixture('voice-initiate'), callId, from: opts.from ?? '+15551112222', to: opts.to ?? TEST_LINES.open, startTime: at(opts.start ?? 0), eventTime: at((opts.start ?? 0) + 0.1) });
  const transferComplete = (callId: string, cause: string, s: number) => post('transfer-complete', { ...fixture('voice-transfer-complete-timeout'), callId, cause, eventTime: at(s), startTime: at(0) });
  const disconnect = (callId: string, s: number, cause = 'hangup') => post('status', { ...fixture('voice-disconnect-inbound-hangup'), callId, to: TEST_LINES.open, cause, endTime: at(s), eventTime: at(s + 0.05) });
  const missedOf = async (callId: string) => (await kafkaEvents(t, callId, TOPICS.callMissed))[0]!;

  it('rings out → no_answer; BXML forwards with the ring timeout, then offers voicemail; national caller id becomes E.164', async () => {
    const callId = newCallId();
    const res = await initiate(callId, { from: '9195550123' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/xml');
    const bxml = await res.text();
    expect(bxml).toContain(`<Transfer callTimeout="${RING_TIMEOUT_SECONDS}" transferCompleteUrl="${PUBLIC_BASE_URL}/bandwidth/voice/transfer-complete"`);
    expect(bxml).toContain(`transferAnswerUrl="${PUBLIC_BASE_URL}/bandwidth/voice/transfer-answer"`);
    expect(bxml).toContain(`transferDisconnectUrl="${PUBLIC_BASE_URL}/bandwidth/voice/transfer-disconnect"`);
    expect(bxml).toContain(`username="${BANDWIDTH_AUTH.username}"`);
    expect(bxml).toContain(`>${TEST_LINES.forwardTo}</PhoneNumber>`);

    const tc = await transferComplete(callId, 'timeout', 25);
    expect(tc.status).toBe(200);
    expect(await tc.text()).toMatch(/<SpeakSentence[^>]*>Sorry, Open Plumbing &amp; Sons cannot take your call.*<Record /);
    expect((await post('transfer-disconnect', { ...fixture('voice-transfer-disconnect-hangup'), callId: `c-b-${callId}`, parentCallId: callId, cause: 'timeout' })).status).toBe(204);
    expect((await disconnect(callId, 30)).status).toBe(204);

    const missed = await missedOf(callId);
    expect(missed).toMatchObject({ type: 'telephony.call.missed.v1', locationId: t.openLocationId, data: { reason: 'no_answer', ringSeconds: 25, providerCause: 'timeout', callerE164: '+19195550123', callerRaw: '9195550123', callerTextable: true, dialedE164: TEST_LINES.open, provider: 'bandwidth' } });
    const [received] = await kafkaEvents(t, callId, TOPICS.callReceived);
    expect(received).toMatchObject({ correlationId: missed.data.callId, data: { route: 'forward', forwardedToE164: TEST_LINES.forwardTo, callId: missed.data.callId } });
    expect(missed.correlationId).toBe(missed.data.callId);
    expect((await t.outboxOf(callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1']);
  });

  it('busy → busy', async () => {
    const callId = newCallId();
    await initiate(callId);
    await post('transfer-complete', { ...fixture('voice-transfer-complete-busy'), callId, startTime: at(0), eventTime: at(2) });
    expect((await missedOf(callId)).data).toMatchObject({ reason: 'busy', ringSeconds: 2, providerCause: 'busy' });
  });

  it('caller hangs up after 4 s of ringing (no transferComplete) → caller_abandoned with ring seconds', async () => {
    const callId = newCallId();
    await initiate(callId);
    expect((await disconnect(callId, 4)).status).toBe(204);
    await post('transfer-disconnect', { ...fixture('voice-transfer-disconnect-hangup'), callId: `c-b-${callId}`, parentCallId: callId, cause: 'cancel' });
    expect((await missedOf(callId)).data).toMatchObject({ reason: 'caller_abandoned', ringSeconds: 4, endedAt: at(4) });
  });

  it('a disconnect stored before its initiate (carrier retry order) is part of the history the initiate decides on', async () => {
    const callId = newCallId();
    expect((await disconnect(callId, 4)).status).toBe(204);
    expect((await initiate(callId)).status).toBe(200);
    expect((await missedOf(callId)).data).toMatchObject({ reason: 'caller_abandoned', ringSeconds: 4, endedAt: at(4) });
  });

  it('caller hangs up after 1 s → short_abandon; an anonymous caller has no textable number', async () => {
    const callId = newCallId();
    await initiate(callId, { from: 'Anonymous' });
    await disconnect(callId, 1);
    expect((await missedOf(callId)).data).toMatchObject({ reason: 'short_abandon', ringSeconds: 1, callerE164: null, callerRaw: 'Anonymous', callerTextable: false });
  });

  it('answered and talked → answered, no missed call', async () => {
    const callId = newCallId();
    await initiate(callId);
    const answer = await post('transfer-answer', { ...fixture('voice-transfer-answer'), callId: `c-b-${callId}`, parentCallId: callId, eventTime: at(6) });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const tc = await transferComplete(callId, 'hangup', 90);
    expect(await tc.text()).toContain('<Hangup/>');
    await disconnect(callId, 90);
    const [answered] = await kafkaEvents(t, callId, TOPICS.callAnswered);
    expect(answered?.data).toMatchObject({ ringSeconds: 6, answeredAt: at(6) });
    expect((await t.outboxOf(callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.answered.v1']);
  });

  it('after hours → voicemail BXML, then after_hours when the caller hangs up without a message', async () => {
    const callId = newCallId();
    const res = await initiate(callId, { to: TEST_LINES.closed });
    const bxml = await res.text();
    expect(bxml).toMatch(/<SpeakSentence voice="julie">Thanks for calling Closed Heating\. We are closed right now\..*<\/SpeakSentence><Record [^>]*recordingAvailableUrl="https:\/\/hooks\.textback\.test\/ingest\/bandwidth\/voice\/recording-available"/);
    expect(bxml).not.toContain('<Transfer');
    await disconnect(callId, 9);
    const missed = await missedOf(callId);
    expect(missed).toMatchObject({ locationId: t.closedLocationId, data: { reason: 'after_hours', ringSeconds: 0 } });
    expect((await kafkaEvents(t, callId, TOPICS.callReceived))[0]?.data).toMatchObject({ route: 'after_hours' });
  });

  it('voicemail left → voicemail_left and one voicemail event (recordComplete and recordingAvailable both arrive)', async () => {
    const callId = newCallId();
    await initiate(callId, { to: TEST_LINES.closed });
    const media = `https://voice.bandwidth.com/api/v2/accounts/55555555/calls/${callId}/recordings/r-1/media`;
    const rc = await post('record-complete', { ...fixture('voice-record-complete'), callId, recordingId: `r-${callId}`, duration: 'PT14.2S', endTime: at(30), mediaUrl: media });
    expect(await rc.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    await disconnect(callId, 31);
    expect((await post('recording-available', { ...fixture('voice-recording-available'), callId, recordingId: `r-${callId}`, duration: 'PT14.2S', endTime: at(30), mediaUrl: media })).status).toBe(204);
    expect((await missedOf(callId)).data).toMatchObject({ reason: 'voicemail_left' });
    const [voicemail] = await kafkaEvents(t, callId, TOPICS.callVoicemail);
    expect(voicemail?.data).toMatchObject({ recordingId: `r-${callId}`, durationSeconds: 14.2, mediaUrl: media, recordedAt: at(30) });
    expect((await t.outboxOf(callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1', 'telephony.call.voicemail.v1']);
  });

  it('an unknown cause → provider_error, never a crash', async () => {
    const callId = newCallId();
    await initiate(callId);
    const tc = await transferComplete(callId, 'solar-flare', 3);
    expect(tc.status).toBe(200);
    expect((await missedOf(callId)).data).toMatchObject({ reason: 'provider_error', providerCause: 'solar-flare' });
  });

  it('the same callback twice and concurrently → one stored webhook, one event, the same answer', async () => {
    const callId = newCallId();
    const initiates = await Promise.all([initiate(callId), initiate(callId), initiate(callId)]);
    const bodies = await Promise.all(initiates.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    const first = await transferComplete(callId, 'timeout', 25);
    const again = await Promise.all([transferComplete(callId, 'timeout', 25), transferComplete(callId, 'timeout', 25), transferComplete(callId, 'timeout', 25)]);
    const replies = [await first.text(), ...(await Promise.all(again.map((r) => r.text())))];
    expect(new Set(replies).size).toBe(1);
    await Promise.all([disconnect(callId, 30), disconnect(callId, 30)]);
    expect(await t.webhookCount(callId)).toBe(3);
    expect((await t.outboxOf(callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1']);
    await kafkaEvents(t, callId, TOPICS.callMissed);
    expect(t.eventsOf(callId, TOPICS.callMissed)).toHaveLength(1);
    expect(t.eventsOf(callId, TOPICS.callReceived)).toHaveLength(1);
  });

  it('wrong or missing credentials → 401 and nothing stored', async () => {
    const callId = newCallId();
    const wrong = await post('initiate', { ...fixture('voice-initiate'), callId, to: TEST_LINES.open }, basic(BANDWIDTH_AUTH.username, 'wrong-password'));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await post('initiate', { ...fixture('voice-initiate'), callId, to: TEST_LINES.open }, null)).status).toBe(401);
    expect((await post('status', { ...fixture('voice-disconnect-inbound-hangup'), callId }, 'Bearer abc')).status).toBe(401);
    expect(await t.webhookCount(callId)).toBe(0);
    expect(await t.outboxOf(callId)).toEqual([]);
  });

  it('malformed body → 400 (a malformed initiate to a known line is still forwarded), no call stored or published', async () => {
    const callId = newCallId();
    const failOpen = await post('initiate', { ...fixture('voice-initiate'), callId, eventTime: 'not-a-time', to: TEST_LINES.open });
    expect(failOpen.status).toBe(200);
    expect(await failOpen.text()).toContain(`>${TEST_LINES.forwardTo}</PhoneNumber>`);
    const bad = await post('status', { ...fixture('voice-disconnect-inbound-hangup'), callId, eventTime: 'not-a-time' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([expect.stringContaining('eventTime')]);
    expect((await post('transfer-complete', { ...fixture('voice-transfer-complete-busy'), callId, cause: undefined })).status).toBe(400);
    expect((await post('initiate', '{"eventType": "initiate", "callId": ')).status).toBe(400);
    expect(await t.webhookCount(callId)).toBe(0);
    expect(await t.outboxOf(callId)).toEqual([]);
  });

  it('malformed body on the fallback URL → 400 with its problems too (it answered 204, as if delivered); a malformed initiate to a known line is still forwarded', async () => {
    const callId = newCallId();
    const failOpen = await post('fallback/initiate', { ...fixture('voice-initiate'), callId, eventTime: 'not-a-time', to: TEST_LINES.open });
    expect(failOpen.status).toBe(200);
    expect(await failOpen.text()).toContain(`>${TEST_LINES.forwardTo}</PhoneNumber>`);
    const bad = await post('fallback/status', { ...fixture('voice-disconnect-inbound-hangup'), callId, eventTime: 'not-a-time' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([expect.stringContaining('eventTime')]);
    expect((await post('fallback/status', '{"eventType": "disconnect", "callId": ')).status).toBe(400);
  });

  it('a number no location owns is rejected with Hangup, stored, and publishes nothing', async () => {
    const callId = newCallId();
    const res = await initiate(callId, { to: '+19195550999' });
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(await t.webhookCount(callId)).toBe(1);
    expect(await t.outboxOf(callId)).toEqual([]);
  });
});
