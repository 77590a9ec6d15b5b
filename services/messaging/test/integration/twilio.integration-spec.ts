import { randomUUID } from 'node:crypto';
import { callMissedV1, createEvent, type LocationConfig, smsSendCommandV1, TOPICS } from '@textback/contracts';
import { expectEventually, expectExactlyAfterMarker, type Marker, pollUntil } from '@textback/testing';
import { buildTwilioLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { missedCallEvent, type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

interface MessageRow {
  status: string;
  reason: string | null;
  provider: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  command_id: string;
  purpose: string;
}

describe('messaging through Twilio (real Kafka + PostgreSQL + Twilio stand-in, the official twilio package)', () => {
  let t: MessagingTestApp;
  let location: LocationConfig;
  let ours: string;

  beforeAll(async () => {
    t = await startMessagingTestApp();
    location = buildTwilioLocationConfig();
    ours = location.sendingNumbers[0]?.e164 ?? '';
    await t.addLocation(location);
  });

  afterAll(async () => {
    await t?.close();
  });

  const eventsOn = (topic: string, predicate: (data: Record<string, unknown>) => boolean) =>
    t.recorder
      .on(topic)
      .map((m) => (JSON.parse(m.value ?? '{}') as { data: Record<string, unknown> }).data)
      .filter(predicate);
  const messagesTo = (to: string) =>
    t.rows<MessageRow>(`SELECT status, reason, provider, provider_message_id, error_code, command_id, purpose FROM $schema.outbound_message WHERE to_e164 = $1 ORDER BY created_at`, [to]);
  /**
   * Markers for "exactly one first text to `caller`": its row recorded as sent (or later), then the caller's next
   * missed call on the same Kafka key decided as a repeat inside the cooldown (after every earlier copy and event).
   */
  const firstTextMarkers = (caller: string, timeoutMs = 60_000): Marker[] => {
    const next = missedCallEvent(location, caller, { startedAt: new Date(Date.now() + 1000).toISOString() });
    return [
      {
        description: `the first text to ${caller} recorded as sent`,
        timeoutMs,
        seen: async () => (await messagesTo(caller)).some((r) => r.purpose === 'first_text' && (r.status === 'sent' || r.status === 'delivered')),
      },
      {
        description: `${caller}'s next missed call decided`,
        send: () => t.send(callMissedV1, next),
        seen: () => eventsOn(TOPICS.firstTextDecided, (d) => d.callId === next.data.callId && d.reason === 'cooldown').length === 1,
      },
    ];
  };
  const decisionOf = (callId: string) =>
    pollUntil(async () => (await t.rows<{ outcome: string; reason: string | null }>(`SELECT outcome, reason FROM $schema.first_text_decision WHERE call_id = $1`, [callId]))[0], `decision of ${callId}`);

  it('a missed call to a Twilio location delivered twice gets exactly one text via Twilio, with our command id in the StatusCallback', async () => {
    const caller = randomUsNumber();
    const event = missedCallEvent(location, caller);
    await t.send(callMissedV1, event);
    await t.send(callMissedV1, event);
    await expect(decisionOf(event.data.callId)).resolves.toMatchObject({ outcome: 'sent' });
    await expectExactlyAfterMarker(
      firstTextMarkers(caller),
      () => ({
        twilioTexts: t.twilio.messagesTo(caller).length,
        bandwidthTexts: t.standIn.messagesTo(caller).length,
        smsSent: eventsOn(TOPICS.smsSent, (d) => d.to === caller).length,
        decided: eventsOn(TOPICS.firstTextDecided, (d) => d.callId === event.data.callId).length,
      }),
      { twilioTexts: 1, bandwidthTexts: 0, smsSent: 1, decided: 1 },
    );
    const [text] = t.twilio.messagesTo(caller);
    expect(text?.from).toBe(ours);
    expect(text?.body).toContain('Acme Plumbing');
    // The stand-in posts sent + delivered to the StatusCallback; the row ends delivered, found by SID or command id.
    await expectEventually(async () => expect(await messagesTo(caller)).toEqual([expect.objectContaining({ status: 'delivered', provider: 'twilio', provider_message_id: text?.sid, purpose: 'first_text' })]));
    const [row] = await messagesTo(caller);
    expect(text?.statusCallback).toBe(`${t.baseUrl}/webhooks/twilio/messaging/status?commandId=${row?.command_id}`);
    await expectEventually(() => expect(eventsOn(TOPICS.smsSent, (d) => d.to === caller)).toEqual([expect.objectContaining({ provider: 'twilio', providerMessageId: text?.sid })]));
    await expectEventually(() => expect(eventsOn(TOPICS.smsDelivered, (d) => d.to === caller)).toEqual([expect.objectContaining({ provider: 'twilio', providerMessageId: text?.sid })]));
    // A redelivered status callback (same MessageSid and status) changes nothing.
    await t.twilio.sendStatus(text?.sid ?? '', 'delivered');
    await pollUntil(
      async () => t.twilio.webhookDeliveries.filter((d) => d.params.MessageSid === text?.sid && d.params.MessageStatus === 'delivered').length === 2,
      'the redelivered status callback',
    );
    const stored = await t.rows<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.inbound_callback WHERE provider = 'twilio' AND provider_message_id = $1`, [text?.sid]);
    expect(stored[0]?.n).toBe(2); // sent + delivered, the duplicate not stored
    expect(t.twilio.messagesTo(caller)).toHaveLength(1);
  });

  it('a 429 and a 503 from Twilio are retried with backoff and the text still goes out exactly once', async () => {
    const caller = randomUsNumber();
    t.twilio.failNextMessagesTo(caller, { status: 429 }, { status: 503 });
    await t.send(callMissedV1, missedCallEvent(location, caller));
    await expectExactlyAfterMarker(
      firstTextMarkers(caller, 30_000),
      () => {
        const attempts = t.twilio.requestsOf('createMessage').filter((r) => r.form.To === caller);
        return { statuses: attempts.map((r) => r.status), statusCallbacks: new Set(attempts.map((r) => r.form.StatusCallback)).size, texts: t.twilio.messagesTo(caller).length };
      },
      { statuses: [429, 503, 201], statusCallbacks: 1, texts: 1 },
    );
  });

  it('an undelivered 30006 marks the number non-textable: its next missed call gets a callback task, not a text', async () => {
    const caller = randomUsNumber();
    t.twilio.failDeliveryTo(caller, 30006);
    await t.send(callMissedV1, missedCallEvent(location, caller));
    await expectEventually(async () => expect(await messagesTo(caller)).toEqual([expect.objectContaining({ status: 'failed', reason: 'landline_or_not_textable', error_code: '30006', provider: 'twilio' })]));
    await expectEventually(() => expect(eventsOn(TOPICS.smsFailed, (d) => d.to === caller)).toEqual([expect.objectContaining({ provider: 'twilio', errorCode: '30006', reason: 'landline_or_not_textable' })]));
    const learned = await t.rows<{ textable: boolean; source: string }>(`SELECT textable, source FROM $schema.line_type WHERE phone_e164 = $1`, [caller]);
    expect(learned).toEqual([expect.objectContaining({ textable: false, source: 'delivery_error' })]);
    // Another Twilio location (no cooldown there): the learned fact suppresses the text.
    const other = buildTwilioLocationConfig();
    await t.addLocation(other);
    const again = missedCallEvent(other, caller);
    await t.send(callMissedV1, again);
    await expect(decisionOf(again.data.callId)).resolves.toMatchObject({ outcome: 'suppressed', reason: 'not_textable' });
    await expectEventually(() => expect(eventsOn(TOPICS.callbackTaskRequested, (d) => d.callId === again.data.callId)).toEqual([expect.objectContaining({ reason: 'not_textable' })]));
    expect(t.twilio.messagesTo(caller)).toHaveLength(1);
  });

  it('STOP through the Twilio inbound webhook opts out with one confirmation via Twilio (redelivery included) and answers empty TwiML', async () => {
    const caller = randomUsNumber();
    const { delivery, params } = await t.twilio.sendInbound({ from: caller, to: ours, body: 'Stop.' });
    expect(delivery.status).toBe(200);
    expect(delivery.responseBody).toMatch(/<Response\/>$/);
    await expectEventually(async () =>
      expect(await t.rows(`SELECT action, method, keyword, provider_message_id FROM $schema.consent_ledger WHERE phone_e164 = $1`, [caller])).toEqual([
        { action: 'opt_out', method: 'keyword', keyword: 'STOP', provider_message_id: params.MessageSid },
      ]),
    );
    await expectEventually(() => expect(t.twilio.messagesTo(caller).map((m) => m.body)).toEqual([expect.stringContaining('unsubscribed')]));
    // Twilio redelivers the same webhook (same MessageSid), then the caller texts STOP again: still one confirmation.
    await t.twilio.sendInbound({ from: caller, to: ours, body: 'Stop.', sid: params.MessageSid });
    await t.twilio.sendInbound({ from: caller, to: ours, body: 'STOP' });
    await expectEventually(async () =>
      expect(await t.rows(`SELECT outcome FROM $schema.inbound_callback WHERE provider = 'twilio' AND event_type = 'message-received' AND payload->'params'->>'From' = $1 ORDER BY received_at`, [caller])).toEqual([
        { outcome: 'opt_out' },
        { outcome: 'opt_out_repeat' },
      ]),
    );
    const command = createEvent(
      smsSendCommandV1,
      { source: '/textback/conversation-ai', tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() },
      { commandId: randomUUID(), to: caller, body: 'Still there?', purpose: 'conversation_reply', automated: true, requestedBy: 'conversation-ai' },
    );
    // Marker: a later reply to the caller, refused as opted out, its refusal on the topic after the opt-out's events.
    await expectExactlyAfterMarker(
      {
        description: 'a later reply refused as opted out',
        send: () => t.send(smsSendCommandV1, command),
        seen: () => eventsOn(TOPICS.smsSuppressed, (d) => d.commandId === command.data.commandId && d.reason === 'opted_out').length === 1,
      },
      async () => ({
        confirmations: t.twilio.messagesTo(caller).length,
        optedOut: eventsOn(TOPICS.consentOptedOut, (d) => d.phoneE164 === caller).length,
        reply: await t.rows(`SELECT status, reason FROM $schema.outbound_message WHERE command_id = $1`, [command.data.commandId]),
      }),
      { confirmations: 1, optedOut: 1, reply: [{ status: 'suppressed', reason: 'opted_out' }] },
    );
  });

  it("Twilio Advanced Opt-Out's OptOutType=STOP opts out even for a custom keyword our list does not know", async () => {
    const caller = randomUsNumber();
    await t.twilio.sendInbound({ from: caller, to: ours, body: 'ARRET', extra: { OptOutType: 'STOP', MessagingServiceSid: 'MGdb23ec0f89ee2632e46e91d8128f5e2b' } });
    await expectEventually(async () => expect(await t.rows(`SELECT action, method, keyword FROM $schema.consent_ledger WHERE phone_e164 = $1`, [caller])).toEqual([{ action: 'opt_out', method: 'keyword', keyword: 'ARRET' }]));
    await expectEventually(() => expect(t.twilio.messagesTo(caller)).toHaveLength(1));
  });

  it('an ordinary Twilio inbound text becomes messaging.sms.received.v1 with provider twilio', async () => {
    const caller = randomUsNumber();
    const { params } = await t.twilio.sendInbound({ from: caller, to: ours, body: 'can your tech stop by tomorrow?' });
    await expectEventually(() =>
      expect(eventsOn(TOPICS.smsReceived, (d) => d.from === caller)).toEqual([
        expect.objectContaining({ provider: 'twilio', providerMessageId: params.MessageSid, to: ours, body: 'can your tech stop by tomorrow?', needsReview: false }),
      ]),
    );
    expect(await t.rows(`SELECT 1 FROM $schema.consent_ledger WHERE phone_e164 = $1`, [caller])).toEqual([]);
  });

  it('a send Twilio rejects with 21610 fails as opted out at the carrier and records a carrier opt-out', async () => {
    const caller = randomUsNumber();
    t.twilio.failNextMessagesTo(caller, { status: 400, code: 21610 });
    await t.send(callMissedV1, missedCallEvent(location, caller));
    await expectEventually(async () => expect(await messagesTo(caller)).toEqual([expect.objectContaining({ status: 'failed', error_code: '21610' })]));
    await expectEventually(() => expect(eventsOn(TOPICS.smsFailed, (d) => d.to === caller)).toEqual([expect.objectContaining({ provider: 'twilio', errorCode: '21610', reason: 'opted_out_at_carrier' })]));
    expect(await t.rows(`SELECT action, method FROM $schema.consent_ledger WHERE phone_e164 = $1`, [caller])).toEqual([{ action: 'opt_out', method: 'carrier' }]);
  });

  it('a bad or missing X-Twilio-Signature gets 403 and nothing is stored or opted out', async () => {
    const caller = randomUsNumber();
    const forged = await t.twilio.sendInbound({ from: caller, to: ours, body: 'STOP', signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(forged.delivery.status).toBe(403);
    const unsigned = await fetch(`${t.baseUrl}/webhooks/twilio/messaging`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(forged.params).toString() });
    expect(unsigned.status).toBe(403);
    // Signed for another URL (the status endpoint) but posted to the inbound one: the URL is part of the signature.
    const wrongUrl = await fetch(`${t.baseUrl}/webhooks/twilio/messaging`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': t.twilio.sign(`${t.baseUrl}/webhooks/twilio/messaging/status`, forged.params) },
      body: new URLSearchParams(forged.params).toString(),
    });
    expect(wrongUrl.status).toBe(403);
    // A signed text after the forged ones proves they would have been processed by now.
    const marker = await t.twilio.sendInbound({ from: caller, to: ours, body: 'hello there' });
    expect(marker.delivery.status).toBe(200);
    await expectEventually(() => expect(eventsOn(TOPICS.smsReceived, (d) => d.from === caller)).toHaveLength(1));
    const stored = await t.rows<{ provider_message_id: string }>(`SELECT provider_message_id FROM $schema.inbound_callback WHERE payload->'params'->>'From' = $1`, [caller]);
    expect(stored.map((r) => r.provider_message_id)).toEqual([marker.params.MessageSid]);
    expect(await t.rows(`SELECT 1 FROM $schema.consent_ledger WHERE phone_e164 = $1`, [caller])).toEqual([]);
  });
});
