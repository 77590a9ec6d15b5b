import { TOPICS } from '@textback/contracts';
import { DateTime } from 'luxon';
import { buildLocationConfig, randomUsNumber } from '../../../../services/messaging/test/factories/location-config.factory';
import { type MessagingTestApp, startMessagingTestApp } from '../../../../services/messaging/test/utils/messaging-test-app';
import { BANDWIDTH_AUTH, kafkaEvents, PUBLIC_BASE_URL, RING_TIMEOUT_SECONDS, startTelephonyTestApp, type TelephonyTestApp, TEST_LINES } from '../../../../services/telephony-ingest/test/utils/telephony-test-app';
import { expectEventually } from '../poll-until';
import { type PlaceCallInput } from './caller.types';

/**
 * The Bandwidth stand-in playing callers against the real services (in-process, real HTTP, PostgreSQL and Kafka):
 * telephony-ingest answers its `initiate` with BXML whose absolute URLs name TELEPHONY_PUBLIC_BASE_URL, which the
 * stand-in reaches through a prefix rewrite (a proxy); messaging receives the caller's texts on its callback URL.
 */
describe('BandwidthStandIn as a caller (telephony-ingest + messaging, real stack)', () => {
  let telephony: TelephonyTestApp;
  let messaging: MessagingTestApp;

  beforeAll(async () => {
    telephony = await startTelephonyTestApp('telcaller');
    messaging = await startMessagingTestApp();
    // One stand-in plays both carriers' sides: messaging's own (its callbacks already point at messaging).
    messaging.standIn.setVoiceApplication({
      callInitiatedCallbackUrl: `${telephony.baseUrl}/bandwidth/voice/initiate`,
      callStatusCallbackUrl: `${telephony.baseUrl}/bandwidth/voice/status`,
      username: BANDWIDTH_AUTH.username,
      password: BANDWIDTH_AUTH.password,
    });
    messaging.standIn.setCallbackUrlRewrites([{ from: PUBLIC_BASE_URL, to: telephony.baseUrl }]);
  });
  afterAll(async () => {
    await messaging?.close();
    await telephony?.close();
  });

  const placeCall = (input: PlaceCallInput) => messaging.standIn.placeCall(input);

  it('a ring-timeout call produces telephony.call.missed.v1 (no_answer, ring seconds from the simulated timestamps, not waited); replayed, still one', async () => {
    const caller = randomUsNumber();
    const call = await placeCall({ from: caller, to: TEST_LINES.open, outcome: 'no-answer' });
    expect(call).toMatchObject({ route: 'forward', playedOutcome: 'no-answer', endCause: 'hangup' });
    // The BXML telephony-ingest returned named its public URLs; the caller followed them (through the rewrite).
    expect(call.exchanges.map((e) => [e.eventType, e.status])).toEqual([
      ['initiate', 200],
      ['transferDisconnect', 204],
      ['transferComplete', 200],
      ['disconnect', 204],
    ]);
    expect(call.exchanges.find((e) => e.eventType === 'transferComplete')).toMatchObject({ url: `${PUBLIC_BASE_URL}/bandwidth/voice/transfer-complete`, verbs: ['SpeakSentence', 'Record', 'Hangup'] });
    const [missed] = await kafkaEvents(telephony, call.callId, TOPICS.callMissed);
    expect(missed?.data).toMatchObject({ reason: 'no_answer', ringSeconds: RING_TIMEOUT_SECONDS, providerCause: 'timeout', callerE164: caller, dialedE164: TEST_LINES.open, startedAt: call.startTime });

    // Bandwidth redelivers: the same call played again changes nothing.
    const again = await placeCall({ from: caller, to: TEST_LINES.open, outcome: 'no-answer', callId: call.callId, startAt: new Date(call.startTime) });
    expect(again.exchanges.find((e) => e.eventType === 'transferComplete')?.responseBody).toBe(call.exchanges.find((e) => e.eventType === 'transferComplete')?.responseBody);
    expect((await telephony.outboxOf(call.callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1']);
  });

  it('an answered call produces telephony.call.answered.v1 and no missed call', async () => {
    const call = await placeCall({ from: randomUsNumber(), to: TEST_LINES.open, outcome: 'answered', ringSeconds: 7, talkSeconds: 90 });
    expect(call.exchanges.map((e) => e.eventType)).toEqual(['initiate', 'transferAnswer', 'transferDisconnect', 'transferComplete', 'disconnect']);
    const [answered] = await kafkaEvents(telephony, call.callId, TOPICS.callAnswered);
    expect(answered?.data).toMatchObject({ ringSeconds: 7 });
    expect((await telephony.outboxOf(call.callId)).map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.answered.v1']);
  });

  it('a caller hanging up while it rings (no transferComplete) → caller_abandoned with its ring seconds', async () => {
    const call = await placeCall({ from: randomUsNumber(), to: TEST_LINES.open, outcome: 'caller-hangs-up', ringSeconds: 9 });
    expect(call.exchanges.map((e) => e.eventType)).toEqual(['initiate', 'disconnect', 'transferDisconnect']);
    expect((await kafkaEvents(telephony, call.callId, TOPICS.callMissed))[0]?.data).toMatchObject({ reason: 'caller_abandoned', ringSeconds: 9 });
  });

  it('after hours, a voicemail ended by silence → voicemail_left and one voicemail event', async () => {
    const call = await placeCall({ from: randomUsNumber(), to: TEST_LINES.closed, atVoicemail: 'leave-voicemail', voicemailEnd: 'silence', voicemailSeconds: 14 });
    expect(call.route).toBe('voicemail');
    expect(call.exchanges.map((e) => e.eventType)).toEqual(['initiate', 'recordComplete', 'disconnect', 'recordingAvailable']);
    expect((await kafkaEvents(telephony, call.callId, TOPICS.callMissed))[0]?.data).toMatchObject({ reason: 'voicemail_left' });
    expect((await kafkaEvents(telephony, call.callId, TOPICS.callVoicemail))[0]?.data).toMatchObject({ recordingId: call.recordingId, durationSeconds: 19 });
  });

  it("a caller's STOP reaches messaging as message-received and opts out, with one confirmation even when sent twice", async () => {
    const location = buildLocationConfig();
    const ours = location.sendingNumbers[0]?.e164 ?? '';
    await messaging.addLocation(location);
    messaging.clock.setNow(DateTime.fromISO('2026-12-01T12:00:00', { zone: location.timeZone }).toJSDate());
    const caller = randomUsNumber();

    const sent = await messaging.standIn.sendText({ from: caller, to: ours, text: 'STOP' });
    expect(sent).toMatchObject({ status: 204, attempts: 1 });
    await expectEventually(async () =>
      expect(await messaging.rows(`SELECT action, method, keyword FROM $schema.consent_ledger WHERE phone_e164 = $1`, [caller])).toEqual([{ action: 'opt_out', method: 'keyword', keyword: 'STOP' }]),
    );
    await expectEventually(() => expect(messaging.standIn.sentMessages({ to: caller }).map((m) => m.text)).toEqual([expect.stringContaining('unsubscribed')]));
    expect(messaging.standIn.sentMessages({ to: caller })[0]?.from).toBe(ours);

    // Bandwidth redelivers the same callback (same message id), and the caller sends "stop" again: still one confirmation.
    await messaging.standIn.sendText({ from: caller, to: ours, text: 'STOP', messageId: sent.messageId });
    await messaging.standIn.sendText({ from: caller, to: ours, text: 'stop' });
    expect(messaging.standIn.textsSent({ from: caller }).map((t) => t.status)).toEqual([204, 204, 204]);
    await expectEventually(async () =>
      expect(await messaging.rows(`SELECT provider_message_id FROM $schema.inbound_callback WHERE payload->'message'->>'from' = $1 AND processed_at IS NOT NULL`, [caller])).toHaveLength(2),
    );
    expect(messaging.standIn.sentMessages({ to: caller })).toHaveLength(1);
  });
});
