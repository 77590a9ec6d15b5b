import { METRICS_REGISTRY } from '@textback/observability';
import { pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { type Registry } from 'prom-client';
import { SendCommandService } from '../../src/modules/sending/send-command.service';
import { SendQueueWorker } from '../../src/modules/sending/send-queue.worker';
import { TEXT_BACKLOG_AGE_METRIC, TEXT_BACKLOG_METRIC } from '../../src/modules/sending/text-backlog.metrics';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { buildSendCommand } from '../factories/send-command.factory';
import { type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

/**
 * Issue #16 item 5: overload is explicit. Texts that are due and not yet handled (the workers are behind) show in
 * `textback_text_backlog{queue}` and `textback_text_backlog_oldest_seconds{queue}`; texts waiting for quiet hours do not.
 */

async function scrape(t: MessagingTestApp): Promise<Record<string, { due: number; oldest: number }>> {
  const registry = t.app.get<Registry>(METRICS_REGISTRY);
  const read = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
  const [due, oldest] = await Promise.all([read(TEXT_BACKLOG_METRIC), read(TEXT_BACKLOG_AGE_METRIC)]);
  return Object.fromEntries(due.map((d) => [String(d.labels.queue), { due: d.value, oldest: oldest.find((o) => o.labels.queue === d.labels.queue)?.value ?? -1 }]));
}

describe('Text backlog gauges', () => {
  let t: MessagingTestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('count texts that are due and not yet sent, with the oldest one\'s wait; texts held for quiet hours are not counted', async () => {
    const location = buildLocationConfig();
    const night = DateTime.fromISO('2026-12-02T23:30:00', { zone: location.timeZone });
    const app = await startMessagingTestApp({ SEND_QUEUE_WORKERS: '1' }, { now: night.toJSDate() });
    t = app;
    await app.addLocation(location);
    const sender = app.app.get(SendCommandService);
    const texts = [buildSendCommand(location, randomUsNumber(), 'Reminder: your plumber arrives today between 9 and 11.'), buildSendCommand(location, randomUsNumber(), 'Your technician is on the way.')];
    for (const text of texts) expect((await sender.onSendCommand(text)).status).toBe('queued');
    const held = await scrape(app);

    // The workers fall behind (stopped here), and the morning comes: both texts are due and waiting.
    const worker = app.app.get(SendQueueWorker);
    await worker.beforeApplicationShutdown();
    const morning = night.plus({ days: 1 }).set({ hour: 8, minute: 10, second: 0 });
    app.clock.setNow(morning.toJSDate());
    const [due] = await app.rows<{ first: Date }>(`SELECT min(next_attempt_at) AS first FROM $schema.outbound_message WHERE status = 'queued'`);
    const behind = await scrape(app);

    // The workers catch up: the backlog drains to zero.
    worker.onApplicationBootstrap();
    worker.nudge();
    for (const text of texts) {
      await pollUntil(async () => (await app.rows(`SELECT 1 FROM $schema.outbound_message WHERE command_id = $1 AND status IN ('sent','delivered')`, [text.data.commandId])).length === 1, 'the text sent', 20_000);
    }
    const caughtUp = await scrape(app);

    const waited = (morning.toMillis() - (due?.first.getTime() ?? 0)) / 1000;
    // The test clock keeps running after setNow, so the scrape saw the wait plus the few ms since.
    expect(behind.outbound_message?.oldest).toBeGreaterThanOrEqual(waited);
    expect(behind.outbound_message?.oldest).toBeLessThan(waited + 60);
    expect({ held, behind, caughtUp }).toEqual({
      held: { first_text_job: { due: 0, oldest: 0 }, outbound_message: { due: 0, oldest: 0 } },
      behind: { first_text_job: { due: 0, oldest: 0 }, outbound_message: { due: 2, oldest: expect.any(Number) } },
      caughtUp: { first_text_job: { due: 0, oldest: 0 }, outbound_message: { due: 0, oldest: 0 } },
    });
  });
});
