import { randomUUID } from 'node:crypto';
import { callMissedV1, createEvent, type LocationConfig, smsSendCommandV1, type SmsPurpose, TOPICS } from '@textback/contracts';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { expectEventually, expectExactlyAfterMarker, pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { ConsentLedger } from '../../src/modules/consent/consent-ledger.service';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { CALLBACK_PASSWORD, CALLBACK_USER, missedCallEvent, type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

describe('messaging inbound callbacks, keywords and delivery status (real Kafka + PostgreSQL + Bandwidth stand-in)', () => {
  let t: MessagingTestApp;
  let location: LocationConfig;
  let ours: string;

  beforeAll(async () => {
    t = await startMessagingTestApp({ AUTOMATED_HOURLY_CAP: '3', LOOP_INBOUND_THRESHOLD: '20' });
    location = buildLocationConfig();
    ours = location.sendingNumbers[0]?.e164 ?? '';
    await t.addLocation(location);
    // Tuesday noon at the location: inside business hours, outside quiet hours, whatever the wall clock says.
    t.clock.setNow(DateTime.fromISO('2026-12-01T12:00:00', { zone: location.timeZone }).toJSDate());
  });

  afterAll(async () => {
    await t?.close();
  });

  const eventsOn = (topic: string, predicate: (data: Record<string, unknown>) => boolean) =>
    t.recorder
      .on(topic)
      .map((m) => (JSON.parse(m.value ?? '{}') as { data: Record<string, unknown> }).data)
      .filter(predicate);
  const textsTo = (caller: string) => t.standIn.messagesTo(caller).map((m) => m.text);
  const sendCommand = async (to: string, purpose: SmsPurpose, extra: { notBefore?: Date; body?: string } = {}) => {
    const command = createEvent(
      smsSendCommandV1,
      { source: '/textback/conversation-ai', tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() },
      {
        commandId: randomUUID(),
        to,
        body: extra.body ?? 'What city are you in?',
        purpose,
        automated: true,
        requestedBy: 'conversation-ai',
        ...(extra.notBefore ? { notBefore: extra.notBefore.toISOString() } : {}),
      },
    );
    await t.send(smsSendCommandV1, command);
    const row = await pollUntil(
      async () => (await t.rows<{ status: string; reason: string | null }>(`SELECT status, reason FROM $schema.outbound_message WHERE command_id = $1`, [command.data.commandId]))[0],
      `outcome of command ${command.data.commandId}`,
    );
    // The policy's verdict: a text it let through may already be sent by the time we look.
    return row.status === 'sent' ? { status: 'queued', reason: null } : row;
  };
  const optOuts = (caller: string) => t.rows<{ action: string; method: string; keyword: string | null }>(`SELECT action, method, keyword FROM $schema.consent_ledger WHERE phone_e164 = $1 ORDER BY at`, [caller]);

  it.each(['STOP ', 'Stop.', 'stop'])('%j opts out with exactly one confirmation and cancels pending sends', async (variant) => {
    const caller = randomUsNumber();
    const pending = await sendCommand(caller, 'follow_up', { notBefore: new Date(t.clock.now().getTime() + 3_600_000) });
    expect(pending.status).toBe('queued');
    const { event } = await t.standIn.sendMessageReceived({ from: caller, to: ours, text: variant });
    await expectEventually(async () => expect(await optOuts(caller)).toEqual([expect.objectContaining({ action: 'opt_out', method: 'keyword', keyword: 'STOP' })]));
    await expectEventually(() => expect(textsTo(caller)).toEqual([expect.stringContaining('unsubscribed')]));
    await expectEventually(async () =>
      expect(await t.rows(`SELECT status, purpose FROM $schema.outbound_message WHERE to_e164 = $1 ORDER BY created_at`, [caller])).toEqual([
        { status: 'cancelled', purpose: 'follow_up' },
        { status: 'sent', purpose: 'keyword_reply' },
      ]),
    );
    // The same callback redelivered and a second STOP: still one confirmation.
    await t.standIn.sendCallbacks([event]);
    await t.standIn.sendMessageReceived({ from: caller, to: ours, text: 'STOP' });
    const after = await sendCommand(caller, 'conversation_reply');
    expect(after).toEqual({ status: 'suppressed', reason: 'opted_out' });
    await expectEventually(() => expect(eventsOn(TOPICS.consentOptedOut, (d) => d.phoneE164 === caller)).toEqual([expect.objectContaining({ method: 'keyword', scope: 'location', sendingNumberE164: ours })]));
    // Marker: the caller's next, ordinary text, after the redelivery and the second STOP. Seen once messaging
    // processed it and published it (its sms.received leaves the same outbox after the opt-out's event); then
    // exactly one opt-out, one confirmation, one opted-out event.
    let marker = '';
    await expectExactlyAfterMarker(
      {
        description: `an ordinary text from ${caller} after the repeated STOP`,
        send: async () => {
          marker = (await t.standIn.sendMessageReceived({ from: caller, to: ours, text: 'ok, thanks' })).event.message.id;
        },
        seen: async () =>
          (await t.rows(`SELECT 1 FROM $schema.inbound_callback WHERE provider_message_id = $1 AND processed_at IS NOT NULL`, [marker])).length === 1 &&
          eventsOn(TOPICS.smsReceived, (d) => d.providerMessageId === marker).length === 1,
        timeoutMs: 20_000,
      },
      async () => ({
        confirmations: textsTo(caller).length,
        optOutsInLedger: (await optOuts(caller)).filter((r) => r.action === 'opt_out').length,
        optedOutEvents: eventsOn(TOPICS.consentOptedOut, (d) => d.phoneE164 === caller).length,
        outbound: await t.rows(`SELECT status, purpose FROM $schema.outbound_message WHERE to_e164 = $1 ORDER BY created_at`, [caller]),
      }),
      {
        confirmations: 1,
        optOutsInLedger: 1,
        optedOutEvents: 1,
        outbound: [
          { status: 'cancelled', purpose: 'follow_up' },
          { status: 'sent', purpose: 'keyword_reply' },
          { status: 'suppressed', purpose: 'conversation_reply' },
        ],
      },
    );
  });

  it('START opts back in with a confirmation, HELP answers with the business name and number, and the ledger exports to CSV', async () => {
    const caller = randomUsNumber();
    await t.standIn.sendMessageReceived({ from: caller, to: ours, text: 'stop' });
    await expectEventually(() => expect(textsTo(caller)).toHaveLength(1));
    await t.standIn.sendMessageReceived({ from: caller, to: ours, text: 'Start' });
    await expectEventually(() => expect(textsTo(caller)[1]).toContain('subscribed again'));
    await expectEventually(() => expect(eventsOn(TOPICS.consentOptedIn, (d) => d.phoneE164 === caller)).toHaveLength(1));
    await t.standIn.sendMessageReceived({ from: caller, to: ours, text: 'HELP' });
    await expectEventually(() => expect(textsTo(caller)[2]).toMatch(/Acme Plumbing \(Acme North\): call us at \(\d{3}\) \d{3}-\d{4}.*STOP/));
    // The three compliance replies count toward the hourly cap of automated texts (3 here) like any other text.
    expect(await sendCommand(caller, 'conversation_reply')).toEqual({ status: 'suppressed', reason: 'hourly_cap' });
    const csv = await t.app.get<TransactionRunner>(TRANSACTION_RUNNER).run((tx) => t.app.get(ConsentLedger).exportCsv(tx, location.tenantId));
    const lines = csv.trim().split('\r\n').filter((l) => l.includes(caller));
    expect(lines.map((l) => l.split(',')[2])).toEqual(['opt_out', 'opt_in']);
  });

  it('"please stop texting me" opts out (ledger, one confirmation); "can your tech stop by tomorrow?" is an ordinary reply', async () => {
    const polite = randomUsNumber();
    const tech = randomUsNumber();
    await t.standIn.sendMessageReceived({ from: polite, to: ours, text: 'please stop texting me' });
    await t.standIn.sendMessageReceived({ from: tech, to: ours, text: 'can your tech stop by tomorrow?' });
    await expectEventually(async () => expect(await optOuts(polite)).toEqual([expect.objectContaining({ action: 'opt_out', method: 'fuzzy', keyword: 'STOP TEXTING' })]));
    await expectEventually(() => expect(eventsOn(TOPICS.smsReceived, (d) => d.from === tech)).toEqual([expect.objectContaining({ needsReview: false })]));
    expect(await sendCommand(polite, 'conversation_reply')).toEqual({ status: 'suppressed', reason: 'opted_out' });
    expect(await sendCommand(tech, 'conversation_reply')).toEqual({ status: 'queued', reason: null });
    expect(await optOuts(tech)).toEqual([]);
    await expectEventually(() => expect(textsTo(polite)).toEqual([expect.stringContaining('unsubscribed')]));
  });

  it('a 4720 delivery failure is published with its reason and marks the number non-textable; delivery receipts are published', async () => {
    const caller = randomUsNumber();
    const first = missedCallEvent(location, caller, {}, t.clock.now());
    await t.send(callMissedV1, first);
    const message = await pollUntil(() => t.standIn.messagesTo(caller)[0], 'first text');
    const delivery = await t.standIn.sendMessageFailed(message, 4720);
    expect(delivery.status).toBe(204);
    await expectEventually(() => expect(eventsOn(TOPICS.smsFailed, (d) => d.to === caller)).toEqual([expect.objectContaining({ errorCode: '4720', reason: 'landline_or_not_textable', providerMessageId: message.id })]));
    expect(await t.rows(`SELECT textable, source, error_code FROM $schema.line_type WHERE phone_e164 = $1`, [caller])).toEqual([{ textable: false, source: 'delivery_error', error_code: '4720' }]);
    t.clock.advance(31 * 60_000);
    const second = missedCallEvent(location, caller, {}, t.clock.now());
    await t.send(callMissedV1, second);
    await expectEventually(() => expect(eventsOn(TOPICS.callbackTaskRequested, (d) => d.callId === second.data.callId)).toEqual([expect.objectContaining({ reason: 'not_textable' })]));
    expect(t.standIn.messagesTo(caller)).toHaveLength(1);

    const other = randomUsNumber();
    expect((await sendCommand(other, 'conversation_reply')).status).toBe('queued');
    const sent = await pollUntil(() => t.standIn.messagesTo(other)[0], 'reply');
    await t.standIn.sendMessageDelivered(sent);
    await expectEventually(() => expect(eventsOn(TOPICS.smsDelivered, (d) => d.to === other)).toEqual([expect.objectContaining({ providerMessageId: sent.id })]));
  });

  it('two auto-responders replying to each other stop at the hourly cap', async () => {
    const caller = randomUsNumber();
    const outcomes: { status: string; reason: string | null }[] = [];
    for (let round = 0; round < 5; round++) {
      await t.standIn.sendMessageReceived({ from: caller, to: ours, text: `Auto-reply #${round}: I am driving and will get back to you.` });
      outcomes.push(await sendCommand(caller, 'conversation_reply', { body: 'Thanks! What service do you need?' }));
    }
    await expectEventually(() => expect(textsTo(caller)).toHaveLength(3));
    expect(outcomes).toEqual([
      { status: 'queued', reason: null },
      { status: 'queued', reason: null },
      { status: 'queued', reason: null },
      { status: 'suppressed', reason: 'hourly_cap' },
      { status: 'suppressed', reason: 'hourly_cap' },
    ]);
  });

  it('an auto-responder repeating the same body is detected as a loop: automation pauses and the reply is flagged', async () => {
    const caller = randomUsNumber();
    const body = 'This number does not accept text messages.';
    const outcomes: { status: string; reason: string | null }[] = [];
    for (let round = 0; round < 3; round++) {
      await t.standIn.sendMessageReceived({ from: caller, to: ours, text: body });
      outcomes.push(await sendCommand(caller, 'conversation_reply', { body: `Sorry, could you say that again? (${round})` }));
    }
    expect(outcomes.map((o) => o.status)).toEqual(['queued', 'queued', 'suppressed']);
    expect(outcomes[2]?.reason).toBe('paused');
    // The first reply is ordinary; by the third identical body the conversation is flagged for review.
    await expectEventually(() => {
      const flags = eventsOn(TOPICS.smsReceived, (d) => d.from === caller).map((d) => d.needsReview);
      expect(flags).toHaveLength(3);
      expect(flags[0]).toBe(false);
      expect(flags[2]).toBe(true);
    });
  });

  it('rejects callbacks without the Basic credentials (401) and unreadable bodies (400); an invalid event is kept aside (204), applying nothing', async () => {
    const url = `${(await t.app.getUrl()).replace('[::1]', '127.0.0.1')}/webhooks/bandwidth/messaging`;
    const auth = `Basic ${Buffer.from(`${CALLBACK_USER}:${CALLBACK_PASSWORD}`).toString('base64')}`;
    const stored = async () => (await t.rows<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.inbound_callback`))[0]?.n;
    const before = await stored();
    const wrong = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic d3Jvbmc6d3Jvbmc=' }, body: '[]' });
    expect(wrong.status).toBe(401);
    const notArray = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify({ type: 'message-received' }) });
    expect(notArray.status).toBe(400);
    const noMessage = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify([{ type: 'message-received', time: 'x', to: ours }]) });
    // Issue #14: one bad event no longer refuses the batch; it is kept with its error (webhook_event_rejection).
    expect(noMessage.status).toBe(204);
    expect(await stored()).toBe(before);
  });
});
