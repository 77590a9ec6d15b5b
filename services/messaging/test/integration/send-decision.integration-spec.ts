import { randomUUID } from 'node:crypto';
import { createEvent, type LocationConfig, smsSendCommandV1, type SmsPurpose } from '@textback/contracts';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { expectEventually, pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { SendPolicy } from '../../src/modules/sending/send-policy.service';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

/** The topic of messaging.sms.suppressed.v1 (spelled out so this spec also loads against code that predates it). */
const SUPPRESSED_TOPIC = 'messaging.sms.suppressed.v1';
const numberIn = (areaCode: string) => `+1${areaCode}${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

describe('the one send decision (real Kafka + PostgreSQL + Bandwidth stand-in)', () => {
  let t: MessagingTestApp;
  let location: LocationConfig;
  let ours: string;
  /** Tuesday 12:00 in New York: open, outside quiet hours on the mainland (tests move on from there). */
  const noonNy = DateTime.fromISO('2026-12-01T12:00:00', { zone: 'America/New_York' }).toJSDate();

  beforeAll(async () => {
    t = await startMessagingTestApp({ AUTOMATED_HOURLY_CAP: '3', LOOP_WINDOW_SECONDS: '30', LOOP_INBOUND_THRESHOLD: '50' });
    location = buildLocationConfig({ timeZone: 'America/New_York' });
    ours = location.sendingNumbers[0]?.e164 ?? '';
    await t.addLocation(location);
    // The clock only moves forward (the per-number rate slots are instants of this clock).
    t.clock.setNow(noonNy);
  });

  afterAll(async () => {
    await t?.close();
  });

  const textsTo = (to: string) => t.standIn.messagesTo(to).map((m) => m.text);
  const rowsTo = (to: string) =>
    t.rows<{ purpose: string; status: string; reason: string | null }>(`SELECT purpose, status, reason FROM $schema.outbound_message WHERE to_e164 = $1 ORDER BY created_at, command_id`, [to]);
  /** Sends an inbound text and waits until messaging has processed it (its outcome is stored). */
  const inbound = async (from: string, text: string) => {
    const { event } = await t.standIn.sendMessageReceived({ from, to: ours, text });
    return pollUntil(
      async () => (await t.rows<{ outcome: string | null }>(`SELECT outcome FROM $schema.inbound_callback WHERE provider_message_id = $1 AND processed_at IS NOT NULL`, [event.message.id]))[0]?.outcome,
      `processing of ${text}`,
    );
  };
  /** Publishes a send command from `source` and waits for the decision stored for it. */
  const command = async (source: string, to: string, purpose: SmsPurpose, extra: { automated?: boolean; requestedBy?: string } = {}) => {
    const cmd = createEvent(
      smsSendCommandV1,
      { source, tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() },
      { commandId: randomUUID(), to, body: 'You are subscribed again. Reply STOP to opt out.', purpose, automated: extra.automated ?? true, requestedBy: extra.requestedBy ?? 'svc' },
    );
    await t.send(smsSendCommandV1, cmd);
    const row = await pollUntil(
      async () => (await t.rows<{ status: string; reason: string | null }>(`SELECT status, reason FROM $schema.outbound_message WHERE command_id = $1`, [cmd.data.commandId]))[0],
      `decision on ${cmd.data.commandId}`,
    );
    return { commandId: cmd.data.commandId, ...row };
  };
  const suppressedEvents = (to: string) =>
    t.recorder
      .on(SUPPRESSED_TOPIC)
      .map((m) => (JSON.parse(m.value ?? '{}') as { data: Record<string, unknown> }).data)
      .filter((d) => d.to === to);

  it('refuses a send command with the keyword-reply purpose from another service, publishes the reason and counts it', async () => {
    const optedOut = randomUsNumber();
    const fresh = randomUsNumber();
    expect(await inbound(optedOut, 'STOP')).toBe('opt_out');
    await expectEventually(() => expect(textsTo(optedOut)).toHaveLength(1));

    const smuggled = await command('/textback/lead-crm', optedOut, 'keyword_reply', { requestedBy: 'user-7' });
    expect(smuggled).toMatchObject({ status: 'suppressed', reason: 'reserved_purpose' });
    expect(await command('/textback/conversation-ai', fresh, 'keyword_reply')).toMatchObject({ status: 'suppressed', reason: 'reserved_purpose' });
    // A staff text is decided too: the opted-out number gets nothing.
    expect(await command('/textback/lead-crm', optedOut, 'manual', { automated: false, requestedBy: 'user-7' })).toMatchObject({ status: 'suppressed', reason: 'opted_out' });
    // Marker: an ordinary reply from the same producer goes out; everything above was decided before it.
    const marker = randomUsNumber();
    expect(await command('/textback/conversation-ai', marker, 'conversation_reply')).toMatchObject({ reason: null });
    await expectEventually(() => expect(textsTo(marker)).toHaveLength(1));
    expect(textsTo(optedOut)).toHaveLength(1);
    expect(textsTo(fresh)).toEqual([]);

    await expectEventually(() =>
      expect(suppressedEvents(optedOut)).toEqual([
        expect.objectContaining({ commandId: smuggled.commandId, reason: 'reserved_purpose', purpose: 'keyword_reply', producer: '/textback/lead-crm', requestedBy: 'user-7' }),
        expect.objectContaining({ reason: 'opted_out', purpose: 'manual', producer: '/textback/lead-crm' }),
      ]),
    );
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    const line = metrics.split('\n').find((l) => l.startsWith('textback_sms_refused_total{') && l.includes('reason="reserved_purpose"') && l.includes('producer="/textback/lead-crm"'));
    expect(line?.split(' ').pop()).toBe('1');
  });

  it('HELP spam from one number hits the hourly cap, and a HELP repeated within the loop window gets no second answer', async () => {
    t.clock.advance(3_600_000);
    const spammer = randomUsNumber();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      expect(await inbound(spammer, 'HELP')).toBe('help');
    }
    expect((await rowsTo(spammer)).map((r) => [r.purpose, r.status === 'suppressed' ? r.reason : 'admitted'])).toEqual([
      ['keyword_reply', 'admitted'],
      ['keyword_reply', 'admitted'],
      ['keyword_reply', 'admitted'],
      ['keyword_reply', 'hourly_cap'],
      ['keyword_reply', 'hourly_cap'],
    ]);
    await expectEventually(() => expect(textsTo(spammer)).toHaveLength(3));

    const pinger = randomUsNumber();
    expect(await inbound(pinger, 'HELP')).toBe('help');
    t.clock.advance(10_000);
    expect(await inbound(pinger, 'help')).toBe('help');
    expect((await rowsTo(pinger)).map((r) => r.reason)).toEqual([null, 'loop_guard']);
    await expectEventually(() => expect(textsTo(pinger)).toHaveLength(1));
    expect(textsTo(spammer)).toHaveLength(3);
  });

  it('START from a number that never opted out sends nothing; START after STOP is confirmed once', async () => {
    t.clock.advance(3_600_000);
    const never = randomUsNumber();
    expect(await inbound(never, 'START')).toBe('opt_in');
    expect(await rowsTo(never)).toEqual([{ purpose: 'keyword_reply', status: 'suppressed', reason: 'not_opted_out' }]);

    const back = randomUsNumber();
    expect(await inbound(back, 'STOP')).toBe('opt_out');
    t.clock.advance(60_000);
    expect(await inbound(back, 'START')).toBe('opt_in');
    await expectEventually(() => expect(textsTo(back)).toEqual([expect.stringContaining('unsubscribed'), expect.stringContaining('subscribed again')]));
    expect(textsTo(never)).toEqual([]);
  });

  it('sends exactly one opt-out confirmation when the opt-out is delivered twice', async () => {
    t.clock.advance(3_600_000);
    const caller = randomUsNumber();
    // Two STOPs (two carrier message ids) delivered at once.
    expect(await Promise.all([inbound(caller, 'STOP'), inbound(caller, 'Stop')])).toEqual(expect.arrayContaining(['opt_out']));
    await expectEventually(() => expect(textsTo(caller)).toEqual([expect.stringContaining('unsubscribed')]));
    const [entry] = await t.rows<{ consent_id: string }>(`SELECT consent_id FROM $schema.consent_ledger WHERE phone_e164 = $1 ORDER BY at LIMIT 1`, [caller]);
    // The same ledger entry confirmed again under another command id (a re-processed callback, another path).
    const again = await t.app.get<TransactionRunner>(TRANSACTION_RUNNER).run((tx) =>
      t.app.get(SendPolicy).enqueue(tx, {
        commandId: randomUUID(),
        tenantId: location.tenantId,
        locationId: location.locationId,
        correlationId: randomUUID(),
        to: caller,
        from: ours,
        body: 'You are unsubscribed.',
        purpose: 'keyword_reply',
        automated: true,
        requestedBy: 'messaging',
        config: location,
        origin: { kind: 'messaging' },
        compliance: { kind: 'opt_out_confirmation', consentId: entry?.consent_id ?? '' },
      }),
    );
    expect(again).toMatchObject({ status: 'suppressed', reason: 'confirmation_already_sent' });
    const marker = randomUsNumber();
    expect(await command('/textback/conversation-ai', marker, 'conversation_reply')).toMatchObject({ reason: null });
    await expectEventually(() => expect(textsTo(marker)).toHaveLength(1));
    expect(textsTo(caller)).toHaveLength(1);
  });

  it("holds a follow-up to a Hawaii (808) number by Honolulu's quiet hours, not New York's, both ways", async () => {
    // 12:30 in New York = 07:30 in Honolulu: quiet there, so the text waits for 08:00 HST (18:00 UTC).
    t.clock.setNow(DateTime.fromISO('2026-12-02T12:30:00', { zone: 'America/New_York' }).toJSDate());
    const early = numberIn('808');
    const newYorker = numberIn('212');
    const held = await command('/textback/scheduling', early, 'follow_up');
    expect(held).toMatchObject({ status: 'queued', reason: 'quiet_hours_deferred' });
    const [row] = await t.rows<{ next_attempt_at: Date }>(`SELECT next_attempt_at FROM $schema.outbound_message WHERE command_id = $1`, [held.commandId]);
    expect(row?.next_attempt_at.toISOString()).toBe('2026-12-02T18:00:00.000Z');
    expect(await command('/textback/scheduling', newYorker, 'follow_up')).toMatchObject({ reason: null });
    await expectEventually(() => expect(textsTo(newYorker)).toHaveLength(1));
    expect(textsTo(early)).toEqual([]);
    // The held text goes out in the Honolulu morning (deferred, never dropped).
    t.clock.setNow(new Date('2026-12-02T18:00:00.000Z'));
    await expectEventually(() => expect(textsTo(early)).toHaveLength(1));

    // 21:30 in New York (quiet there) = 16:30 in Honolulu: a Hawaii number is texted now, a New York one waits.
    t.clock.setNow(DateTime.fromISO('2026-12-02T21:30:00', { zone: 'America/New_York' }).toJSDate());
    const late = numberIn('808');
    const lateNy = numberIn('212');
    expect(await command('/textback/scheduling', late, 'follow_up')).toMatchObject({ reason: null });
    expect(await command('/textback/scheduling', lateNy, 'follow_up')).toMatchObject({ status: 'queued', reason: 'quiet_hours_deferred' });
    await expectEventually(() => expect(textsTo(late)).toHaveLength(1));
    expect(textsTo(lateNy)).toEqual([]);
    expect(textsTo(early)).toHaveLength(1);
  });
});
