import { randomUUID } from 'node:crypto';
import { createEvent, smsSendCommandV1 } from '@textback/contracts';
import { expectEventually } from '@textback/testing';
import { DateTime } from 'luxon';
import { SendCommandService } from '../../src/modules/sending/send-command.service';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

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
});
