import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BANDWIDTH_AUTH, startTelephonyTestApp, type TelephonyTestApp, TEST_LINES } from '../utils/telephony-test-app';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures/bandwidth', `${name}.json`), 'utf8')) as Record<string, unknown>;
const T0 = Date.parse('2026-11-30T15:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const GOOD = `Basic ${Buffer.from(`${BANDWIDTH_AUTH.username}:${BANDWIDTH_AUTH.password}`).toString('base64')}`;

/**
 * A webhook's transaction must never need a second pooled connection: with every connection held by a
 * transaction that waits for another one, the pool starves and the carrier gets 500s after the pool's
 * connect timeout (seen in `npm run bench` at 10-20 missed calls/s). With a pool of ONE connection, any
 * such nested acquisition fails every time, so this test catches it deterministically.
 */
describe('telephony-ingest with a database pool of one connection', () => {
  let t: TelephonyTestApp;

  beforeAll(async () => {
    t = await startTelephonyTestApp('telpool', { DATABASE_POOL_SIZE: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (hook: string, body: unknown) => fetch(`${t.baseUrl}/bandwidth/voice/${hook}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: GOOD }, body: JSON.stringify(body) });

  it('a missed call is decided and answered with the voicemail prompt (its greeting reads the location inside the webhook transaction), twice', async () => {
    const callId = `c-${randomUUID()}`;
    const initiate = await post('initiate', { ...fixture('voice-initiate'), callId, from: '+15551112222', to: TEST_LINES.open, startTime: at(0), eventTime: at(0.1) });
    expect(initiate.status).toBe(200);
    const body = { ...fixture('voice-transfer-complete-timeout'), callId, cause: 'timeout', eventTime: at(25), startTime: at(0) };
    const first = await post('transfer-complete', body);
    expect(first.status).toBe(200);
    const bxml = await first.text();
    expect(bxml).toMatch(/<SpeakSentence[^>]*>Sorry, Open Plumbing &amp; Sons cannot take your call.*<Record /);
    // Delivered again: the same answer, nothing new published.
    const again = await post('transfer-complete', body);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(bxml);
    // The outbox is the transactional truth (the relay publishes it; bandwidth-voice.integration-spec covers Kafka).
    const events = await t.outboxOf(callId);
    expect(events.map((e) => e.type)).toEqual(['telephony.call.received.v1', 'telephony.call.missed.v1']);
    expect(events[1]).toMatchObject({ locationId: t.openLocationId, data: { reason: 'no_answer', callerE164: '+15551112222' } });
  });
});
