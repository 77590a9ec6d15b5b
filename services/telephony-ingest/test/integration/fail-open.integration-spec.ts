import { randomUUID } from 'node:crypto';
import { TOPICS } from '@textback/contracts';
import { CallbackSpool } from '@textback/platform';
import { BandwidthStandIn, loadStackEnv, type PlacedCall, pollUntil, TcpFaultProxy, withKafkaPaused } from '@textback/testing';
import { Client } from 'pg';
import { getExpectedTwilioSignature } from 'twilio';
import { BANDWIDTH_AUTH, kafkaEvents, PUBLIC_BASE_URL, startTelephonyTestApp, type TelephonyTestApp, TEST_LINES, TWILIO_TOKEN } from '../utils/telephony-test-app';

/** What the stand-in carrier waits for an answer before it counts a callback as failed (Bandwidth's default is 15 s). */
const CARRIER_BUDGET_MS = 2_000;
const CALLS_PER_FAULT = 4;

/**
 * Issue #16 item 1 "The phone path fails open", against the real stack: while PostgreSQL is unreachable (a TCP proxy
 * in a blackhole), while Kafka is frozen (SIGSTOP) and while the database is slowed by a held lock, calls arrive
 * through the Bandwidth stand-in: every call is forwarded, every callback answered within the carrier's budget, and
 * after recovery every missed call is decided (`telephony.call.missed.v1`) exactly once — counted after a marker call.
 */
describe('telephony-ingest fails open (real HTTP, PostgreSQL through a fault proxy, Kafka)', () => {
  const stack = loadStackEnv();
  let proxy: TcpFaultProxy;
  let t: TelephonyTestApp;
  let carrier: BandwidthStandIn;

  beforeAll(async () => {
    const pg = new URL(stack.DATABASE_URL);
    proxy = new TcpFaultProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
    await proxy.start();
    t = await startTelephonyTestApp('failopen', {
      DATABASE_URL: proxy.proxiedUrl(stack.DATABASE_URL),
      CALLBACK_PERSIST_BUDGET_MS: '300',
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      DATABASE_STATEMENT_TIMEOUT_MS: '1000',
      CALLBACK_SPOOL_REPLAY_INTERVAL_MS: '200',
      LOCATION_DIRECTORY_REFRESH_MS: '500',
      CARRIER_WEBHOOK_REPLAY_INTERVAL_MS: '500',
    });
    carrier = new BandwidthStandIn({
      timeScale: 0,
      voiceCallbackTimeoutMs: CARRIER_BUDGET_MS,
      voiceApplication: {
        callInitiatedCallbackUrl: `${PUBLIC_BASE_URL}/bandwidth/voice/initiate`,
        callStatusCallbackUrl: `${PUBLIC_BASE_URL}/bandwidth/voice/status`,
        callInitiatedFallbackUrl: `${PUBLIC_BASE_URL}/bandwidth/voice/fallback/initiate`,
        username: BANDWIDTH_AUTH.username,
        password: BANDWIDTH_AUTH.password,
      },
      callbackUrlRewrites: [{ from: PUBLIC_BASE_URL, to: t.baseUrl }],
    });
  });
  afterAll(async () => {
    proxy?.setMode('pass');
    await t?.close();
    await proxy?.stop();
  });

  const caller = () => `+1919${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
  /** Places `n` unanswered calls to the open location at once. */
  const missedCalls = (n: number) => Promise.all(Array.from({ length: n }, () => carrier.placeCall({ from: caller(), to: TEST_LINES.open, outcome: 'no-answer' })));
  const spool = () => t.app.get(CallbackSpool, { strict: false });

  /** Every call was forwarded to the location's line and every callback got a 2xx from the primary URL within the budget. */
  function expectForwardedWithinBudget(calls: PlacedCall[]): void {
    for (const call of calls) {
      expect(call.route).toBe('forward');
      expect(call.exchanges.map((e) => ({ event: e.eventType, status: e.status >= 200 && e.status < 300 ? '2xx' : e.status, attempt: e.attempt }))).toEqual(
        call.exchanges.map((e) => ({ event: e.eventType, status: '2xx', attempt: 1 })),
      );
      expect(call.exchanges.find((e) => e.eventType === 'initiate')?.responseBody).toContain(`>${TEST_LINES.forwardTo}</PhoneNumber>`);
    }
  }

  /**
   * After recovery: waits until the spool is empty and each call has its missed decision, then places a marker call
   * on the healthy path and, once its decision is on Kafka, counts exactly one `telephony.call.missed.v1` per call in
   * the outbox and on Kafka, with the reason the carrier's facts give.
   */
  async function expectEachMissedOnce(calls: PlacedCall[]): Promise<void> {
    await pollUntil(() => spool().pending === 0, 'callback spool replayed', 60_000);
    for (const call of calls) await kafkaEvents(t, call.callId, TOPICS.callMissed);
    const [marker] = await missedCalls(1);
    await kafkaEvents(t, marker?.callId ?? '', TOPICS.callMissed);
    for (const call of calls) {
      const outbox = (await t.outboxOf(call.callId)).filter((e) => e.type.includes('missed'));
      expect(outbox).toHaveLength(1);
      const onKafka = t.eventsOf(call.callId, TOPICS.callMissed);
      expect(onKafka).toHaveLength(1);
      expect(onKafka[0]?.data).toMatchObject({ reason: 'no_answer', callerE164: call.from });
    }
  }

  it('PostgreSQL unreachable (blackhole): every call forwarded within budget from memory, spooled; after recovery each missed call decided once', async () => {
    proxy.setMode('blackhole');
    let calls: PlacedCall[];
    try {
      calls = await missedCalls(CALLS_PER_FAULT);
      expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
      expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
      expect(spool().pending).toBeGreaterThanOrEqual(CALLS_PER_FAULT);
      expect(await t.webhookCount(calls[0]?.callId ?? '')).toBe(0);
    } finally {
      proxy.setMode('pass');
    }
    expectForwardedWithinBudget(calls);
    await expectEachMissedOnce(calls);
  });

  it('Kafka frozen (SIGSTOP): every call forwarded within budget and ready stays 200; after SIGCONT each missed call decided once', async () => {
    const calls = await withKafkaPaused(async () => {
      const placed = await missedCalls(CALLS_PER_FAULT);
      expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
      return placed;
    });
    expectForwardedWithinBudget(calls);
    await expectEachMissedOnce(calls);
  });

  it('database slowed by a held lock: every call forwarded within budget, spooled; after the lock is released each missed call decided once', async () => {
    const locker = new Client({ connectionString: stack.DATABASE_URL, application_name: 'it-failopen-locker' });
    await locker.connect();
    let calls: PlacedCall[];
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${t.schema}".call_webhook IN ACCESS EXCLUSIVE MODE`);
      calls = await missedCalls(CALLS_PER_FAULT);
      expect(spool().pending).toBeGreaterThanOrEqual(CALLS_PER_FAULT);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expectForwardedWithinBudget(calls);
    await expectEachMissedOnce(calls);
  });

  it('fallback URLs: a failing initiate URL falls back to /bandwidth/voice/fallback/initiate, which forwards; the call is decided once', async () => {
    const fallbackCarrier = new BandwidthStandIn({
      timeScale: 0,
      voiceCallbackTimeoutMs: CARRIER_BUDGET_MS,
      voiceApplication: {
        // The primary URL fails (nothing listens on port 9 of this host): Bandwidth then calls the fallback.
        callInitiatedCallbackUrl: 'http://127.0.0.1:9/bandwidth/voice/initiate',
        callStatusCallbackUrl: `${PUBLIC_BASE_URL}/bandwidth/voice/status`,
        callInitiatedFallbackUrl: `${PUBLIC_BASE_URL}/bandwidth/voice/fallback/initiate`,
        username: BANDWIDTH_AUTH.username,
        password: BANDWIDTH_AUTH.password,
      },
      callbackUrlRewrites: [{ from: PUBLIC_BASE_URL, to: t.baseUrl }],
    });
    const call = await fallbackCarrier.placeCall({ from: caller(), to: TEST_LINES.open, outcome: 'no-answer' });
    expect(call.route).toBe('forward');
    expect(call.exchanges.filter((e) => e.eventType === 'initiate').map((e) => [e.attempt, e.status])).toEqual([
      [1, 0],
      [2, 200],
    ]);
    await expectEachMissedOnce([call]);
  });

  it('Twilio voice fallback URL forwards with no dependencies (database unreachable), and the call is stored after recovery', async () => {
    const callSid = `CA${randomUUID().replaceAll('-', '')}`;
    const params = { CallSid: callSid, AccountSid: 'AC0123456789abcdef', From: caller(), To: TEST_LINES.open.replace(/00$/, '01'), CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', ErrorCode: '11200', ErrorUrl: `${PUBLIC_BASE_URL}/twilio/voice/incoming` };
    const signature = getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC_BASE_URL}/twilio/voice/fallback`, params);
    proxy.setMode('blackhole');
    let res: Response;
    try {
      res = await fetch(`${t.baseUrl}/twilio/voice/fallback`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(new RegExp(`<Dial [^>]*timeout="25"[^>]*><Number [^>]*>\\${TEST_LINES.forwardTo}</Number></Dial>`));
    } finally {
      proxy.setMode('pass');
    }
    const [received] = await kafkaEvents(t, callSid, TOPICS.callReceived);
    expect(received?.data).toMatchObject({ provider: 'twilio', trackingSource: 'google-ads' });
  });
});
