import { randomUUID } from 'node:crypto';
import {
  callMissedV1,
  createEvent,
  type LocationConfig,
  smsSendCommandV1,
  type SmsPurpose,
  TOPICS,
} from '@textback/contracts';
import { OPT_OUT_RULES_VERSION } from '@textback/opt-out';
import { expectEventually, pollUntil } from '@textback/testing';
import { signAccessToken } from '@textback/auth';
import { DateTime } from 'luxon';
import { SendQueueWorker } from '../../src/modules/sending/send-queue.worker';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { missedCallEvent, type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

const JWT_SECRET = 'opt-out-intake-integration-secret-0123456789';

/** An HS256 access token with Textback's claims (@textback/auth). */
async function accessToken(claims: {
  tenantId: string;
  role: 'owner' | 'admin' | 'regional_manager' | 'dispatcher' | 'agent';
  locationIds?: string[];
  userId: string;
}): Promise<string> {
  return signAccessToken(
    { tenantId: claims.tenantId, role: claims.role, userId: claims.userId, locationIds: claims.locationIds ?? [] },
    { secret: JWT_SECRET, issuer: 'https://auth.textback.test', audience: 'textback-api' },
  );
}

interface LedgerRow {
  action: string;
  method: string;
  scope: string;
  keyword: string | null;
  original_text: string | null;
  rule: string | null;
  rules_version: string | null;
  language: string | null;
  review_id: string | null;
  resolved_by: string | null;
  at: Date;
}

describe('messaging opt-out intake: recogniser -> consent ledger, review queue, per-tenant scope (real Kafka + PostgreSQL)', () => {
  let t: MessagingTestApp;
  let location: LocationConfig;
  let ours: string;

  beforeAll(async () => {
    t = await startMessagingTestApp({ JWT_SECRET, LOOP_INBOUND_THRESHOLD: '50' });
    location = buildLocationConfig();
    ours = location.sendingNumbers[0]?.e164 ?? '';
    await t.addLocation(location);
    // Tuesday noon at the location: outside quiet hours whatever the wall clock says.
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
  const ledger = (caller: string) =>
    t.rows<LedgerRow>(
      `SELECT action, method, scope, keyword, original_text, rule, rules_version, language, review_id, resolved_by, at FROM $schema.consent_ledger WHERE phone_e164 = $1 ORDER BY at`,
      [caller],
    );
  /** Sends a command and waits for the send decision's verdict on it (a marker: everything before it was processed). */
  const sendCommand = async (
    from: LocationConfig,
    to: string,
    purpose: SmsPurpose,
    extra: { notBefore?: Date; automated?: boolean } = {},
  ) => {
    const command = createEvent(
      smsSendCommandV1,
      {
        source: purpose === 'manual' ? '/textback/lead-crm' : '/textback/conversation-ai',
        tenantId: from.tenantId,
        locationId: from.locationId,
        correlationId: randomUUID(),
      },
      {
        commandId: randomUUID(),
        to,
        body: purpose === 'manual' ? 'Hi, this is Sam from the office.' : 'What city are you in?',
        purpose,
        automated: extra.automated ?? purpose !== 'manual',
        requestedBy: purpose === 'manual' ? 'user-sam' : 'conversation-ai',
        ...(extra.notBefore ? { notBefore: extra.notBefore.toISOString() } : {}),
      },
    );
    await t.send(smsSendCommandV1, command);
    const row = await pollUntil(
      async () =>
        (
          await t.rows<{ status: string; reason: string | null }>(
            `SELECT status, reason FROM $schema.outbound_message WHERE command_id = $1`,
            [command.data.commandId],
          )
        )[0],
      `outcome of command ${command.data.commandId}`,
    );
    return {
      commandId: command.data.commandId,
      verdict: row.status === 'sent' ? { status: 'queued', reason: null } : { status: row.status, reason: row.reason },
    };
  };
  /** Delivers a caller's text, then the SAME callback again (at-least-once), and waits until it was processed. */
  const textTwice = async (from: string, to: string, text: string) => {
    const { event } = await t.standIn.sendMessageReceived({ from, to, text });
    await t.standIn.sendCallbacks([event]);
    await pollUntil(
      async () =>
        (
          await t.rows<{ n: number }>(
            `SELECT count(*)::int AS n FROM $schema.inbound_callback WHERE provider_message_id = $1 AND processed_at IS NOT NULL`,
            [event.message.id],
          )
        )[0]?.n === 1 || undefined,
      `processing of ${event.message.id}`,
    );
    expect(
      await t.rows(`SELECT 1 FROM $schema.inbound_callback WHERE provider_message_id = $1`, [event.message.id]),
    ).toHaveLength(1);
    return event;
  };

  it('"Please stop texting me" (delivered twice) is an opt-out in the ledger with its original text and rule, confirmed once; a staff text afterwards is refused', async () => {
    const caller = randomUsNumber();
    const text = 'Please stop texting me';
    await textTwice(caller, ours, text);
    await expectEventually(() => expect(textsTo(caller)).toEqual([expect.stringContaining('unsubscribed')]));
    const rows = await ledger(caller);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'opt_out',
        method: 'fuzzy',
        scope: 'location',
        original_text: text,
        rule: 'phrase.en.stop-texting',
        rules_version: OPT_OUT_RULES_VERSION,
        language: 'en',
        review_id: null,
      }),
    ]);
    // The confirmation went out within 5 minutes of the ledger entry (the send decision's window).
    // (The carrier stand-in records the text before the worker commits `sent`: wait for the row.)
    const confirmation = await pollUntil(
      async () =>
        (
          await t.rows<{ sent_at: Date; purpose: string }>(
            `SELECT sent_at, purpose FROM $schema.outbound_message WHERE to_e164 = $1 AND status IN ('sent','delivered')`,
            [caller],
          )
        )[0],
      'the confirmation marked sent',
    );
    expect(confirmation.purpose).toBe('keyword_reply');
    expect(confirmation.sent_at.getTime() - (rows[0]?.at.getTime() ?? 0)).toBeLessThan(5 * 60_000);
    // A staff member's manual text is refused by the ledger (marker: its verdict), and still exactly one confirmation.
    expect((await sendCommand(location, caller, 'manual')).verdict).toEqual({
      status: 'suppressed',
      reason: 'opted_out',
    });
    await t.app.get(SendQueueWorker).drainOnce();
    expect(textsTo(caller)).toHaveLength(1);
    expect(await ledger(caller)).toHaveLength(1);
    expect(eventsOn(TOPICS.smsReceived, (d) => d.from === caller)).toEqual([]);
    await expectEventually(() =>
      expect(eventsOn(TOPICS.consentOptedOut, (d) => d.phoneE164 === caller)).toEqual([
        expect.objectContaining({
          method: 'fuzzy',
          scope: 'location',
          originalText: text,
          rule: 'phrase.en.stop-texting',
          rulesVersion: OPT_OUT_RULES_VERSION,
          language: 'en',
        }),
      ]),
    );
  });

  it.each([
    ['Stop please', 'keyword.en.stop', 'en'],
    ['REVOKE', 'keyword.en.revoke', 'en'],
    ['OPT OUT', 'keyword.en.opt-out', 'en'],
    ['S\u200bTOP', 'keyword.en.stop', 'en'],
    ['no me envíes más mensajes', 'phrase.es.no-me-envies', 'es'],
  ])('%j (delivered twice) opts out once, with its original text and rule %s', async (text, rule, language) => {
    const caller = randomUsNumber();
    await textTwice(caller, ours, text);
    await expectEventually(() => expect(textsTo(caller)).toHaveLength(1));
    expect((await sendCommand(location, caller, 'conversation_reply')).verdict).toEqual({
      status: 'suppressed',
      reason: 'opted_out',
    });
    expect(await ledger(caller)).toEqual([
      expect.objectContaining({
        action: 'opt_out',
        original_text: text,
        rule,
        language,
        rules_version: OPT_OUT_RULES_VERSION,
      }),
    ]);
    await t.app.get(SendQueueWorker).drainOnce();
    expect(textsTo(caller)).toHaveLength(1);
  });

  it.each(["don't stop", "the leak won't stop"])(
    '%j (delivered twice) is no opt-out: published once for the bot, whose reply goes out',
    async (text) => {
      const caller = randomUsNumber();
      const event = await textTwice(caller, ours, text);
      await expectEventually(() =>
        expect(eventsOn(TOPICS.smsReceived, (d) => d.from === caller)).toEqual([
          expect.objectContaining({ body: text, needsReview: false, providerMessageId: event.message.id }),
        ]),
      );
      const reply = await sendCommand(location, caller, 'conversation_reply');
      expect(reply.verdict).toEqual({ status: 'queued', reason: null });
      await expectEventually(() => expect(textsTo(caller)).toEqual(['What city are you in?']));
      expect(await ledger(caller)).toEqual([]);
      expect(await t.rows(`SELECT 1 FROM $schema.consent_review WHERE phone_e164 = $1`, [caller])).toEqual([]);
    },
  );

  it('an ambiguous text (delivered twice) opens one review that pauses automation; a staff member resolves it as an opt-out through the API and the ledger names them', async () => {
    const caller = randomUsNumber();
    const dueAt = new Date(t.clock.now().getTime() + 10 * 60_000);
    const followUp = await sendCommand(location, caller, 'follow_up', { notBefore: dueAt });
    expect(followUp.verdict).toEqual({ status: 'queued', reason: null });
    await textTwice(caller, ours, 'wrong number');
    const reviews = await t.rows<{ review_id: string; status: string; original_text: string; rule: string }>(
      `SELECT review_id, status, original_text, rule FROM $schema.consent_review WHERE phone_e164 = $1`,
      [caller],
    );
    expect(reviews).toEqual([
      {
        review_id: expect.any(String) as string,
        status: 'open',
        original_text: 'wrong number',
        rule: 'ambiguous.en.wrong-number',
      },
    ]);
    const reviewId = reviews[0]?.review_id ?? '';
    await expectEventually(() =>
      expect(eventsOn(TOPICS.consentReviewOpened, (d) => d.phoneE164 === caller)).toEqual([
        expect.objectContaining({ reviewId, originalText: 'wrong number' }),
      ]),
    );
    await expectEventually(() =>
      expect(eventsOn(TOPICS.smsReceived, (d) => d.from === caller)).toEqual([
        expect.objectContaining({ needsReview: true }),
      ]),
    );

    // Paused: the bot's reply and a new first text are refused; the follow-up, once due, is not sent.
    expect((await sendCommand(location, caller, 'conversation_reply')).verdict).toEqual({
      status: 'suppressed',
      reason: 'paused',
    });
    await t.send(callMissedV1, missedCallEvent(location, caller, {}, t.clock.now()));
    await expectEventually(() =>
      expect(eventsOn(TOPICS.firstTextDecided, (d) => d.callerE164 === caller)).toEqual([
        expect.objectContaining({ outcome: 'suppressed' }),
      ]),
    );
    t.clock.setNow(new Date(dueAt.getTime() + 1_000));
    await t.app.get(SendQueueWorker).drainOnce();
    await expectEventually(async () =>
      expect(
        await t.rows(`SELECT status, reason FROM $schema.outbound_message WHERE command_id = $1`, [followUp.commandId]),
      ).toEqual([{ status: 'suppressed', reason: 'paused' }]),
    );
    expect(textsTo(caller)).toEqual([]);

    // The staff API: 401 without a token, 404 for another tenant, the list for an owner.
    const owner = await accessToken({ tenantId: location.tenantId, role: 'owner', userId: 'user-dana' });
    const stranger = await accessToken({ tenantId: randomUUID(), role: 'owner', userId: 'user-eve' });
    const otherAgent = await accessToken({
      tenantId: location.tenantId,
      role: 'agent',
      locationIds: [randomUUID()],
      userId: 'user-al',
    });
    expect((await fetch(`${t.baseUrl}/v1/consent-reviews`)).status).toBe(401);
    const listed = (await (
      await fetch(`${t.baseUrl}/v1/consent-reviews?locationId=${location.locationId}`, {
        headers: { authorization: `Bearer ${owner}` },
      })
    ).json()) as { reviews: { reviewId: string; phoneE164: string }[] };
    expect(listed.reviews.filter((r) => r.phoneE164 === caller)).toEqual([
      expect.objectContaining({ reviewId, phoneE164: caller, originalText: 'wrong number', status: 'open' }),
    ]);
    const agentList = (await (
      await fetch(`${t.baseUrl}/v1/consent-reviews`, { headers: { authorization: `Bearer ${otherAgent}` } })
    ).json()) as { reviews: unknown[] };
    expect(agentList.reviews).toEqual([]);
    const resolve = (token: string, body: unknown) =>
      fetch(`${t.baseUrl}/v1/consent-reviews/${reviewId}/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await resolve(stranger, { decision: 'opt_out' })).status).toBe(404);
    expect((await resolve(otherAgent, { decision: 'opt_out' })).status).toBe(404);
    expect((await resolve(owner, { decision: 'maybe' })).status).toBe(400);
    const first = await resolve(owner, { decision: 'opt_out', note: 'caller said wrong number, treat as stop' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      reviewId,
      status: 'resolved',
      decision: 'opt_out',
      resolvedBy: 'user-dana',
    });
    // A retried request changes nothing; the other decision is refused.
    expect((await resolve(owner, { decision: 'opt_out' })).status).toBe(200);
    expect((await resolve(owner, { decision: 'not_opt_out' })).status).toBe(409);

    await expectEventually(() => expect(textsTo(caller)).toEqual([expect.stringContaining('unsubscribed')]));
    expect(await ledger(caller)).toEqual([
      expect.objectContaining({
        action: 'opt_out',
        method: 'manual',
        original_text: 'wrong number',
        rule: 'ambiguous.en.wrong-number',
        review_id: reviewId,
        resolved_by: 'user-dana',
      }),
    ]);
    expect(
      await t.rows(`SELECT status, decision, resolved_by FROM $schema.consent_review WHERE review_id = $1`, [reviewId]),
    ).toEqual([{ status: 'resolved', decision: 'opt_out', resolved_by: 'user-dana' }]);
    await expectEventually(() =>
      expect(eventsOn(TOPICS.consentReviewResolved, (d) => d.reviewId === reviewId)).toEqual([
        expect.objectContaining({ decision: 'opt_out', resolvedBy: 'user-dana' }),
      ]),
    );
    await expectEventually(() =>
      expect(eventsOn(TOPICS.consentOptedOut, (d) => d.phoneE164 === caller)).toEqual([
        expect.objectContaining({ method: 'manual', reviewId, resolvedBy: 'user-dana' }),
      ]),
    );
    expect((await sendCommand(location, caller, 'manual')).verdict).toEqual({
      status: 'suppressed',
      reason: 'opted_out',
    });
    await t.app.get(SendQueueWorker).drainOnce();
    expect(textsTo(caller)).toHaveLength(1);
  });

  it('a review resolved as not an opt-out resumes automation', async () => {
    const caller = randomUsNumber();
    await textTwice(caller, ours, 'enough');
    const [review] = await t.rows<{ review_id: string }>(
      `SELECT review_id FROM $schema.consent_review WHERE phone_e164 = $1 AND status = 'open'`,
      [caller],
    );
    expect((await sendCommand(location, caller, 'conversation_reply')).verdict).toEqual({
      status: 'suppressed',
      reason: 'paused',
    });
    const agent = await accessToken({
      tenantId: location.tenantId,
      role: 'agent',
      locationIds: [location.locationId],
      userId: 'user-kim',
    });
    const res = await fetch(`${t.baseUrl}/v1/consent-reviews/${review?.review_id ?? ''}/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'not_opt_out' }),
    });
    expect(res.status).toBe(200);
    expect((await sendCommand(location, caller, 'conversation_reply')).verdict).toEqual({
      status: 'queued',
      reason: null,
    });
    expect(await ledger(caller)).toEqual([]);
    await expectEventually(() =>
      expect(eventsOn(TOPICS.consentReviewResolved, (d) => d.phoneE164 === caller)).toEqual([
        expect.objectContaining({ decision: 'not_opt_out', resolvedBy: 'user-kim' }),
      ]),
    );
  });

  it.each([
    ['brand', 'tenant', { status: 'suppressed', reason: 'opted_out' }],
    ['location', 'location', { status: 'queued', reason: null }],
  ] as const)(
    'tenant scope %s: an opt-out at location A (ledger scope %s) -> a text from location B of the same tenant is %j',
    async (optOutScope, ledgerScope, fromB) => {
      const tenantId = randomUUID();
      const a = buildLocationConfig({ tenantId, optOutScope });
      const b = buildLocationConfig({ tenantId, optOutScope, locationName: 'Acme South' });
      await t.addLocation(a);
      await t.addLocation(b);
      const caller = randomUsNumber();
      const pendingAtB = await sendCommand(b, caller, 'follow_up', {
        notBefore: new Date(t.clock.now().getTime() + 3_600_000),
      });
      expect(pendingAtB.verdict).toEqual({ status: 'queued', reason: null });
      await textTwice(caller, a.sendingNumbers[0]?.e164 ?? '', 'STOP');
      expect(await ledger(caller)).toEqual([expect.objectContaining({ action: 'opt_out', scope: ledgerScope })]);
      expect((await sendCommand(b, caller, 'conversation_reply')).verdict).toEqual(fromB);
      expect((await sendCommand(a, caller, 'conversation_reply')).verdict).toEqual({
        status: 'suppressed',
        reason: 'opted_out',
      });
      const [pending] = await t.rows<{ status: string }>(
        `SELECT status FROM $schema.outbound_message WHERE command_id = $1`,
        [pendingAtB.commandId],
      );
      expect(pending?.status).toBe(optOutScope === 'brand' ? 'cancelled' : 'queued');
    },
  );
});
