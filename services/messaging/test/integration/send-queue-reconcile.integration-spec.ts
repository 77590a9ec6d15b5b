import { randomUUID } from 'node:crypto';
import { type LocationConfig, smsSentV1 } from '@textback/contracts';
import { METRICS_REGISTRY } from '@textback/observability';
import { expectExactlyAfterMarker, pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { type Registry } from 'prom-client';
import { SendCommandService } from '../../src/modules/sending/send-command.service';
import { SendQueueWorker } from '../../src/modules/sending/send-queue.worker';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { buildSendCommand } from '../factories/send-command.factory';
import { type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

async function rowOf(t: MessagingTestApp, commandId: string): Promise<{ message_id: string; status: string; provider_message_id: string | null; lease_token: string | null } | undefined> {
  return (await t.rows<{ message_id: string; status: string; provider_message_id: string | null; lease_token: string | null }>(
    `SELECT message_id, status, provider_message_id, lease_token FROM $schema.outbound_message WHERE command_id = $1`,
    [commandId],
  ))[0];
}

async function reconciliations(t: MessagingTestApp, outcome: string): Promise<number> {
  const metric = t.app.get<Registry>(METRICS_REGISTRY).getSingleMetric('textback_send_reconciliations_total');
  if (!metric) return 0;
  return (await metric.get()).values.filter((v) => v.labels.outcome === outcome).reduce((n, v) => n + v.value, 0);
}

/**
 * A text left as a process that died during its carrier call leaves it (claimed, carrier call started 5 minutes ago,
 * lease expired, no outcome recorded), queued as a text due tomorrow so that only the reconciliation can send it.
 */
async function crashedText(app: MessagingTestApp, location: LocationConfig, caller: string, noon: DateTime, body: string) {
  const command = buildSendCommand(location, caller, body, noon.plus({ days: 1 }).toUTC().toISO() ?? undefined);
  await app.app.get(SendCommandService).onSendCommand(command);
  await app.rows(
    `UPDATE $schema.outbound_message SET next_attempt_at = $2, lease_token = $3, lease_until = $4, carrier_call_at = $2 WHERE command_id = $1`,
    [command.data.commandId, noon.minus({ minutes: 5 }).toJSDate(), randomUUID(), noon.minus({ minutes: 4 }).toJSDate()],
  );
  return command;
}

describe(`${SendQueueWorker.name} reconciliation of unconfirmed texts with the carrier`, () => {
  let t: MessagingTestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('a text the carrier has (its 202 was lost with the process) is recorded sent with its sms.sent, and not sent again', async () => {
    const location = buildLocationConfig();
    const noon = DateTime.fromISO('2026-12-03T12:00:00', { zone: location.timeZone });
    const app = await startMessagingTestApp({}, { now: noon.toJSDate() });
    t = app;
    await app.addLocation(location);
    const caller = randomUsNumber();
    const body = 'Sorry we missed your call. How can we help?';
    // The carrier took the text (as the dead process's call would have left it), then the row is left unconfirmed.
    const from = location.sendingNumbers[0]?.e164 ?? '';
    const accepted = await fetch(`${app.standIn.messagingBaseUrl}/users/9900000/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('bw-user:bw-pass').toString('base64')}` },
      body: JSON.stringify({ applicationId: randomUUID(), to: [caller], from, text: body }),
    });
    expect(accepted.status).toBe(202);
    const carrierId = ((await accepted.json()) as { id: string }).id;
    const crashed = await crashedText(app, location, caller, noon, body);
    app.app.get(SendQueueWorker).nudge();
    await pollUntil(async () => (await rowOf(app, crashed.data.commandId))?.status === 'sent', 'the unconfirmed text reconciled', 30_000);

    const later = buildSendCommand(location, caller, 'Your plumber is on the way.');
    const row = await rowOf(app, crashed.data.commandId);
    const published = async () => (await app.rows(`SELECT 1 FROM $schema.outbox WHERE topic = $1 AND value::jsonb->>'subject' = $2`, [smsSentV1.topic, row?.message_id])).length;
    await expectExactlyAfterMarker(
      {
        description: 'a later text to the same caller',
        send: () => app.app.get(SendCommandService).onSendCommand(later),
        seen: async () => (await rowOf(app, later.data.commandId))?.status === 'sent',
      },
      async () => ({
        texts: app.standIn.messagesTo(caller).map((m) => m.text ?? ''),
        crashed: { status: (await rowOf(app, crashed.data.commandId))?.status, providerMessageId: (await rowOf(app, crashed.data.commandId))?.provider_message_id },
        sentEvents: await published(),
        found: await reconciliations(app, 'found'),
      }),
      { texts: [body, String(later.data.body)], crashed: { status: 'sent', providerMessageId: carrierId }, sentEvents: 1, found: 1 },
    );
  });

  it('a text the carrier never got is sent exactly once, under the same command id', async () => {
    const location = buildLocationConfig();
    const noon = DateTime.fromISO('2026-12-03T12:00:00', { zone: location.timeZone });
    const app = await startMessagingTestApp({}, { now: noon.toJSDate() });
    t = app;
    await app.addLocation(location);
    const caller = randomUsNumber();
    const body = 'Thanks for calling Acme Plumbing: what can we help with?';
    const crashed = await crashedText(app, location, caller, noon, body);
    app.app.get(SendQueueWorker).nudge();
    await pollUntil(async () => (await rowOf(app, crashed.data.commandId))?.status === 'sent', 'the unconfirmed text sent', 30_000);

    const later = buildSendCommand(location, caller, 'Your plumber is on the way.');
    await expectExactlyAfterMarker(
      {
        description: 'a later text to the same caller',
        send: () => app.app.get(SendCommandService).onSendCommand(later),
        seen: async () => (await rowOf(app, later.data.commandId))?.status === 'sent',
      },
      async () => ({
        texts: app.standIn.messagesTo(caller).map((m) => ({ text: m.text ?? '', tag: m.tag })),
        crashed: (await rowOf(app, crashed.data.commandId))?.provider_message_id === app.standIn.messagesTo(caller)[0]?.id,
        notFound: await reconciliations(app, 'not_found'),
      }),
      { texts: [{ text: body, tag: crashed.data.commandId }, { text: String(later.data.body), tag: later.data.commandId }], crashed: true, notFound: 1 },
    );
  });

  it('a carrier that cannot answer keeps the text unconfirmed and is asked again', async () => {
    const location = buildLocationConfig();
    const noon = DateTime.fromISO('2026-12-03T12:00:00', { zone: location.timeZone });
    const app = await startMessagingTestApp({}, { now: noon.toJSDate() });
    t = app;
    await app.addLocation(location);
    const caller = randomUsNumber();
    app.standIn.failNextListMessages(429, 503);
    const crashed = await crashedText(app, location, caller, noon, 'Sorry we missed your call.');
    app.app.get(SendQueueWorker).nudge();
    // Each unknown answer is asked again after the send backoff (SEND_RETRY_BASE_MS, doubling); the third lookup is
    // answered: not found, so the text is sent, once.
    await pollUntil(async () => (await rowOf(app, crashed.data.commandId))?.status === 'sent', 'the unconfirmed text sent after the carrier answered', 30_000);
    expect({ unknown: await reconciliations(app, 'unknown'), texts: app.standIn.messagesTo(caller).length }).toEqual({ unknown: 2, texts: 1 });
  });
});
