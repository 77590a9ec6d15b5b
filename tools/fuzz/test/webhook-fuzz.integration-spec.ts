import { runWebhookFuzz, type WebhookFuzzReport } from '../src/webhook-fuzzer';

/**
 * Issue #14: the webhook fuzz in CI, with a fixed seed and a size that fits the time budget (about two minutes on the
 * 2-core CI machine, services started from dist/). `npm run fuzz -- --count 10000 --seed S` runs a larger one.
 */
const COUNT = 10_000;
const SEED = 20261204;

describe('carrier webhook fuzz (telephony-ingest + messaging as processes, real PostgreSQL and Kafka)', () => {
  let report: WebhookFuzzReport;

  beforeAll(async () => {
    report = await runWebhookFuzz({ count: COUNT, seed: SEED, concurrency: 8, basePort: 3941, carrierPort: 3950, onProgress: () => undefined });
    console.log(JSON.stringify({ requests: report.requests, seconds: report.durationSeconds, statuses: report.statuses, events: report.events }));
  }, 600_000);

  it('answers every request with 2xx, 400, 401/403 or 413 as its case expects, never 5xx, and no service dies', () => {
    expect(report.requests).toBe(COUNT);
    expect(report.failures.serverErrors).toEqual([]);
    expect(report.failures.unexpectedStatus).toEqual([]);
    expect(report.failures.transportErrors).toEqual([]);
    expect(report.failures.notAlive).toEqual([]);
    expect(Object.keys(report.statuses).filter((s) => !['200', '204', '400', '401', '403', '413'].includes(s))).toEqual([]);
  });

  it('applies every valid event exactly once (mixed batches, duplicates, odd encodings), and nothing else', () => {
    expect(report.failures.lost).toEqual([]);
    expect(report.failures.doubled).toEqual([]);
    expect(report.failures.unexpectedEffects).toEqual([]);
    expect(report.events.textsApplied).toBe(report.events.textsExpected);
    expect(report.events.stopsApplied).toBe(report.events.stopsExpected);
    expect(report.events.callsApplied).toBe(report.events.callsExpected);
    expect(report.events.stopsExpected).toBeGreaterThan(0);
    expect(report.rejectedEventsKept).toBeGreaterThan(0);
  });

  it('stores no event that fails its schema', () => {
    expect(report.failures.invalidStored).toEqual([]);
  });
});
