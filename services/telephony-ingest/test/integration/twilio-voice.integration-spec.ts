import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@textback/contracts';
import { getExpectedTwilioSignature } from 'twilio';
import { TwilioVoiceController } from '../../src/modules/calls/adapters/twilio/twilio-voice.controller';
import { kafkaEvents, PUBLIC_BASE_URL, RING_TIMEOUT_SECONDS, startTelephonyTestApp, type TelephonyTestApp, TEST_LINES, TWILIO_TOKEN } from '../utils/telephony-test-app';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures/twilio', `${name}.json`), 'utf8')) as Record<string, string>;
/** The open location's Twilio tracking number and the closed location's. */
const OPEN_TRACKING = TEST_LINES.open.replace(/00$/, '01');
const CLOSED_TRACKING = TEST_LINES.closed.replace(/00$/, '01');
const rfc2822 = (msFromNow: number) => new Date(Date.now() + msFromNow).toUTCString().replace('GMT', '+0000');

describe(`${TwilioVoiceController.name} (real HTTP, PostgreSQL, Kafka)`, () => {
  let t: TelephonyTestApp;

  beforeAll(async () => {
    t = await startTelephonyTestApp('teltw');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** POSTs a form-encoded webhook signed as Twilio signs it (for the public URL). */
  const post = (hook: string, params: Record<string, string>, signature?: string) => {
    const sig = signature ?? getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC_BASE_URL}/twilio/voice/${hook}`, params);
    return fetch(`${t.baseUrl}/twilio/voice/${hook}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig }, body: new URLSearchParams(params).toString() });
  };
  const newSid = () => `CA${randomBytes(16).toString('hex')}`;
  const call = (sid: string, to = OPEN_TRACKING, from = '+15551112222') => ({ ...fixture('voice-incoming-call'), CallSid: sid, To: to, Called: to, From: from, Caller: from });
  const incoming = (sid: string, to?: string, from?: string) => post('incoming', call(sid, to, from));
  const dialAction = (sid: string, status: string, duration = '0') => post('dial-action', { ...fixture('voice-dial-action-no-answer'), ...call(sid), CallStatus: 'in-progress', DialCallStatus: status, DialCallDuration: duration });
  const parentStatus = (sid: string, msFromNow: number, to = OPEN_TRACKING) => post('status', { ...fixture('voice-status-callback-completed'), ...call(sid, to), CallStatus: 'completed', Timestamp: rfc2822(msFromNow) });
  const missedOf = async (sid: string) => (await kafkaEvents(t, sid, TOPICS.callMissed))[0]!;

  it('rings out → no_answer; TwiML Dial with the ring timeout, then voicemail; tracking source kept', async () => {
    const sid = newSid();
    const res = await incoming(sid);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/xml');
    expect(await res.text()).toContain(`<Dial timeout="${RING_TIMEOUT_SECONDS}" action="${PUBLIC_BASE_URL}/twilio/voice/dial-action" method="POST" answerOnBridge="true"><Number `);
    const action = await dialAction(sid, 'no-answer');
    expect(await action.text()).toMatch(/<Say>Sorry, Open Plumbing &amp; Sons cannot take your call.*<\/Say><Record /);
    expect((await post('status', { ...fixture('voice-status-callback-child-no-answer'), ParentCallSid: sid, CallSid: newSid() })).status).toBe(204);
    expect((await parentStatus(sid, 30_000)).status).toBe(204);
    const missed = await missedOf(sid);
    expect(missed).toMatchObject({ locationId: t.openLocationId, data: { reason: 'no_answer', provider: 'twilio', providerCause: 'no-answer', trackingSource: 'google-ads', dialedE164: OPEN_TRACKING, callerE164: '+15551112222' } });
    expect(missed.correlationId).toBe(missed.data.callId);
  });

  it('busy → busy', async () => {
    const sid = newSid();
    await incoming(sid);
    await dialAction(sid, 'busy');
    expect((await missedOf(sid)).data).toMatchObject({ reason: 'busy', providerCause: 'busy' });
  });

  it('caller hangs up after about 4 s of ringing → caller_abandoned with ring seconds', async () => {
    const sid = newSid();
    await incoming(sid);
    await parentStatus(sid, 4_600); // Timestamp has 1 s resolution: 3.6–4.6 s after the incoming webhook
    const data = (await missedOf(sid)).data as unknown as { reason: string; ringSeconds: number };
    expect(data.reason).toBe('caller_abandoned');
    expect(data.ringSeconds).toBeGreaterThanOrEqual(3);
    expect(data.ringSeconds).toBeLessThanOrEqual(5);
  });

  it('caller hangs up after about 1 s → short_abandon; a restricted caller has no textable number', async () => {
    const sid = newSid();
    await incoming(sid, OPEN_TRACKING, 'Restricted');
    await parentStatus(sid, 1_000);
    expect((await missedOf(sid)).data).toMatchObject({ reason: 'short_abandon', callerE164: null, callerTextable: false });
  });

  it('answered and talked → answered, no missed call', async () => {
    const sid = newSid();
    await incoming(sid);
    expect((await post('status', { ...fixture('voice-status-callback-child-no-answer'), ParentCallSid: sid, CallSid: newSid(), CallStatus: 'in-progress', Timestamp: rfc2822(3_000) })).status).toBe(204);
    expect(await (await dialAction(sid, 'completed', '42')).text()).toContain('<Hangup/>');
    await parentStatus(sid, 50_000);
    await kafkaEvents(t, sid, TOPICS.callAnswered);
    expect((await t.outboxOf(sid)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.answered.v1']);
  });

  it('after hours → Say + Record, then after_hours', async () => {
    const sid = newSid();
    const twiml = await (await incoming(sid, CLOSED_TRACKING)).text();
    expect(twiml).toMatch(/<Say>Thanks for calling Closed Heating\..*<\/Say><Record action="https:\/\/hooks\.textback\.test\/ingest\/twilio\/voice\/record-action"/);
    expect(twiml).not.toContain('<Dial');
    await parentStatus(sid, 8_000, CLOSED_TRACKING);
    expect((await missedOf(sid)).data).toMatchObject({ reason: 'after_hours' });
  });

  it('voicemail left → voicemail_left and one voicemail event', async () => {
    const sid = newSid();
    await incoming(sid, CLOSED_TRACKING);
    const recording = { ...call(sid, CLOSED_TRACKING), RecordingSid: `RE${sid.slice(2)}`, RecordingDuration: '17', RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE${sid.slice(2)}` };
    expect(await (await post('record-action', recording)).text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect((await post('recording-status', { ...recording, RecordingStatus: 'completed' })).status).toBe(204);
    expect((await missedOf(sid)).data).toMatchObject({ reason: 'voicemail_left' });
    expect((await kafkaEvents(t, sid, TOPICS.callVoicemail))[0]?.data).toMatchObject({ durationSeconds: 17, recordingId: recording.RecordingSid });
    expect((await t.outboxOf(sid)).filter((e) => e.type === 'telephony.call.voicemail.v1')).toHaveLength(1);
  });

  it('an unknown DialCallStatus → provider_error', async () => {
    const sid = newSid();
    await incoming(sid);
    expect((await dialAction(sid, 'teleported')).status).toBe(200);
    expect((await missedOf(sid)).data).toMatchObject({ reason: 'provider_error', providerCause: 'teleported' });
  });

  it('the same webhook twice and concurrently → one event and the same TwiML', async () => {
    const sid = newSid();
    const starts = await Promise.all([incoming(sid), incoming(sid)]);
    expect(new Set(await Promise.all(starts.map((r) => r.text()))).size).toBe(1);
    const first = await (await dialAction(sid, 'no-answer')).text();
    const again = await Promise.all([dialAction(sid, 'no-answer'), dialAction(sid, 'no-answer'), dialAction(sid, 'no-answer')]);
    expect(new Set([first, ...(await Promise.all(again.map((r) => r.text())))]).size).toBe(1);
    expect(await t.webhookCount(sid)).toBe(2);
    expect((await t.outboxOf(sid)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1']);
    await kafkaEvents(t, sid, TOPICS.callMissed);
    expect(t.eventsOf(sid, TOPICS.callMissed)).toHaveLength(1);
  });

  it('a bad or missing signature → 403 and nothing stored', async () => {
    const sid = newSid();
    expect((await post('incoming', call(sid), 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    const signedForOtherUrl = getExpectedTwilioSignature(TWILIO_TOKEN, 'https://elsewhere.example/twilio/voice/incoming', call(sid));
    expect((await post('incoming', call(sid), signedForOtherUrl)).status).toBe(403);
    const tampered = getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC_BASE_URL}/twilio/voice/incoming`, { ...call(sid), From: '+15550000000' });
    expect((await post('incoming', call(sid), tampered)).status).toBe(403);
    expect(await t.webhookCount(sid)).toBe(0);
  });

  it('malformed (signed) form → 400 (a malformed incoming call to a known line is still forwarded), nothing stored or published', async () => {
    const sid = newSid();
    expect((await post('dial-action', { ...call(sid) })).status).toBe(400); // no DialCallStatus
    expect((await post('incoming', { ...call(sid), CallSid: 'not-a-sid' })).status).toBe(200); // fail open: forwarded
    expect(await t.webhookCount(sid)).toBe(0);
    expect(await t.outboxOf(sid)).toEqual([]);
  });
});
