import { randomUUID } from 'node:crypto';
import { type LocationConfig } from '@textback/contracts';
import { expectEventually, pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { getExpectedTwilioSignature } from 'twilio';
import { buildLocationConfig, randomUsNumber } from '../factories/location-config.factory';
import { CALLBACK_PASSWORD, CALLBACK_USER, type MessagingTestApp, startMessagingTestApp, TWILIO_AUTH_TOKEN } from '../utils/messaging-test-app';

/**
 * Issue #14 "Carrier webhooks never lose a good event": messaging stores every authenticated webhook raw before
 * parsing it, then applies each event on its own (real PostgreSQL, Kafka, HTTP).
 */
describe('messaging webhook intake: raw storage first, one event at a time (real PostgreSQL + Kafka)', () => {
  let t: MessagingTestApp;
  let location: LocationConfig;
  let ours: string;
  const auth = `Basic ${Buffer.from(`${CALLBACK_USER}:${CALLBACK_PASSWORD}`).toString('base64')}`;

  beforeAll(async () => {
    t = await startMessagingTestApp({ INBOUND_MAX_ATTEMPTS: '2', INBOUND_SWEEP_INTERVAL_MS: '200', CARRIER_WEBHOOK_BODY_LIMIT_BYTES: '65536' });
    location = buildLocationConfig();
    ours = location.sendingNumbers[0]?.e164 ?? '';
    await t.addLocation(location);
    t.clock.setNow(DateTime.fromISO('2026-12-01T12:00:00', { zone: location.timeZone }).toJSDate());
  });

  afterAll(async () => {
    await t?.close();
  });

  const received = (from: string, text: string, extra: { id?: string; time?: string } = {}) => ({
    time: extra.time ?? new Date().toISOString(),
    type: 'message-received',
    to: ours,
    description: 'Incoming message received',
    message: { id: extra.id ?? `bw-${randomUUID()}`, owner: ours, time: new Date().toISOString(), direction: 'in', to: [ours], from, text, segmentCount: 1 },
  });
  const postBandwidth = (body: string | Buffer, contentType = 'application/json; charset=utf-8') =>
    fetch(`${t.baseUrl}/webhooks/bandwidth/messaging`, { method: 'POST', headers: { authorization: auth, 'content-type': contentType }, body });
  const optOuts = (caller: string) => t.rows<{ action: string; keyword: string | null }>(`SELECT action, keyword FROM $schema.consent_ledger WHERE phone_e164 = $1`, [caller]);
  const rawOf = (id: string) =>
    t.rows<{ id: string; status_code: number; outcome: string; rejected: number; error: string | null }>(
      `SELECT r.id, r.status_code, r.outcome, r.error, (SELECT count(*)::int FROM $schema.webhook_event_rejection x WHERE x.raw_webhook_id = r.id) AS rejected
       FROM $schema.raw_webhook r WHERE position(convert_to($1, 'UTF8') in r.body) > 0 ORDER BY r.id`,
      [id],
    );

  it('applies the valid STOP of a batch whose other event is malformed, and keeps the bad one with its error', async () => {
    const caller = randomUsNumber();
    const marker = randomUUID();
    const bad = { type: 'message-received', to: ours, message: { id: `bad-${marker}`, direction: 'sideways' } };
    const res = await postBandwidth(JSON.stringify([bad, received(caller, 'STOP')]));
    expect(res.status).toBe(204);
    await expectEventually(async () => expect(await optOuts(caller)).toEqual([{ action: 'opt_out', keyword: 'STOP' }]));
    const [raw] = await rawOf(marker);
    expect(raw).toEqual(expect.objectContaining({ status_code: 204, outcome: 'partial', rejected: 1 }));
    const [rejection] = await t.rows<{ event_index: number; error: string }>(`SELECT event_index, error FROM $schema.webhook_event_rejection WHERE raw_webhook_id = $1`, [raw?.id]);
    expect(rejection?.event_index).toBe(0);
    expect(rejection?.error).toMatch(/time|direction/);
  });

  it('stores and applies an event with U+0000 in the caller id and the text instead of failing the batch', async () => {
    const caller = randomUsNumber();
    const id = `nul-${randomUUID()}`;
    const res = await postBandwidth(JSON.stringify([received(`${caller}\u0000`, 'ST\u0000OP', { id })]));
    expect(res.status).toBe(204);
    await expectEventually(async () => expect(await optOuts(caller)).toEqual([{ action: 'opt_out', keyword: 'STOP' }]));
    const stored = await t.rows<{ text: string; from: string }>(`SELECT payload->'message'->>'text' AS text, payload->'message'->>'from' AS "from" FROM $schema.inbound_callback WHERE provider_message_id = $1`, [id]);
    expect(stored).toEqual([{ text: 'STOP', from: caller }]);
    const [raw] = await rawOf(id);
    expect(raw).toEqual(expect.objectContaining({ status_code: 204, outcome: 'accepted', rejected: 0 }));
  });

  it('rejects an event time of +200000-01-01 on its own (204) and applies the batch\'s valid event', async () => {
    const caller = randomUsNumber();
    const farId = `far-${randomUUID()}`;
    const res = await postBandwidth(JSON.stringify([received(randomUsNumber(), 'hello', { id: farId, time: '+200000-01-01T00:00:00Z' }), received(caller, 'STOP')]));
    expect(res.status).toBe(204);
    await expectEventually(async () => expect(await optOuts(caller)).toEqual([{ action: 'opt_out', keyword: 'STOP' }]));
    expect(await t.rows(`SELECT 1 FROM $schema.inbound_callback WHERE provider_message_id = $1`, [farId])).toHaveLength(0);
    const [raw] = await rawOf(farId);
    expect(raw).toEqual(expect.objectContaining({ status_code: 204, outcome: 'partial', rejected: 1 }));
  });

  it('keeps an unreadable body raw and answers 400; a body over the limit gets 413; wrong credentials 401', async () => {
    const marker = randomUUID();
    const truncated = JSON.stringify([received(randomUsNumber(), `truncated ${marker}`)]).slice(0, -20);
    expect((await postBandwidth(truncated)).status).toBe(400);
    expect(await rawOf(marker)).toEqual([expect.objectContaining({ status_code: 400, outcome: 'rejected', rejected: 1 })]);
    expect((await postBandwidth(Buffer.from(`\uFEFF${JSON.stringify([received(randomUsNumber(), marker)])}`, 'utf16le'), 'text/plain; charset=utf-16')).status).toBe(204);
    expect((await postBandwidth('x'.repeat(70_000))).status).toBe(413);
    const unauthorized = await fetch(`${t.baseUrl}/webhooks/bandwidth/messaging`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    expect(unauthorized.status).toBe(401);
  });

  it('Twilio: a signed inbound text with U+0000 is applied; one without From gets 400 and is kept; a bad signature gets 403', async () => {
    const url = `${t.baseUrl}/webhooks/twilio/messaging`;
    const post = (params: Record<string, string>, signature = getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, url, params)) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
    const caller = randomUsNumber();
    const sid = `SM${randomUUID().replaceAll('-', '')}`;
    const ok = await post({ MessageSid: sid, AccountSid: 'AC1', From: caller, To: ours, Body: 'STOP\u0000', NumMedia: '0' });
    expect(ok.status).toBe(200);
    await expectEventually(async () => expect(await optOuts(caller)).toEqual([{ action: 'opt_out', keyword: 'STOP' }]));
    const badSid = `SM${randomUUID().replaceAll('-', '')}`;
    expect((await post({ MessageSid: badSid, AccountSid: 'AC1', To: ours, Body: 'hi' })).status).toBe(400);
    expect(await rawOf(badSid)).toEqual([expect.objectContaining({ status_code: 400, outcome: 'rejected', rejected: 1 })]);
    expect((await post({ MessageSid: badSid, From: caller, To: ours, Body: 'hi' }, 'bm90LWEtc2lnbmF0dXJl')).status).toBe(403);
  });

  it('marks a callback dead after INBOUND_MAX_ATTEMPTS failed sweeps, with its error', async () => {
    const id = randomUUID();
    await t.rows(
      `INSERT INTO $schema.inbound_callback (callback_id, provider, provider_message_id, event_type, payload, received_at) VALUES ($1, 'bandwidth', $2, 'message-received', '{"broken":true}', '2026-01-01T00:00:00Z')`,
      [id, `dead-${id}`],
    );
    const row = await pollUntil(
      async () => (await t.rows<{ attempts: number; dead: boolean; last_error: string }>(`SELECT attempts, dead_at IS NOT NULL AS dead, last_error FROM $schema.inbound_callback WHERE callback_id = $1 AND dead_at IS NOT NULL`, [id]))[0],
      'the callback marked dead',
    );
    expect(row).toEqual({ attempts: 2, dead: true, last_error: expect.stringContaining('ZodError') });
  });

  it('replays a raw request stored before a fix exactly once, however often the replay runs', async () => {
    const caller = randomUsNumber();
    const event = received(caller, 'STOP');
    // As a request stored by an older build that failed to apply it.
    const [raw] = await t.rows<{ id: string }>(
      `INSERT INTO $schema.raw_webhook (provider, endpoint, headers, body, outcome, error) VALUES ('bandwidth', '/webhooks/bandwidth/messaging', '{}', $1, 'failed', 'old bug') RETURNING id`,
      [Buffer.from(JSON.stringify([event]))],
    );
    const replayOnce = async () => {
      await t.rows(`UPDATE $schema.raw_webhook SET replay_requested_at = now(), replayed_at = NULL, replay_attempts = 0 WHERE id = $1`, [raw?.id]);
      await pollUntil(async () => (await t.rows(`SELECT 1 FROM $schema.raw_webhook WHERE id = $1 AND replayed_at IS NOT NULL`, [raw?.id])).length === 1, 'replayed');
    };
    await replayOnce();
    await expectEventually(async () => expect(await optOuts(caller)).toEqual([{ action: 'opt_out', keyword: 'STOP' }]));
    await replayOnce();
    expect(await optOuts(caller)).toHaveLength(1);
    expect(await t.rows(`SELECT 1 FROM $schema.inbound_callback WHERE provider_message_id = $1`, [event.message.id])).toHaveLength(1);
    expect(await t.rows(`SELECT outcome FROM $schema.raw_webhook WHERE id = $1`, [raw?.id])).toEqual([{ outcome: 'accepted' }]);
  });
});
