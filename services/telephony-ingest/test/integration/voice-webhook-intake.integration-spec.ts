import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@textback/contracts';
import { pollUntil } from '@textback/testing';
import { getExpectedTwilioSignature } from 'twilio';
import { BANDWIDTH_AUTH, kafkaEvents, PUBLIC_BASE_URL, startTelephonyTestApp, type TelephonyTestApp, TEST_LINES, TWILIO_TOKEN } from '../utils/telephony-test-app';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures/bandwidth', `${name}.json`), 'utf8')) as Record<string, unknown>;
const GOOD = `Basic ${Buffer.from(`${BANDWIDTH_AUTH.username}:${BANDWIDTH_AUTH.password}`).toString('base64')}`;

/**
 * Issue #14 "Carrier webhooks never lose a good event", the voice side: bytes stored with each webhook, U+0000 and
 * impossible times never reach PostgreSQL or the contracts, malformed webhooks kept raw, the first webhook of a call
 * forwarded even when malformed (real HTTP, PostgreSQL, Kafka).
 */
describe('voice webhook intake (real HTTP, PostgreSQL, Kafka)', () => {
  let t: TelephonyTestApp;

  beforeAll(async () => {
    t = await startTelephonyTestApp('telraw', { CARRIER_WEBHOOK_REPLAY_INTERVAL_MS: '200' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (hook: string, body: string | Buffer) =>
    fetch(`${t.baseUrl}/bandwidth/voice/${hook}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: GOOD }, body });
  const rows = async <T>(sql: string, params: unknown[]) => (await t.db.query(sql.replaceAll('$schema', t.schema), params)) as T[];
  const initiate = (callId: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ...fixture('voice-initiate'), callId, to: TEST_LINES.open, startTime: new Date().toISOString(), eventTime: new Date().toISOString(), ...extra });

  it('applies an initiate whose caller id holds U+0000 (stored without it, exact bytes kept) instead of answering 500', async () => {
    const callId = `c-${randomUUID()}`;
    const body = initiate(callId, { from: '+1919555\u00000123' });
    const res = await post('initiate', body);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`>${TEST_LINES.forwardTo}</PhoneNumber>`);
    const [received] = await kafkaEvents(t, callId, TOPICS.callReceived);
    expect(received?.data).toMatchObject({ callerRaw: '+19195550123', callerE164: '+19195550123' });
    const [stored] = await rows<{ raw: Buffer }>(`SELECT raw_body AS raw FROM $schema.call_webhook WHERE provider_call_id = $1`, [callId]);
    expect(stored?.raw.toString('utf8')).toBe(body);
  });

  it('answers 400 (never 500) to an event time of +200000-01-01 and keeps the webhook raw with its problem', async () => {
    const callId = `c-${randomUUID()}`;
    expect((await post('initiate', initiate(callId))).status).toBe(200);
    const body = JSON.stringify({ ...fixture('voice-transfer-complete-timeout'), callId, cause: 'timeout', eventTime: '+200000-01-01T00:00:00Z' });
    const res = await post('transfer-complete', body);
    expect(res.status).toBe(400);
    const kept = await rows<{ status_code: number; outcome: string; error: string }>(`SELECT status_code, outcome, error FROM $schema.raw_webhook WHERE position(convert_to($1, 'UTF8') in body) > 0`, [callId]);
    expect(kept).toEqual([{ status_code: 400, outcome: 'rejected', error: expect.stringContaining('eventTime') }]);
  });

  it('forwards a malformed initiate to the dialled location\'s line (fail open), keeps it raw; replay after a fix applies it once', async () => {
    const callId = `c-${randomUUID()}`;
    const res = await post('initiate', initiate(callId, { eventTime: 'yesterday-ish' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`>${TEST_LINES.forwardTo}</PhoneNumber>`);
    const [kept] = await rows<{ id: string; status_code: number; outcome: string }>(`SELECT id, status_code, outcome FROM $schema.raw_webhook WHERE position(convert_to($1, 'UTF8') in body) > 0`, [callId]);
    expect(kept).toMatchObject({ status_code: 200, outcome: 'rejected' });
    // "After a fix": the stored bytes repaired by hand stand in for a parser that now accepts them; replay twice.
    await rows(`UPDATE $schema.raw_webhook SET body = $2 WHERE id = $1`, [kept?.id, Buffer.from(initiate(callId))]);
    for (let i = 0; i < 2; i++) {
      await rows(`UPDATE $schema.raw_webhook SET replay_requested_at = now(), replayed_at = NULL, replay_attempts = 0 WHERE id = $1`, [kept?.id]);
      await pollUntil(async () => (await rows(`SELECT 1 FROM $schema.raw_webhook WHERE id = $1 AND replayed_at IS NOT NULL`, [kept?.id])).length === 1, 'replayed');
    }
    expect(await rows(`SELECT 1 FROM $schema.call WHERE provider_call_id = $1`, [callId])).toHaveLength(1);
    expect(await kafkaEvents(t, callId, TOPICS.callReceived)).toHaveLength(1);
  });

  it('answers 400 to an unreadable body, 413 to one over the limit, 401 without credentials; Twilio: 400 malformed, 403 unsigned', async () => {
    expect((await post('status', '{"eventType":"disconnect",')).status).toBe(400);
    expect((await post('status', 'x'.repeat(70_000))).status).toBe(413);
    expect((await fetch(`${t.baseUrl}/bandwidth/voice/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const params = { CallSid: 'CAnot-valid', AccountSid: 'AC1', From: '+15551112222', To: TEST_LINES.open, CallStatus: 'completed' };
    const url = `${PUBLIC_BASE_URL}/twilio/voice/status`;
    const form = new URLSearchParams(params).toString();
    const signed = await fetch(`${t.baseUrl}/twilio/voice/status`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(TWILIO_TOKEN, url, params) }, body: form });
    expect(signed.status).toBe(400);
    expect((await fetch(`${t.baseUrl}/twilio/voice/status`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bad' }, body: form })).status).toBe(403);
  });
});
