import { randomUUID } from 'node:crypto';
import { DEAD_LETTERS_METRIC, METRICS_REGISTRY } from '@textback/observability';
import { DeadLetterTableRepository } from '@textback/persistence';
import { pollUntil } from '@textback/testing';
import { type Registry } from 'prom-client';
import { messagingService } from '../../src/messaging.definition';
import { InboundSweeperWorker } from '../../src/modules/inbound/inbound-sweeper.worker';
import { type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

describe(`${InboundSweeperWorker.name} dead letters (one command, one metric)`, () => {
  let t: MessagingTestApp;

  beforeAll(async () => {
    t = await startMessagingTestApp({ INBOUND_MAX_ATTEMPTS: '2', INBOUND_SWEEP_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const counted = async (): Promise<number> => {
    const metric = t.app.get<Registry>(METRICS_REGISTRY).getSingleMetric(DEAD_LETTERS_METRIC);
    const values = metric ? (await metric.get()).values : [];
    return values.filter((v) => v.labels.queue === 'inbound_callback' && v.labels.source === 'job').reduce((n, v) => n + v.value, 0);
  };
  const deadOf = async (id: string) =>
    (await t.rows<{ attempts: number }>(`SELECT attempts FROM $schema.inbound_callback WHERE callback_id = $1 AND dead_at IS NOT NULL`, [id]))[0];

  it('a stored event that keeps failing is parked after its attempts, counted, listed by `textback dead-letters list` and replayable', async () => {
    const id = randomUUID();
    await t.rows(
      `INSERT INTO $schema.inbound_callback (callback_id, provider, provider_message_id, event_type, payload, received_at) VALUES ($1, 'bandwidth', $2, 'message-received', '{"broken":true}', '2026-01-01T00:00:00Z')`,
      [id, `dead-${id}`],
    );
    await pollUntil(() => deadOf(id), 'the callback parked');
    const repository = new DeadLetterTableRepository(t.db, t.schema);
    const tables = messagingService.deadLetterTables ?? [];
    const listed = (await repository.list(tables)).map((d) => ({ id: d.id, queue: d.queue, reason: d.reason, attempts: d.attempts, replayable: d.replayable, error: d.error }));
    expect(listed).toEqual([{ id: `inbound_callback:${id}`, queue: 'inbound_callback', reason: 'retries_exhausted', attempts: 2, replayable: true, error: expect.stringContaining('ZodError') }]);
    expect(await counted()).toBe(1);

    // Replayed twice by the operator: the first revives it, the second finds nothing; the still broken event is parked
    // again after two fresh attempts and counted once more.
    const table = tables.find((d) => d.queue === 'inbound_callback');
    if (!table) throw new Error('inbound_callback is not a declared dead-letter table');
    await expect(repository.replay(table, id)).resolves.toBe(1);
    await expect(repository.replay(table, id)).resolves.toBe(0);
    await pollUntil(async () => (await deadOf(id))?.attempts === 2 && (await counted()) === 2, 'the replayed callback parked again');
    expect((await repository.list(tables)).map((d) => d.id)).toEqual([`inbound_callback:${id}`]);
    expect(await counted()).toBe(2);
  });
});
