import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@textback/contracts';
import { getExpectedTwilioSignature } from 'twilio';
import { BANDWIDTH_AUTH, kafkaEvents, PUBLIC_BASE_URL, startTelephonyTestApp, type TelephonyTestApp, TEST_LINES, TWILIO_TOKEN } from '../utils/telephony-test-app';

const bwFixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures/bandwidth', `${name}.json`), 'utf8')) as Record<string, unknown>;
const twFixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures/twilio', `${name}.json`), 'utf8')) as Record<string, string>;
const T0 = Date.parse('2026-11-30T15:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const GOOD = `Basic ${Buffer.from(`${BANDWIDTH_AUTH.username}:${BANDWIDTH_AUTH.password}`).toString('base64')}`;
/** The confirming location's own prompt (its template `voice.answer_confirmation_prompt`). */
const PROMPT = 'Missed-call text-back for Open Plumbing &amp; Sons: press 1 to take this call.';
/** The confirming location's Twilio tracking number. */
const CONFIRMING_TRACKING = TEST_LINES.confirming.replace(/00$/, '01');

/**
 * Answer confirmation against the real stack (PostgreSQL, Kafka): the location `TEST_LINES.confirming` has it on.
 * Each test drives one call's callbacks in the carrier's documented order and reads the decision from Kafka and the
 * outbox (the exact count of events per call).
 */
describe('answer confirmation (real HTTP, PostgreSQL, Kafka)', () => {
  let t: TelephonyTestApp;

  beforeAll(async () => {
    t = await startTelephonyTestApp('telac');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('Bandwidth', () => {
    const post = (hook: string, body: unknown) => fetch(`${t.baseUrl}/bandwidth/voice/${hook}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: GOOD }, body: JSON.stringify(body) });
    const initiate = (callId: string, to: string = TEST_LINES.confirming) => post('initiate', { ...bwFixture('voice-initiate'), callId, from: '+15551112222', to, startTime: at(0), eventTime: at(0.1) });
    const transferAnswer = (callId: string, s = 6, path = 'transfer-answer', line: string = TEST_LINES.confirmingForwardTo) =>
      // Bandwidth names the answering line in `transferTo`; the fixture's `to` is another number, as in the reference.
      post(path, { ...bwFixture('voice-transfer-answer'), callId: `c-b-${callId}`, parentCallId: callId, transferTo: line, eventTime: at(s) });
    const gather = (callId: string, digits: string, s: number) => post('transfer-gather', { ...bwFixture('voice-gather-transfer-timeout'), callId: `c-b-${callId}`, parentCallId: callId, digits, eventTime: at(s) });
    const transferComplete = (callId: string, s: number) => post('transfer-complete', { ...bwFixture('voice-transfer-complete-hangup'), callId, cause: 'hangup', startTime: at(0), eventTime: at(s) });
    const disconnect = (callId: string, s: number) => post('status', { ...bwFixture('voice-disconnect-inbound-hangup'), callId, to: TEST_LINES.confirming, cause: 'hangup', endTime: at(s), eventTime: at(s + 0.05) });

    it('a machine picks up: the prompt plays, no key → machine_or_unaccepted, the forwarded leg hung up, the caller offered voicemail', async () => {
      const callId = `c-${randomUUID()}`;
      expect(await (await initiate(callId)).text()).toContain(`transferAnswerUrl="${PUBLIC_BASE_URL}/bandwidth/voice/transfer-answer"`);
      const answer = await transferAnswer(callId);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe(
        `<?xml version="1.0" encoding="UTF-8"?><Response><Gather gatherUrl="${PUBLIC_BASE_URL}/bandwidth/voice/transfer-gather" gatherMethod="POST" gatherFallbackUrl="${PUBLIC_BASE_URL}/bandwidth/voice/fallback/transfer-gather" gatherFallbackMethod="POST" maxDigits="1" firstDigitTimeout="5" repeatCount="1" username="${BANDWIDTH_AUTH.username}" password="${BANDWIDTH_AUTH.password}" fallbackUsername="${BANDWIDTH_AUTH.username}" fallbackPassword="${BANDWIDTH_AUTH.password}">` +
          `<SpeakSentence voice="julie">${PROMPT}</SpeakSentence></Gather></Response>`,
      );
      expect(await t.outboxOf(callId)).toHaveLength(1); // received only: a pick-up is not an answer

      const noKey = await gather(callId, '', 13);
      expect(await noKey.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
      expect(await (await transferComplete(callId, 13.2)).text()).toMatch(/<SpeakSentence[^>]*>Sorry, Open Plumbing &amp; Sons cannot take your call.*<Record /);
      await disconnect(callId, 20);

      const [missed] = await kafkaEvents(t, callId, TOPICS.callMissed);
      expect(missed).toMatchObject({ locationId: t.confirmingLocationId, data: { reason: 'machine_or_unaccepted', ringSeconds: 6, endedAt: at(13), callerE164: '+15551112222', callerTextable: true } });
      expect((await t.outboxOf(callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1']);
    });

    it('a person presses 1 → answered (ring seconds until the pick-up) and bridged; no missed call', async () => {
      const callId = `c-${randomUUID()}`;
      await initiate(callId);
      await transferAnswer(callId, 7);
      expect(await (await gather(callId, '1', 10)).text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      expect(await (await transferComplete(callId, 70)).text()).toContain('<Hangup/>');
      await disconnect(callId, 70);
      const [answered] = await kafkaEvents(t, callId, TOPICS.callAnswered);
      expect(answered?.data).toMatchObject({ ringSeconds: 7, answeredAt: at(10) });
      expect((await t.outboxOf(callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.answered.v1']);
    });

    it('the gather callback (and the transferAnswer) delivered twice and concurrently: one stored webhook each, the same answers, one decision', async () => {
      const callId = `c-${randomUUID()}`;
      await initiate(callId);
      const prompts = await Promise.all([transferAnswer(callId), transferAnswer(callId)]);
      expect(new Set(await Promise.all(prompts.map((r) => r.text()))).size).toBe(1);
      const replies = await Promise.all([gather(callId, '', 13), gather(callId, '', 13), gather(callId, '', 13)]);
      expect(new Set(await Promise.all(replies.map((r) => r.text())))).toEqual(new Set(['<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>']));
      expect(await (await gather(callId, '', 13)).text()).toContain('<Hangup/>');
      await disconnect(callId, 14);
      expect(await t.webhookCount(callId)).toBe(4); // initiate, transferAnswer, gather, disconnect
      await kafkaEvents(t, callId, TOPICS.callMissed);
      expect((await t.outboxOf(callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1']);
      expect(t.eventsOf(callId, TOPICS.callMissed)).toHaveLength(1);
    });

    it("the gather's fallback URL (our primary answer failed): a key 1 still connects the call, no key still hangs up the forwarded leg", async () => {
      const callId = `c-${randomUUID()}`;
      await initiate(callId);
      await transferAnswer(callId, 7);
      const viaFallback = (digits: string) =>
        post('fallback/transfer-gather', { ...bwFixture('voice-gather-transfer-timeout'), callId: `c-b-${callId}`, parentCallId: callId, digits, eventTime: at(10) });
      expect(await (await viaFallback('1')).text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      expect(await (await viaFallback('')).text()).toContain('<Hangup/>');
    });

    it("the pick-up on transferAnswer's fallback URL (answered from memory, no call record): the location's prompt still plays; no key → machine_or_unaccepted once", async () => {
      const callId = `c-${randomUUID()}`;
      await initiate(callId);
      const answer = await transferAnswer(callId, 6, 'fallback/transfer-answer');
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain(`<SpeakSentence voice="julie">${PROMPT}</SpeakSentence></Gather></Response>`);
      expect(await (await gather(callId, '', 13)).text()).toContain('<Hangup/>');
      await disconnect(callId, 14);
      const [missed] = await kafkaEvents(t, callId, TOPICS.callMissed);
      expect(missed).toMatchObject({ locationId: t.confirmingLocationId, data: { reason: 'machine_or_unaccepted' } });
      expect(t.eventsOf(callId, TOPICS.callMissed)).toHaveLength(1);
    });

    it('a location without confirmation still bridges on pick-up (no prompt), on the primary URL and on the fallback from memory', async () => {
      const callId = `c-${randomUUID()}`;
      await initiate(callId, TEST_LINES.open);
      expect(await (await transferAnswer(callId, 6, 'fallback/transfer-answer', TEST_LINES.forwardTo)).text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      expect(await (await transferAnswer(callId, 6, 'transfer-answer', TEST_LINES.forwardTo)).text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      await kafkaEvents(t, callId, TOPICS.callAnswered);
    });
  });

  describe('Twilio', () => {
    const post = (hook: string, params: Record<string, string>) =>
      fetch(`${t.baseUrl}/twilio/voice/${hook}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC_BASE_URL}/twilio/voice/${hook}`, params) },
        body: new URLSearchParams(params).toString(),
      });
    const newSid = () => `CA${randomBytes(16).toString('hex')}`;
    const parent = (sid: string) => ({ ...twFixture('voice-incoming-call'), CallSid: sid, To: CONFIRMING_TRACKING, Called: CONFIRMING_TRACKING, From: '+15551112222', Caller: '+15551112222' });
    const child = (sid: string, childSid: string) => {
      const { Digits: _d, FinishedOnKey: _f, ...params } = twFixture('voice-whisper-gather-pressed');
      return { ...params, CallSid: childSid, ParentCallSid: sid };
    };

    it('the Dial names the whisper; no key → machine_or_unaccepted (Hangup of the child), delivered twice → one decision; a key 1 → answered', async () => {
      const sid = newSid();
      const childSid = newSid();
      expect(await (await post('incoming', parent(sid))).text()).toContain(`url="${PUBLIC_BASE_URL}/twilio/voice/whisper" method="POST">${TEST_LINES.confirmingForwardTo}</Number>`);
      const whisper = await post('whisper', child(sid, childSid));
      expect(whisper.headers.get('content-type')).toContain('text/xml');
      expect(await whisper.text()).toBe(
        `<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" timeout="5" action="${PUBLIC_BASE_URL}/twilio/voice/whisper-gather" method="POST" actionOnEmptyResult="true"><Say>${PROMPT}</Say></Gather><Hangup/></Response>`,
      );
      const noKey = await Promise.all([post('whisper-gather', { ...child(sid, childSid), Digits: '' }), post('whisper-gather', { ...child(sid, childSid), Digits: '' })]);
      expect(new Set(await Promise.all(noKey.map((r) => r.text())))).toEqual(new Set(['<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>']));
      const [missed] = await kafkaEvents(t, sid, TOPICS.callMissed);
      expect(missed).toMatchObject({ locationId: t.confirmingLocationId, data: { reason: 'machine_or_unaccepted', provider: 'twilio', trackingSource: 'google-ads' } });
      expect((await t.outboxOf(sid)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1']);

      const accepted = newSid();
      await post('incoming', parent(accepted));
      await post('whisper', child(accepted, newSid()));
      expect(await (await post('whisper-gather', { ...child(accepted, newSid()), Digits: '1' })).text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      await kafkaEvents(t, accepted, TOPICS.callAnswered);
      expect((await t.outboxOf(accepted)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.answered.v1']);
    });
  });
});
