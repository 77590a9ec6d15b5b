import { randomUUID } from 'node:crypto';
import { createEvent, smsSendCommandV1 } from '@textback/contracts';
import { expectEventually } from '@textback/testing';
import { DateTime } from 'luxon';
import { FirstTextService } from '../../src/modules/first-text/first-text.service';
import { SendCommandService } from '../../src/modules/sending/send-command.service';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { missedCallEvent, type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

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

    second = await startMessagingTestApp({}, { schema });
    second.clock.setNow(night.plus({ days: 1 }).set({ hour: 8, minute: 0, second: 1 }).toJSDate());
    await expectEventually(() => expect(second?.standIn.messagesTo(caller).map((m) => m.text)).toEqual([command.data.body]));
    await expectEventually(async () =>
      expect(await second?.rows(`SELECT status, attempts FROM $schema.outbound_message WHERE command_id = $1`, [command.data.commandId])).toEqual([{ status: 'sent', attempts: 1 }]),
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
    // Give the idle loops time to start waiting, then accept the same event twice (a redelivery).
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(service.accept(event)).resolves.toBe(true);
    await expect(service.accept(event)).resolves.toBe(false);
    expect(await a.rows(`SELECT event_id FROM $schema.first_text_job`)).toEqual([{ event_id: event.id }]);
    expect(a.standIn.messagesTo(caller)).toHaveLength(0);
    const schema = a.schema;
    await a.close();
    first = undefined;

    const b = await startMessagingTestApp({}, { schema });
    second = b;
    await b.addLocation(location);
    await expectEventually(() => expect(b.standIn.messagesTo(caller)).toHaveLength(1));
    await expectEventually(async () => expect(await b.rows(`SELECT outcome FROM $schema.first_text_decision WHERE call_id = $1`, [event.data.callId])).toEqual([{ outcome: 'sent' }]));
    expect(await b.rows(`SELECT event_id FROM $schema.first_text_job`)).toEqual([]);
  });
});
