import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@textback/contracts';
import { CountedPgClient, quoteSchema } from '@textback/persistence';
import { pollUntil } from '@textback/testing';
import { BANDWIDTH_AUTH, startTelephonyTestApp, type TelephonyTestApp, TEST_LINES } from '../utils/telephony-test-app';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures/bandwidth', `${name}.json`), 'utf8')) as Record<string, unknown>;
const T0 = Date.parse('2026-11-30T15:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const GOOD = `Basic ${Buffer.from(`${BANDWIDTH_AUTH.username}:${BANDWIDTH_AUTH.password}`).toString('base64')}`;
const CALLS = 20;

/**
 * Group commit of voice callbacks (real HTTP, PostgreSQL, Kafka): callbacks of different calls that arrive together are
 * stored by one multi-row INSERT in one transaction, each still answered and stored exactly once, a duplicate delivery
 * stored once; the deciding callbacks of a batch each decide their own call once. Counts the statements the service
 * sends (the spec's own queries excluded).
 */
describe('telephony-ingest: group commit of concurrent callbacks', () => {
  let t: TelephonyTestApp;
  const baseQuery = CountedPgClient.prototype.query;
  const counted = { webhookInserts: 0, transactions: 0 };

  beforeAll(async () => {
    // A linger long enough that the concurrent requests of one test meet in a batch even on a busy machine; the budget
    // and hedge long enough that no callback is answered from memory.
    t = await startTelephonyTestApp('telgc', { CALLBACK_BATCH_LINGER_MS: '50', CALLBACK_BATCH_MAX: '32', CALLBACK_PERSIST_BUDGET_MS: '5000', CALLBACK_SPOOL_HEDGE_MS: '5000' });
    CountedPgClient.prototype.query = function countingQuery(this: CountedPgClient, ...args: unknown[]): unknown {
      if ((this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name === 'it-telephony') return (baseQuery as (...a: unknown[]) => unknown).apply(this, args);
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: unknown } | undefined)?.text;
      if (typeof text === 'string' && /INSERT INTO \S+\.call_webhook/.test(text)) counted.webhookInserts++;
      const folded = (args[0] as { beginsTransaction?: unknown } | undefined)?.beginsTransaction === true;
      if (folded || (typeof text === 'string' && /^\s*(START TRANSACTION|BEGIN)/i.test(text))) counted.transactions++;
      return (baseQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof baseQuery;
  });
  afterAll(async () => {
    CountedPgClient.prototype.query = baseQuery;
    await t?.close();
  });

  const post = (hook: string, body: unknown) =>
    fetch(`${t.baseUrl}/bandwidth/voice/${hook}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: GOOD }, body: JSON.stringify(body) });
  const initiate = (callId: string) => post('initiate', { ...fixture('voice-initiate'), callId, from: '+15551112222', to: TEST_LINES.open, startTime: at(0), eventTime: at(0.1) });
  const transferComplete = (callId: string) => post('transfer-complete', { ...fixture('voice-transfer-complete-timeout'), callId, cause: 'timeout', eventTime: at(25), startTime: at(0) });
  const count = async (sql: string, params: unknown[]) => ((await t.db.query(sql, params)) as { n: number }[])[0]!.n;

  it(`${CALLS} concurrent initiates (one delivered twice) are stored once each by fewer INSERTs and transactions than callbacks; their deciding callbacks decide each call once`, async () => {
    const s = quoteSchema(t.schema);
    const calls = Array.from({ length: CALLS }, () => `c-gc-${randomUUID()}`);
    counted.webhookInserts = 0;
    counted.transactions = 0;

    const answers = await Promise.all([...calls.map((id) => initiate(id)), initiate(calls[0]!)]);
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`>${TEST_LINES.forwardTo}</PhoneNumber>`);
    }
    const initiateInserts = counted.webhookInserts;
    const initiateTransactions = counted.transactions;
    // Every callback answered after its commit: all are stored, each once (the duplicate changed nothing).
    expect(await count(`SELECT count(*)::int AS n FROM ${s}.call_webhook WHERE provider_call_id = ANY($1) AND event_type = 'initiate'`, [calls])).toBe(CALLS);
    expect(await count(`SELECT count(*)::int AS n FROM ${s}.call WHERE provider_call_id = ANY($1)`, [calls])).toBe(CALLS);
    expect(initiateInserts).toBeLessThan(CALLS);
    expect(initiateTransactions).toBeLessThan(CALLS);

    // The deciding callbacks, together (one delivered twice): each call decided no_answer once, one missed event each.
    counted.webhookInserts = 0;
    const decided = await Promise.all([...calls.map((id) => transferComplete(id)), transferComplete(calls[1]!)]);
    for (const res of decided) {
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/<Record /);
    }
    expect(counted.webhookInserts).toBeLessThan(CALLS);
    expect(await count(`SELECT count(*)::int AS n FROM ${s}.call WHERE provider_call_id = ANY($1) AND decision = 'no_answer'`, [calls])).toBe(CALLS);
    expect(await count(`SELECT count(*)::int AS n FROM ${s}.call_webhook WHERE provider_call_id = ANY($1)`, [calls])).toBe(2 * CALLS);
    const missed = await count(`SELECT count(*)::int AS n FROM ${s}.outbox WHERE topic = $1 AND value::jsonb -> 'data' ->> 'providerCallId' = ANY($2)`, [TOPICS.callMissed, calls]);
    expect(missed).toBe(CALLS);
    const received = await count(`SELECT count(*)::int AS n FROM ${s}.outbox WHERE topic = $1 AND value::jsonb -> 'data' ->> 'providerCallId' = ANY($2)`, [TOPICS.callReceived, calls]);
    expect(received).toBe(CALLS);
    // And they reach Kafka once each.
    await pollUntil(() => (calls.every((id) => t.eventsOf(id, TOPICS.callMissed).length === 1) ? true : undefined), 'one missed-call event per call on Kafka');
    process.stdout.write(`group commit: ${CALLS + 1} initiates in ${initiateInserts} INSERT(s) and ${initiateTransactions} transaction(s); ${CALLS + 1} transferCompletes in ${counted.webhookInserts} INSERT(s)\n`);
  });
});
