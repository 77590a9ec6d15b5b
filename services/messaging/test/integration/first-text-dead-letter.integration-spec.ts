import { callMissedV1, type LocationConfig } from '@textback/contracts';
import { DEAD_LETTERS_METRIC, METRICS_REGISTRY } from '@textback/observability';
import { pollUntil } from '@textback/testing';
import { type Counter, type Registry } from 'prom-client';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { missedCallEvent, type MessagingTestApp, startMessagingTestApp } from '../utils/messaging-test-app';

const MAX_ATTEMPTS = 3;

describe('messaging first-text job attempt cap (real Kafka + PostgreSQL)', () => {
  let t: MessagingTestApp;
  let location: LocationConfig;

  beforeAll(async () => {
    t = await startMessagingTestApp({ JOB_MAX_ATTEMPTS: String(MAX_ATTEMPTS), FIRST_TEXT_RETRY_BASE_MS: '50', FIRST_TEXT_POLL_INTERVAL_MS: '50' });
    location = buildLocationConfig();
    await t.addLocation(location);
  });

  afterAll(async () => {
    await t?.close();
  });

  const deadLetters = async () => {
    const counter = t.app.get<Registry>(METRICS_REGISTRY).getSingleMetric(DEAD_LETTERS_METRIC) as Counter | undefined;
    const values = counter ? (await counter.get()).values : [];
    return values.find((v) => v.labels.source === 'job' && v.labels.queue === 'first_text_job' && v.labels.reason === 'retries_exhausted')?.value ?? 0;
  };

  it('parks a job that fails on every attempt as dead-lettered with its error, and keeps deciding later calls', async () => {
    // A stored job whose decision fails the same way every time (PostgreSQL refuses its start time).
    const valid = missedCallEvent(location, randomUsNumber());
    const poison = { ...valid, data: { ...valid.data, startedAt: 'not-a-time' } };
    await t.db.query(
      `INSERT INTO "${t.schema}".first_text_job (event_id, call_id, envelope, created_at, not_before) VALUES ($1, $2, $3, now(), now())`,
      [poison.id, poison.data.callId, JSON.stringify(poison)],
    );
    const parked = await pollUntil(async () => {
      const [row] = await t.rows<{ attempts: number; dead_lettered_at: Date | null; last_error: string }>(
        `SELECT attempts, dead_lettered_at, last_error FROM $schema.first_text_job WHERE event_id = $1`,
        [poison.id],
      );
      return row?.dead_lettered_at ? row : undefined;
    }, 'the poison job dead-lettered', 30_000);
    expect(parked.attempts).toBe(MAX_ATTEMPTS);
    expect(parked.last_error).toMatch(/^QueryFailedError: .*time/);
    expect(await deadLetters()).toBe(1);

    const caller = randomUsNumber();
    const good = missedCallEvent(location, caller);
    await t.send(callMissedV1, good);
    await pollUntil(async () => (await t.rows(`SELECT 1 FROM $schema.first_text_decision WHERE call_id = $1`, [good.data.callId]))[0], 'the next call decided');
    const [after] = await t.rows<{ attempts: number }>(`SELECT attempts FROM $schema.first_text_job WHERE event_id = $1`, [poison.id]);
    expect(after?.attempts).toBe(MAX_ATTEMPTS);
    expect(await deadLetters()).toBe(1);
  });
});
