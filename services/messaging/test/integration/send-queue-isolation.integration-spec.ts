import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { smsDeliveredV1, smsSentV1 } from '@textback/contracts';
import { DEAD_LETTERS_METRIC, METRICS_REGISTRY } from '@textback/observability';
import { DeadLetterTableRepository, quoteSchema } from '@textback/persistence';
import { expectExactlyAfterMarker, pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { type Registry } from 'prom-client';
import { messagingService } from '../../src/messaging.definition';
import { SendCommandService } from '../../src/modules/sending/send-command.service';
import { SendQueueWorker } from '../../src/modules/sending/send-queue.worker';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { buildSendCommand } from '../factories/send-command.factory';
import { type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';


async function statusOf(t: MessagingTestApp, commandId: string): Promise<string | undefined> {
  return (await t.rows<{ status: string }>(`SELECT status FROM $schema.outbound_message WHERE command_id = $1`, [commandId]))[0]?.status;
}

async function deadLetterCount(t: MessagingTestApp, queue: string, reason: string): Promise<number> {
  const metric = t.app.get<Registry>(METRICS_REGISTRY).getSingleMetric(DEAD_LETTERS_METRIC);
  if (!metric) return 0;
  const values = (await metric.get()).values;
  return values.filter((v) => v.labels.queue === queue && v.labels.reason === reason).reduce((n, v) => n + v.value, 0);
}

/**
 * The settings of the tests that share one app: one send-queue worker (a later text is claimed after the first, or in
 * its batch) and no carrier lookups (an unconfirmed text stays unconfirmed; send-queue-reconcile covers the lookups).
 */
const SHARED_ENV = { SEND_QUEUE_WORKERS: '1', SEND_RECONCILE_MAX_LOOKUPS: '0' };

describe(`${SendQueueWorker.name} (transactions, per-row isolation, leases)`, () => {
  /**
   * Tests that need no settings of their own share one app, booted once (each has its own location, sending number
   * and caller, sets the clock to its own instant, and removes the stand-in hooks it set); the poison test has its
   * own app (its own retry settings, a trigger on the schema and an exact dead-letter list).
   */
  describe('on one app', () => {
    let shared: MessagingTestApp | undefined;
    const sharedApp = (): MessagingTestApp => {
      if (!shared) throw new Error('the shared app did not start');
      return shared;
    };
    /** A new location on the shared app, its clock at noon of 2026-12-03 in the location's zone, and a new caller. */
    const noonAtNewLocation = async () => {
      const location = buildLocationConfig();
      const noon = DateTime.fromISO('2026-12-03T12:00:00', { zone: location.timeZone });
      const app = sharedApp();
      app.clock.setNow(noon.toJSDate());
      await app.addLocation(location);
      return { app, location, noon, caller: randomUsNumber() };
    };

    beforeAll(async () => {
      shared = await startMessagingTestApp(SHARED_ENV);
    });

    afterEach(() => {
      shared?.standIn.onCreateMessage(undefined);
      shared?.standIn.beforeAnsweringAccepted(undefined);
    });

    afterAll(async () => {
      await shared?.close();
    });

    it('holds no transaction on the queue while the carrier call is in flight; a command delivered twice is texted once', async () => {
      // One worker: the later text is claimed after the first or in its batch, whose outcomes are recorded in order
      // after all of the batch's carrier calls returned, so "the later text is sent" comes after the first call ended.
      const { app, location, caller } = await noonAtNewLocation();
      const table = `${quoteSchema(app.schema)}.outbound_message`;
      // At each carrier request, held until measured: the app's transactions open when the request arrived that are
      // still open when every short transaction would have ended (up to 3 s later), i.e. transactions that span the
      // carrier call; and of those, how many hold a lock on outbound_message.
      const duringCalls: { spanning: number; holdingQueue: number }[] = [];
      const openTransactions = () =>
        app.rows<{ pid: number; xact_start: Date; queue: boolean }>(
          `SELECT a.pid, a.xact_start, EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.relation = $2::regclass) AS queue
           FROM pg_stat_activity a WHERE a.application_name = $1 AND a.xact_start IS NOT NULL`,
          [app.serviceName, table],
        );
      app.standIn.onCreateMessage(async () => {
        let spanning = await openTransactions();
        for (let waited = 0; spanning.length > 0 && waited < 3_000; waited += 50) {
          await sleep(50);
          const open = await openTransactions();
          spanning = open.filter((o) => spanning.some((s) => s.pid === o.pid && s.xact_start.getTime() === o.xact_start.getTime()));
        }
        duringCalls.push({ spanning: spanning.length, holdingQueue: spanning.filter((s) => s.queue).length });
      });
      const first = buildSendCommand(location, caller, 'Reminder: your plumber arrives tomorrow between 9 and 11.');
      const sender = app.app.get(SendCommandService);
      await sender.onSendCommand(first);
      await sender.onSendCommand(first); // delivered twice
      const later = buildSendCommand(location, caller, 'Your plumber is on the way.');
      await expectExactlyAfterMarker(
        { description: 'a later text to the same caller', send: () => sender.onSendCommand(later), seen: async () => (await statusOf(app, later.data.commandId)) === 'sent' },
        () => ({ texts: app.standIn.messagesTo(caller).map((m) => m.text ?? ''), duringCalls }),
        {
          texts: [String(first.data.body), String(later.data.body)],
          duringCalls: [
            { spanning: 0, holdingQueue: 0 },
            { spanning: 0, holdingQueue: 0 },
          ],
        },
      );
    });

    it('a lease that expired after its carrier call started is marked unconfirmed, listed, and never re-sent blindly', async () => {
      // Without reconciliation (no carrier lookups, SHARED_ENV): send-queue-reconcile.integration-spec.ts covers asking the carrier.
      const { app, location, noon, caller } = await noonAtNewLocation();
      const sender = app.app.get(SendCommandService);
      // A text due tomorrow, then left as a worker that died during its carrier call leaves it: claimed, lease expired,
      // carrier call started, no outcome recorded.
      const crashed = buildSendCommand(location, caller, 'Reminder: your plumber arrives tomorrow.', noon.plus({ days: 1 }).toUTC().toISO() ?? undefined);
      await sender.onSendCommand(crashed);
      const [row] = await app.rows<{ message_id: string; status: string }>(`SELECT message_id, status FROM $schema.outbound_message WHERE command_id = $1`, [crashed.data.commandId]);
      expect(row?.status).toBe('queued');
      await app.rows(
        `UPDATE $schema.outbound_message SET next_attempt_at = $2, lease_token = $3, lease_until = $4, carrier_call_at = $2 WHERE command_id = $1`,
        [crashed.data.commandId, noon.minus({ minutes: 5 }).toJSDate(), randomUUID(), noon.minus({ minutes: 4 }).toJSDate()],
      );
      app.app.get(SendQueueWorker).nudge();
      const later = buildSendCommand(location, caller, 'Your plumber is on the way.');
      const repository = new DeadLetterTableRepository(app.db, app.schema);
      await expectExactlyAfterMarker(
        { description: 'a later text to the same caller', send: () => sender.onSendCommand(later), seen: async () => (await statusOf(app, later.data.commandId)) === 'sent' },
        async () => ({
          texts: app.standIn.messagesTo(caller).map((m) => m.text ?? ''),
          crashed: await statusOf(app, crashed.data.commandId),
          listed: (await repository.list(messagingService.deadLetterTables ?? [])).map((d) => ({ id: d.id, replayable: d.replayable })),
          counted: await deadLetterCount(app, 'outbound_message_unconfirmed', 'lease_expired'),
        }),
        { texts: [String(later.data.body)], crashed: 'unconfirmed', listed: [{ id: `outbound_message_unconfirmed:${row?.message_id ?? ''}`, replayable: false }], counted: 1 },
      );
    });

    it("a delivery callback that overtakes the send's own answer keeps both: the row stays delivered, and the send is recorded with one sms.sent", async () => {
      const { app, location, caller } = await noonAtNewLocation();
      const text = buildSendCommand(location, caller, 'Thanks for calling Acme Plumbing: what can we help with?');
      // Bandwidth's message-delivered arrives (and is applied) before its 202 to the send: CI saw this 71 times in one
      // run of the scenario suite, each time as "send claim lost" and a text with no sms.sent.
      let appliedBeforeAnswer = false;
      app.standIn.beforeAnsweringAccepted(async (message) => {
        await app.standIn.sendMessageDelivered(message);
        appliedBeforeAnswer = await pollUntil(async () => (await statusOf(app, text.data.commandId)) === 'delivered', 'the delivery callback applied', 10_000).catch(() => false);
      });
      await app.app.get(SendCommandService).onSendCommand(text);
      await pollUntil(
        async () => (await app.rows(`SELECT 1 FROM $schema.outbound_message WHERE command_id = $1 AND sent_at IS NOT NULL`, [text.data.commandId])).length === 1,
        'the send recorded',
        20_000,
      );
      const [sent] = app.standIn.messagesTo(caller);
      const row = (await app.rows<{ message_id: string; status: string; provider_message_id: string; lease_token: string | null }>(
        `SELECT message_id, status, provider_message_id, lease_token FROM $schema.outbound_message WHERE command_id = $1`,
        [text.data.commandId],
      ))[0];
      const published = async (topic: string) => (await app.rows(`SELECT 1 FROM $schema.outbox WHERE topic = $1 AND value::jsonb->>'subject' = $2`, [topic, row?.message_id])).length;
      expect({
        appliedBeforeAnswer,
        row: { status: row?.status, providerMessageId: row?.provider_message_id, leaseToken: row?.lease_token },
        sentEvents: await published(smsSentV1.topic),
        deliveredEvents: await published(smsDeliveredV1.topic),
        texts: app.standIn.messagesTo(caller).length,
      }).toEqual({ appliedBeforeAnswer: true, row: { status: 'delivered', providerMessageId: sent?.id, leaseToken: null }, sentEvents: 1, deliveredEvents: 1, texts: 1 });
    });
  });

  describe('with a poison row', () => {
    let t: MessagingTestApp | undefined;

    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it('a row whose handling throws neither rolls back nor blocks the rest of its batch; it is retried, dead-lettered, listed and replayed once', async () => {
      const good = buildLocationConfig();
      const poison = buildLocationConfig();
      const night = DateTime.fromISO('2026-12-02T23:30:00', { zone: good.timeZone });
      const app = await startMessagingTestApp({ SEND_QUEUE_WORKERS: '1', SEND_MAX_ATTEMPTS: '3', SEND_RETRY_BASE_MS: '100' }, { now: night.toJSDate() });
      t = app;
      await app.addLocation(good);
      await app.addLocation(poison);
      const poisonNumber = poison.sendingNumbers[0]?.e164 ?? '';
      // The poison: taking a rate slot for the poison location's sending number fails (as a bug or a bad row would).
      await app.rows(`CREATE FUNCTION $schema.poison_send_rate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.sending_e164 = '${poisonNumber}' THEN RAISE EXCEPTION 'poison sending number'; END IF; RETURN NEW; END $$`);
      await app.rows(`CREATE TRIGGER poison_send_rate BEFORE INSERT OR UPDATE ON $schema.send_rate FOR EACH ROW EXECUTE FUNCTION $schema.poison_send_rate()`);
      const goodCaller = randomUsNumber();
      const poisonCaller = randomUsNumber();
      const sender = app.app.get(SendCommandService);
      // Both deferred by quiet hours to the same morning instant, so one worker claims them in one batch.
      const goodText = buildSendCommand(good, goodCaller, 'Reminder: your plumber arrives today between 9 and 11.');
      const poisonText = buildSendCommand(poison, poisonCaller, 'Reminder: your electrician arrives today between 9 and 11.');
      expect((await sender.onSendCommand(goodText)).status).toBe('queued');
      expect((await sender.onSendCommand(poisonText)).status).toBe('queued');
      expect((await sender.onSendCommand(goodText)).status).toBe('duplicate');
      app.clock.setNow(night.plus({ days: 1 }).set({ hour: 8, minute: 0, second: 1 }).toJSDate());
      app.app.get(SendQueueWorker).nudge();

      const later = buildSendCommand(good, goodCaller, 'Your plumber is on the way.');
      await expectExactlyAfterMarker(
        [
          { description: 'the good text of the batch sent', timeoutMs: 20_000, seen: async () => (await statusOf(app, goodText.data.commandId)) === 'sent' },
          {
            description: 'the poison row parked after its attempts',
            timeoutMs: 20_000,
            seen: async () => (await app.rows(`SELECT 1 FROM $schema.outbound_message WHERE command_id = $1 AND dead_lettered_at IS NOT NULL`, [poisonText.data.commandId])).length === 1,
          },
          { description: 'a later text to the good caller', send: () => sender.onSendCommand(later), seen: async () => (await statusOf(app, later.data.commandId)) === 'sent' },
        ],
        async () => ({
          goodTexts: app.standIn.messagesTo(goodCaller).map((m) => m.text ?? ''),
          poisonTexts: app.standIn.messagesTo(poisonCaller).length,
          poisonRow: await app.rows(`SELECT status, handling_failures, last_error FROM $schema.outbound_message WHERE command_id = $1`, [poisonText.data.commandId]),
          deadLettersCounted: await deadLetterCount(app, 'outbound_message_handling', 'retries_exhausted'),
        }),
        {
          goodTexts: [String(goodText.data.body), String(later.data.body)],
          poisonTexts: 0,
          poisonRow: [{ status: 'queued', handling_failures: 3, last_error: 'QueryFailedError: poison sending number' }],
          deadLettersCounted: 1,
        },
      );

      // The operator sees it (`textback dead-letters list`), fixes the cause and replays it (`... replay --id`), twice.
      const tables = messagingService.deadLetterTables ?? [];
      const repository = new DeadLetterTableRepository(app.db, app.schema);
      const listed = (await repository.list(tables)).map((d) => ({ queue: d.queue, reason: d.reason, replayable: d.replayable }));
      expect(listed).toEqual([{ queue: 'outbound_message_handling', reason: 'retries_exhausted', replayable: true }]);
      const [messageRow] = await app.rows<{ message_id: string }>(`SELECT message_id FROM $schema.outbound_message WHERE command_id = $1`, [poisonText.data.commandId]);
      const handling = tables.find((d) => d.queue === 'outbound_message_handling');
      if (!handling || !messageRow) throw new Error('no outbound_message_handling dead-letter table');
      await app.rows(`DROP TRIGGER poison_send_rate ON $schema.send_rate`);
      await expect(repository.replay(handling, messageRow.message_id)).resolves.toBe(1);
      await expect(repository.replay(handling, messageRow.message_id)).resolves.toBe(0);
      app.app.get(SendQueueWorker).nudge();
      const laterPoison = buildSendCommand(poison, poisonCaller, 'Your electrician is on the way.');
      await expectExactlyAfterMarker(
        { description: 'a later text to the poison caller', send: () => sender.onSendCommand(laterPoison), seen: async () => (await statusOf(app, laterPoison.data.commandId)) === 'sent' },
        async () => ({
          poisonTexts: app.standIn.messagesTo(poisonCaller).map((m) => m.text ?? ''),
          deadLetters: (await repository.list(tables)).length,
        }),
        { poisonTexts: [String(poisonText.data.body), String(laterPoison.data.body)], deadLetters: 0 },
      );
    });

  });
});
