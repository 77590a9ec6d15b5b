import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { callMissedV1, createEvent, type LocationConfig, smsSendCommandV1, TOPICS } from '@textback/contracts';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { expectEventually, expectExactlyAfterMarker, type Marker, pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { ConsentLedger } from '../../src/modules/consent/consent-ledger.service';
import { FirstTextService } from '../../src/modules/first-text/first-text.service';
import { SendQueueWorker } from '../../src/modules/sending/send-queue.worker';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { missedCallEvent, type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

interface DecisionRow {
  call_id: string;
  outcome: string;
  reason: string | null;
  detail: string;
}

describe('messaging first text (real Kafka + PostgreSQL + Bandwidth stand-in)', () => {
  let t: MessagingTestApp;
  let location: LocationConfig;

  beforeAll(async () => {
    t = await startMessagingTestApp();
    location = buildLocationConfig();
    await t.addLocation(location);
  });

  afterAll(async () => {
    await t?.close();
  });

  const decisions = (callIds: string[]) => t.rows<DecisionRow>(`SELECT call_id, outcome, reason, detail FROM $schema.first_text_decision WHERE call_id = ANY($1::uuid[])`, [callIds]);
  const decisionOf = async (callId: string) => pollUntil(async () => (await decisions([callId]))[0], `decision of ${callId}`);
  const eventsOn = (topic: string, predicate: (data: Record<string, unknown>) => boolean) =>
    t.recorder
      .on(topic)
      .map((m) => (JSON.parse(m.value ?? '{}') as { data: Record<string, unknown> }).data)
      .filter(predicate);
  /**
   * Markers for "exactly one first text to `caller`": its queue row is `sent` (final: a claimed row is never sent
   * twice), then the caller's next missed call, behind every earlier copy on the same Kafka key, is decided (a repeat
   * inside the cooldown) and its decision is on the topic after every earlier event of the caller.
   */
  const firstTextMarkers = (caller: string): Marker[] => {
    const next = missedCallEvent(location, caller, { startedAt: new Date(Date.now() + 1000).toISOString() });
    return [
      {
        description: `the first text to ${caller} recorded as sent`,
        seen: async () => (await t.rows<{ status: string }>(`SELECT status FROM $schema.outbound_message WHERE to_e164 = $1 AND purpose = 'first_text'`, [caller])).some((r) => r.status === 'sent'),
      },
      {
        description: `${caller}'s next missed call decided`,
        send: () => t.send(callMissedV1, next),
        seen: () => eventsOn(TOPICS.firstTextDecided, (d) => d.callId === next.data.callId && d.reason === 'cooldown').length === 1,
      },
    ];
  };

  it('three missed calls from one caller within two minutes send one text; repeats are counted as cooldown', async () => {
    const caller = randomUsNumber();
    const now = Date.now();
    const calls = [0, 50_000, 110_000].map((offset) => missedCallEvent(location, caller, { startedAt: new Date(now - 120_000 + offset).toISOString() }));
    for (const c of calls) await t.send(callMissedV1, c);
    const rows = await pollUntil(async () => {
      const r = await decisions(calls.map((c) => c.data.callId));
      return r.length === 3 && r;
    }, 'three decisions');
    expect(rows.map((r) => r.outcome).sort()).toEqual(['sent', 'suppressed', 'suppressed']);
    expect(rows.filter((r) => r.outcome === 'suppressed').map((r) => r.reason)).toEqual(['cooldown', 'cooldown']);
    await expectExactlyAfterMarker(
      firstTextMarkers(caller),
      () => ({
        texts: t.standIn.messagesTo(caller).length,
        smsSent: eventsOn(TOPICS.smsSent, (d) => d.to === caller).length,
        decided: eventsOn(TOPICS.firstTextDecided, (d) => calls.some((c) => c.data.callId === d.callId)).length,
      }),
      { texts: 1, smsSent: 1, decided: 3 },
    );
    const [text] = t.standIn.messagesTo(caller);
    expect(text?.text).toContain('Acme Plumbing');
    expect(text?.text).toMatch(/Reply STOP to opt out/);
    expect(text?.from).toBe(location.sendingNumbers[0]?.e164);
    const claim = await t.rows<{ repeat_calls: number }>(`SELECT repeat_calls FROM $schema.first_text_claim WHERE location_id = $1 AND caller_e164 = $2`, [location.locationId, caller]);
    expect(claim[0]?.repeat_calls).toBe(3); // the two repeats and the marker call
  });

  it('the same missed-call event delivered three times sends one text', async () => {
    const caller = randomUsNumber();
    const event = missedCallEvent(location, caller);
    await t.send(callMissedV1, event);
    await t.send(callMissedV1, event);
    await t.send(callMissedV1, event);
    await expect(decisionOf(event.data.callId)).resolves.toMatchObject({ outcome: 'sent' });
    // The caller's next call on the same partition key proves the copies were consumed.
    await expectExactlyAfterMarker(
      firstTextMarkers(caller),
      () => ({ texts: t.standIn.messagesTo(caller).length, decided: eventsOn(TOPICS.firstTextDecided, (d) => d.callId === event.data.callId).length }),
      { texts: 1, decided: 1 },
    );
  });

  it('concurrent missed calls from one caller claim the cooldown slot once (PostgreSQL unique key)', async () => {
    const caller = randomUsNumber();
    const service = t.app.get(FirstTextService);
    const verdicts = await Promise.all([0, 1, 2, 3].map(() => service.onMissedCall(missedCallEvent(location, caller))));
    expect(verdicts.filter((v) => v?.outcome === 'sent')).toHaveLength(1);
    expect(verdicts.filter((v) => v?.reason === 'cooldown')).toHaveLength(3);
    await expectExactlyAfterMarker(
      firstTextMarkers(caller),
      async () => ({
        texts: t.standIn.messagesTo(caller).length,
        queued: (await t.rows(`SELECT 1 FROM $schema.outbound_message WHERE to_e164 = $1 AND purpose = 'first_text'`, [caller])).length,
      }),
      { texts: 1, queued: 1 },
    );
  });

  it('holds no transaction open and no job row locked while the caller\'s line-type lookup is in flight', async () => {
    const caller = randomUsNumber();
    const event = missedCallEvent(location, caller);
    // At the lookup request, held until measured: messaging's transactions open when it arrived that are still open
    // when every short transaction would have ended (up to 3 s later), i.e. transactions spanning the lookup; and
    // whether the caller's stored job can be locked (it could not while a decision transaction held it).
    const openTransactions = () => t.rows<{ pid: number; xact_start: Date }>(`SELECT pid, xact_start FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL`, [t.serviceName]);
    const seen: { spanning: number; jobLockable: boolean }[] = [];
    t.standIn.onLookup(async (request) => {
      if (!(request as { phoneNumbers?: string[] }).phoneNumbers?.includes(caller)) return;
      let jobLockable = true;
      try {
        await t.rows(`SELECT event_id FROM $schema.first_text_job WHERE event_id = $1 FOR UPDATE NOWAIT`, [event.id]);
      } catch {
        jobLockable = false;
      }
      let spanning = await openTransactions();
      for (let waited = 0; spanning.length > 0 && waited < 3_000; waited += 50) {
        await sleep(50);
        const open = await openTransactions();
        spanning = open.filter((o) => spanning.some((s) => s.pid === o.pid && s.xact_start.getTime() === o.xact_start.getTime()));
      }
      seen.push({ spanning: spanning.length, jobLockable });
    });
    try {
      await t.send(callMissedV1, event);
      await expect(decisionOf(event.data.callId)).resolves.toMatchObject({ outcome: 'sent' });
      await expectEventually(() => expect(t.standIn.messagesTo(caller)).toHaveLength(1));
      expect(seen).toEqual([{ spanning: 0, jobLockable: true }]);
      expect(await t.rows(`SELECT event_id FROM $schema.first_text_job WHERE event_id = $1`, [event.id])).toEqual([]);
    } finally {
      t.standIn.onLookup(undefined);
    }
  });

  it('claims the first text, takes its rate slot and stamps its carrier call in the decision\'s one transaction', async () => {
    const caller = randomUsNumber();
    const event = missedCallEvent(location, caller);
    // At the send request: what is committed. The decision and its text were committed together, the text already
    // claimed (lease) and stamped for this carrier call at the instant it was queued (a send-queue prepare after the
    // decision would stamp it later, in a transaction of its own).
    const seen: { decided: number; status?: string; claimed?: boolean; stampedWhenQueued?: boolean }[] = [];
    t.standIn.onCreateMessage(async (request) => {
      if (!(request as { to?: string[] }).to?.includes(caller)) return;
      const [row] = await t.rows<{ status: string; lease_token: string | null; carrier_call_at: Date | null; created_at: Date }>(
        `SELECT status, lease_token, carrier_call_at, created_at FROM $schema.outbound_message WHERE to_e164 = $1 AND purpose = 'first_text'`,
        [caller],
      );
      seen.push({
        decided: (await decisions([event.data.callId])).length,
        ...(row ? { status: row.status, claimed: row.lease_token !== null, stampedWhenQueued: row.carrier_call_at?.getTime() === row.created_at.getTime() } : {}),
      });
    });
    try {
      await t.send(callMissedV1, event);
      await expectEventually(() => expect(t.standIn.messagesTo(caller)).toHaveLength(1));
      expect(seen).toEqual([{ decided: 1, status: 'queued', claimed: true, stampedWhenQueued: true }]);
      await expectEventually(async () => expect(await t.rows(`SELECT status, lease_token FROM $schema.outbound_message WHERE to_e164 = $1`, [caller])).toEqual([{ status: 'sent', lease_token: null }]));
    } finally {
      t.standIn.onCreateMessage(undefined);
    }
  });

  it('a first text whose sending number has no free throughput slot is queued for the free instant and sent then, once', async () => {
    const caller = randomUsNumber();
    const from = location.sendingNumbers[0]?.e164 ?? '';
    const freeAt = new Date(Date.now() + 1_500);
    await t.rows(
      `INSERT INTO $schema.send_rate (sending_e164, next_free_at) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT pk_send_rate DO UPDATE SET next_free_at = EXCLUDED.next_free_at`,
      [from, freeAt],
    );
    const event = missedCallEvent(location, caller);
    await t.send(callMissedV1, event);
    await expect(decisionOf(event.data.callId)).resolves.toMatchObject({ outcome: 'sent' });
    await expectEventually(() => expect(t.standIn.messagesTo(caller)).toHaveLength(1), 20_000);
    const [request] = t.standIn.requestsOf('createMessage').filter((r) => (r.body as { to?: string[] }).to?.includes(caller));
    expect(request?.receivedAt.getTime()).toBeGreaterThanOrEqual(freeAt.getTime());
    await expectExactlyAfterMarker(firstTextMarkers(caller), () => ({ texts: t.standIn.messagesTo(caller).length }), { texts: 1 });
  });

  it('sends no text to an opted-out, a landline or an international caller, records the reason and requests a callback task', async () => {
    const optedOut = randomUsNumber();
    const landline = randomUsNumber();
    const international = '+442071838750';
    t.standIn.setLineType(landline, 'landline');
    const runner = t.app.get<TransactionRunner>(TRANSACTION_RUNNER);
    await runner.run((tx) =>
      t.app.get(ConsentLedger).optOut(tx, {
        tenantId: location.tenantId,
        locationId: location.locationId,
        phoneE164: optedOut,
        sendingNumberE164: location.sendingNumbers[0]?.e164 ?? '',
        method: 'manual',
        channel: 'api',
        correlationId: randomUUID(),
        at: new Date(),
      }),
    );
    const cases = [
      [optedOut, 'opted_out'],
      [landline, 'landline'],
      [international, 'international'],
    ] as const;
    const events = cases.map(([caller]) => missedCallEvent(location, caller));
    for (const e of events) await t.send(callMissedV1, e);
    for (const [i, [caller, reason]] of cases.entries()) {
      const callId = events[i]?.data.callId ?? '';
      await expect(decisionOf(callId)).resolves.toMatchObject({ outcome: 'suppressed', reason });
      await expectEventually(() => expect(eventsOn(TOPICS.callbackTaskRequested, (d) => d.callId === callId)).toEqual([expect.objectContaining({ reason, callerE164: caller })]));
      await expectEventually(() => expect(eventsOn(TOPICS.firstTextDecided, (d) => d.callId === callId)).toEqual([expect.objectContaining({ outcome: 'suppressed', reason })]));
      expect(t.standIn.messagesTo(caller)).toHaveLength(0);
    }
  });

  it('an anonymous caller and a call decided past the time-to-live get no text, with reasons', async () => {
    const anonymous = missedCallEvent(location, null);
    const staleCaller = randomUsNumber();
    const stale = missedCallEvent(location, staleCaller, {}, new Date(Date.now() - 11 * 60_000));
    await t.send(callMissedV1, anonymous);
    await t.send(callMissedV1, stale);
    await expect(decisionOf(anonymous.data.callId)).resolves.toMatchObject({ outcome: 'suppressed', reason: 'anonymous_caller' });
    await expect(decisionOf(stale.data.callId)).resolves.toMatchObject({ outcome: 'suppressed', reason: 'stale' });
    await expectEventually(() => expect(eventsOn(TOPICS.callbackTaskRequested, (d) => d.callId === stale.data.callId)).toEqual([expect.objectContaining({ reason: 'stale' })]));
    expect(t.standIn.messagesTo(staleCaller)).toHaveLength(0);
  });

  it('a 429 from the carrier is retried with backoff and the text still goes out exactly once', async () => {
    const caller = randomUsNumber();
    t.standIn.failNextMessagesTo(caller, { status: 429 }, { status: 503 });
    const event = missedCallEvent(location, caller);
    await t.send(callMissedV1, event);
    const [sent, next] = firstTextMarkers(caller);
    await expectExactlyAfterMarker(
      [{ ...(sent as Marker), timeoutMs: 30_000 }, next as Marker],
      () => {
        const attempts = t.standIn.requestsOf('createMessage').filter((r) => JSON.stringify(r.body).includes(caller));
        return {
          statuses: attempts.map((r) => r.status),
          tags: new Set(attempts.map((r) => (r.body as { tag?: string }).tag)).size,
          texts: t.standIn.messagesTo(caller).length,
          smsSent: eventsOn(TOPICS.smsSent, (d) => d.to === caller).length,
        };
      },
      { statuses: [429, 503, 202], tags: 1, texts: 1, smsSent: 1 },
    );
  });

  it('a first text not handed to the carrier within its time-to-live is not sent late and becomes a callback task', async () => {
    const caller = randomUsNumber();
    t.standIn.failNextMessagesTo(caller, { status: 503 });
    const event = missedCallEvent(location, caller);
    await t.send(callMissedV1, event);
    await pollUntil(() => t.standIn.requestsOf('createMessage').some((r) => r.status === 503 && JSON.stringify(r.body).includes(caller)), 'the failed first attempt', 20_000, 10);
    t.clock.advance(11 * 60_000);
    try {
      const expired = await pollUntil(async () => (await t.rows<{ status: string }>(`SELECT status FROM $schema.outbound_message WHERE to_e164 = $1 AND status = 'expired'`, [caller]))[0], 'expired row');
      expect(expired.status).toBe('expired');
      await expectEventually(() => expect(eventsOn(TOPICS.callbackTaskRequested, (d) => d.callerE164 === caller)).toEqual([expect.objectContaining({ reason: 'stale', callId: event.data.callId })]));
      expect(t.standIn.messagesTo(caller)).toHaveLength(0);
    } finally {
      t.clock.reset();
    }
  });

  it('with a controllable clock, a follow-up due at 3 a.m. goes out at the start of the morning window', async () => {
    const caller = randomUsNumber();
    const zone = location.timeZone;
    const night = DateTime.now().setZone(zone).plus({ days: 1 }).set({ hour: 2, minute: 50, second: 0, millisecond: 0 });
    const dueAt = night.set({ hour: 3, minute: 0 });
    const morning = night.set({ hour: 8, minute: 0 });
    t.clock.setNow(night.toJSDate());
    try {
      const command = createEvent(
        smsSendCommandV1,
        { source: '/textback/scheduling', tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() },
        { commandId: randomUUID(), to: caller, body: 'Still need help with that leak? Reply YES and we will call you.', purpose: 'follow_up', automated: true, notBefore: dueAt.toUTC().toISO() ?? '', requestedBy: 'scheduling' },
      );
      await t.send(smsSendCommandV1, command);
      const row = await pollUntil(async () => (await t.rows<{ next_attempt_at: Date; status: string; reason: string }>(`SELECT next_attempt_at, status, reason FROM $schema.outbound_message WHERE command_id = $1`, [command.data.commandId]))[0], 'queued follow-up');
      expect(row).toMatchObject({ status: 'queued', reason: 'quiet_hours_deferred' });
      expect(row.next_attempt_at.toISOString()).toBe(morning.toUTC().toISO({ suppressMilliseconds: false }));
      t.clock.setNow(dueAt.plus({ minutes: 1 }).toJSDate());
      // Drain the queue at 3 a.m. ourselves: the follow-up is not due (held for the morning), nothing goes out.
      await t.app.get(SendQueueWorker).drainOnce();
      await t.app.get(SendQueueWorker).drainOnce();
      expect(t.standIn.messagesTo(caller)).toHaveLength(0);
      t.clock.setNow(morning.plus({ seconds: 1 }).toJSDate());
      await expectEventually(() => expect(t.standIn.messagesTo(caller)).toHaveLength(1));
    } finally {
      t.clock.reset();
    }
  });
});
