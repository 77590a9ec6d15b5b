import { randomUUID } from 'node:crypto';
import { type CallMissedV1, createEvent, type EventEnvelope, smsSendCommandV1 } from '@textback/contracts';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { expectEventually, expectExactlyAfterMarker, pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { FIRST_TEXT_JOB_SETTINGS, FirstTextJobWorker, type FirstTextJobSettings } from '../../src/modules/first-text/first-text-job.worker';
import { FirstTextService, MISSED_CALL_GROUP } from '../../src/modules/first-text/first-text.service';
import { SendCommandService } from '../../src/modules/sending/send-command.service';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { missedCallEvent, type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

/** What the missed-call consumer does with one record: the inbox claim and the stored job in one transaction. */
const acceptOnce = (t: MessagingTestApp, service: FirstTextService, event: EventEnvelope<CallMissedV1>): Promise<boolean> =>
  t.app.get<TransactionRunner>(TRANSACTION_RUNNER).run(async (tx) => (await tx.claimEvent(MISSED_CALL_GROUP, event.id, event.type)) && service.accept(tx, event));

describe('messaging send queue durability', () => {
  let first: MessagingTestApp | undefined;
  let second: MessagingTestApp | undefined;

  afterAll(async () => {
    await first?.close();
    await second?.close(); // the second app owns the schema now and drops it
  });

  it('a text deferred to the morning survives a restart and is sent by the next process', async () => {
    first = await startMessagingTestApp({}, { keepSchema: true });
    const location = buildLocationConfig();
    await first.addLocation(location);
    const caller = randomUsNumber();
    const night = DateTime.fromISO('2026-12-02T23:30:00', { zone: location.timeZone });
    first.clock.setNow(night.toJSDate());
    const command = createEvent(
      smsSendCommandV1,
      { source: '/textback/scheduling', tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() },
      { commandId: randomUUID(), to: caller, body: 'Reminder: your plumber arrives tomorrow between 9 and 11.', purpose: 'caller_notice', automated: true, requestedBy: 'scheduling' },
    );
    const verdict = await first.app.get(SendCommandService).onSendCommand(command);
    expect(verdict.status).toBe('queued');
    const schema = first.schema;
    await first.close();
    first = undefined;

    // The next process starts in the morning (its clock set before its workers first look at the queue).
    const b = await startMessagingTestApp({}, { schema, now: night.plus({ days: 1 }).set({ hour: 8, minute: 0, second: 1 }).toJSDate() });
    second = b;
    await expectEventually(() => expect(b.standIn.messagesTo(caller).map((m) => m.text)).toEqual([command.data.body]));
    // Marker: a later text to the same caller, due now, queued behind the deferred one; once it is sent, a second
    // copy of the deferred text (a resend after the restart) would have gone out before it.
    const later = createEvent(
      smsSendCommandV1,
      { source: '/textback/scheduling', tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() },
      { commandId: randomUUID(), to: caller, body: 'Your plumber is on the way.', purpose: 'caller_notice', automated: true, requestedBy: 'scheduling' },
    );
    await expectExactlyAfterMarker(
      {
        description: 'a later text to the same caller',
        send: () => b.app.get(SendCommandService).onSendCommand(later),
        seen: async () => (await b.rows<{ status: string }>(`SELECT status FROM $schema.outbound_message WHERE command_id = $1`, [later.data.commandId]))[0]?.status === 'sent',
      },
      async () => ({
        texts: b.standIn.messagesTo(caller).map((m) => m.text ?? ''),
        deferred: await b.rows(`SELECT status, attempts FROM $schema.outbound_message WHERE command_id = $1`, [command.data.commandId]),
      }),
      { texts: [String(command.data.body), String(later.data.body)], deferred: [{ status: 'sent', attempts: 1 }] },
    );
  });

  it('a missed call accepted from Kafka but not yet decided survives a restart and gets exactly one text from the next process', async () => {
    await second?.close(); // the previous test's process (it drops its schema)
    second = undefined;
    // Decision workers that only poll once a minute: the accepted job waits (nothing nudges them when accept() is called directly).
    const a = await startMessagingTestApp({ FIRST_TEXT_POLL_INTERVAL_MS: '60000' }, { keepSchema: true });
    first = a;
    const location = buildLocationConfig();
    await a.addLocation(location);
    const caller = randomUsNumber();
    const event = missedCallEvent(location, caller);
    const service = a.app.get(FirstTextService);
    // Wait until every decision loop has made its first poll and is idle (waiting up to a minute), so the job
    // accepted next stays for the next process; then accept the same event twice (a redelivery).
    const { workers } = a.app.get<FirstTextJobSettings>(FIRST_TEXT_JOB_SETTINGS);
    const loops = a.app.get(FirstTextJobWorker);
    await pollUntil(() => loops['waiters'].size === workers, `${workers} idle decision loops`, 20_000, 10);
    await expect(acceptOnce(a, service, event)).resolves.toBe(true);
    await expect(acceptOnce(a, service, event)).resolves.toBe(false);
    expect(await a.rows(`SELECT event_id FROM $schema.first_text_job`)).toEqual([{ event_id: event.id }]);
    expect(a.standIn.messagesTo(caller)).toHaveLength(0);
    const schema = a.schema;
    await a.close();
    first = undefined;

    const b = await startMessagingTestApp({}, { schema });
    second = b;
    await b.addLocation(location);
    await expectEventually(() => expect(b.standIn.messagesTo(caller)).toHaveLength(1));
    // Marker: the caller's next missed call, stored after the first (jobs are decided oldest first); once it is
    // decided (a repeat inside the cooldown), the first call's job is gone for good and was texted once.
    const next = missedCallEvent(location, caller);
    await expectExactlyAfterMarker(
      {
        description: "the caller's next missed call",
        send: () => acceptOnce(b, b.app.get(FirstTextService), next),
        seen: async () => (await b.rows(`SELECT 1 FROM $schema.first_text_decision WHERE call_id = $1`, [next.data.callId])).length === 1,
      },
      async () => ({
        texts: b.standIn.messagesTo(caller).length,
        decisions: await b.rows(`SELECT call_id::text, outcome, reason FROM $schema.first_text_decision WHERE call_id IN ($1, $2) ORDER BY decided_at`, [event.data.callId, next.data.callId]),
        jobs: await b.rows(`SELECT event_id FROM $schema.first_text_job`),
      }),
      {
        texts: 1,
        decisions: [
          { call_id: event.data.callId, outcome: 'sent', reason: null },
          { call_id: next.data.callId, outcome: 'suppressed', reason: 'cooldown' },
        ],
        jobs: [],
      },
    );
  });
});
