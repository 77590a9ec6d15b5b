import { expectExactlyAfterMarker, type Marker, pollUntil, type PlacedCall, type PlaceCallInput } from '@textback/testing';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { SERVICES } from '../cli/src/service-registry';
import { PIPELINE_SERVICES, type PipelineServiceName } from '../pipeline/src/local-pipeline';
import { collectFacts } from '../demo/src/demo-facts';
import { checkInvariants } from '../demo/src/demo-invariants';
import { type E2ePipeline, newCallerNumber, startE2ePipeline } from './src/e2e-pipeline';
import { conversationOf, crmRecordedMissedCall, firstTextDecision, leadsOf, locationIdOf, timelineOf, withPurpose } from './src/e2e-probes';
import { type WorkInFlight, WorkInFlightProbe } from './src/work-in-flight';

/**
 * Issue #9 part 4: kill -9 each service in turn during a replay and show that nothing is lost or
 * doubled. The six services run as processes (ports 3921-3926, stand-in 3930); while a stream of
 * missed calls (some callers redial inside the cooldown) and caller replies (a question, or STOP)
 * plays, each service is SIGKILLed and started again, one after the other.
 *
 * What the caller side does about a service that is down, as Bandwidth does:
 * - messaging callbacks (caller texts, delivery receipts): the stand-in retries non-2xx and
 *   connection errors with backoff (10 attempts from 250 ms, doubling), as Bandwidth retries for 24 h;
 * - voice callbacks: Bandwidth retries callbacks it got no answer to; a synchronous one that fails
 *   ends the call at the carrier. The test re-plays every call that had a failed callback with
 *   the SAME call id, start time and script once telephony-ingest is back: initiate and every
 *   status callback are delivered again, and telephony-ingest applies each once per call id and
 *   event type. (A caller who redials would get a new call id; that is the redial scenario.)
 * Each kill cuts into work in progress: just before the SIGKILL the test reads the service's consumer
 * lag and unpublished outbox rows from Kafka and PostgreSQL and kills only once one of them is non-zero
 * (re-timing the kill), and asserts that every kill found some.
 * Afterwards, once a marker call from every caller (a repeat, after all of that caller's events on the
 * same key) has been decided by messaging and recorded by lead-crm: exactly one first text per caller at
 * the carrier, one lead per caller in lead-crm, every call decided once, every caller text seen once by
 * conversation-ai, one STOP confirmation, and reporting reconciles with the sources and with the
 * numbers the test knows (the demo's invariants, tools/demo/src/demo-invariants.ts).
 */

const BASE_PORT = 3921;
const CARRIER_PORT = 3930;
const CALLERS = 36;
const CALL_SPACING_MS = 1_500;
const KILL_SPACING_MS = 6_000;
// Every kill falls while calls are still being placed (36 x 1.5 s), so each service has work in flight to cut into.
// Downstream services first: while telephony-ingest or messaging restarts (about 10 s), the services after them get
// little new work (conversation-ai's comes only through messaging).
const KILL_ORDER: PipelineServiceName[] = ['conversation-ai', 'reporting', 'lead-crm', 'scheduling', 'telephony-ingest', 'messaging'];
/** How long a kill may wait for its service to hold work in flight, ms. */
const IN_FLIGHT_WAIT_MS = 45_000;
/**
 * The services' settings in this test, through their configuration (production keeps the defaults). A killed consumer
 * holds its partitions until its Kafka session times out, and a restarted service is ready only once its group has
 * them again: 10 s (the least the services accept is 6 s; heartbeats stay at 3 s) instead of the default 30 s makes
 * each restart about 10 s instead of 30 s. A text whose carrier call was cut by messaging's kill is reconciled with
 * the carrier 5 s after that call instead of 30 s (SEND_RECONCILE_DELAY_MS). Neither changes what is checked: every
 * kill still cuts into work in flight, and the same exact counts are asserted after the markers.
 */
const SERVICE_ENV: Partial<Record<PipelineServiceName, Record<string, string>>> = Object.fromEntries(
  PIPELINE_SERVICES.map((name) => [name, { KAFKA_SESSION_TIMEOUT_MS: '10000', ...(name === 'messaging' ? { SEND_RECONCILE_DELAY_MS: '5000' } : {}) }]),
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ScriptedCaller {
  caller: string;
  line: string;
  locationSlug: string;
  redial: boolean;
  reply: 'none' | 'question' | 'stop';
}

describe('kill -9 each service during a replay (six services as processes)', () => {
  let e2e: E2ePipeline;

  beforeAll(async () => {
    e2e = await startE2ePipeline({ basePort: BASE_PORT, carrierPort: CARRIER_PORT, serviceEnv: SERVICE_ENV, standIn: { callbackMaxAttempts: 10, callbackRetryDelayMs: 250 } });
  }, 600_000);

  afterAll(async () => {
    await e2e?.stop();
  }, 60_000);

  it('loses and doubles no call, lead, text or count while each service is killed and restarted', async () => {
    const [denver, chicago] = e2e.franchise.locations;
    const script: ScriptedCaller[] = Array.from({ length: CALLERS }, (_, i) => ({
      caller: newCallerNumber(i % 2 === 0 ? '303' : '773'),
      line: i % 2 === 0 ? denver!.mainLine : chicago!.mainLine,
      locationSlug: i % 2 === 0 ? 'denver' : 'chicago',
      redial: i % 4 === 1,
      reply: i % 7 === 3 ? 'stop' : i % 3 === 0 ? 'question' : 'none',
    }));
    const calls: PlacedCall[] = [];
    let replayed = 0;
    /**
     * Plays a call; when a callback failed (telephony-ingest down), waits until it is ready again and
     * plays the same call (same call id, start time and script) again, as Bandwidth redelivers.
     */
    const place = async (input: PlaceCallInput) => {
      let record = await e2e.standIn.placeCall(input);
      const again: PlaceCallInput = { ...input, callId: record.callId, startAt: new Date(record.startTime) };
      for (let attempt = 0; attempt < 10 && !delivered(record); attempt++) {
        await waitUntilReady(e2e.pipeline.url('telephony-ingest'));
        replayed++;
        record = await e2e.standIn.placeCall(again);
      }
      calls.push(record);
    };
    const replies: Array<Promise<void>> = [];
    const reply = async (s: ScriptedCaller) => {
      await pollUntil(() => e2e.standIn.sentMessages({ to: s.caller, from: s.line }).length > 0, `first text to ${s.caller}`, 150_000, 250);
      await e2e.standIn.sendText({ from: s.caller, to: s.line, text: s.reply === 'stop' ? 'STOP' : 'Need someone to look at a clogged drain in the basement' });
    };

    // The replay and the kills run together. A killed consumer keeps its partitions until its Kafka
    // session times out (10 s here, SERVICE_ENV), so a restart takes about that long; the next kill does not wait for it.
    const kills: Array<{ service: PipelineServiceName; restartMs: number }> = [];
    const inFlightAtKill = new Map<PipelineServiceName, WorkInFlight>();
    const restarts: Array<Promise<void>> = [];
    const probe = await WorkInFlightProbe.open(createKafkaClient({ clientId: 'kill-test-probe', brokers: e2e.stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'error')), e2e.db);
    const killer = (async () => {
      await sleep(3_000);
      for (const service of KILL_ORDER) {
        const definition = SERVICES.find((d) => d.name === service)!;
        // Re-timed kill: read the service's consumer lag and outbox until it holds unfinished work, then kill at once.
        const inFlight = await pollUntil(
          async () => {
            const w = await probe.read(definition);
            return w.consumerLag + w.outboxPending > 0 && w;
          },
          `work in flight at ${service}`,
          IN_FLIGHT_WAIT_MS,
          5,
        ).catch((): WorkInFlight => ({ consumerLag: 0, outboxPending: 0 }));
        const pid = e2e.pipeline.pid(service);
        await e2e.pipeline.kill(service);
        inFlightAtKill.set(service, inFlight);
        const t0 = Date.now();
        restarts.push(
          e2e.pipeline.start(service).then(() => {
            expect(e2e.pipeline.pid(service)).not.toBe(pid);
            kills.push({ service, restartMs: Date.now() - t0 });
          }),
        );
        await sleep(KILL_SPACING_MS);
      }
      await Promise.all(restarts);
    })();
    const placing: Array<Promise<void>> = [];
    for (const [i, s] of script.entries()) {
      placing.push(
        (async () => {
          await place({ from: s.caller, to: s.line, outcome: 'no-answer', ringSeconds: 25 });
          if (s.redial) await place({ from: s.caller, to: s.line, outcome: 'no-answer', ringSeconds: 25 });
        })(),
      );
      if (s.reply !== 'none') replies.push(reply(s));
      if (i < script.length - 1) await sleep(CALL_SPACING_MS);
    }
    await Promise.all(placing);
    await killer.finally(() => probe.close());
    expect(kills.map((k) => k.service).sort()).toEqual([...KILL_ORDER].sort());
    // Every kill cut into work in progress (a non-zero lag or outbox at the SIGKILL).
    expect(KILL_ORDER.filter((service) => { const w = inFlightAtKill.get(service); return !w || w.consumerLag + w.outboxPending === 0; })).toEqual([]);
    expect(calls.filter((c) => !delivered(c))).toEqual([]);
    await Promise.all(replies);

    // Every call decided exactly once by telephony-ingest, and by messaging.
    const callIds = [...new Set(calls.map((c) => c.callId))];
    expect(callIds).toHaveLength(script.length + script.filter((s) => s.redial).length);
    const decided = await pollUntil(async () => {
      const rows = (
        await e2e.db.query<{ provider_call_id: string; decision: string | null; first_text: string | null; reason: string | null }>(
          `SELECT c.provider_call_id, c.decision, d.outcome AS first_text, d.reason FROM telephony.call c LEFT JOIN messaging.first_text_decision d ON d.call_id = c.id WHERE c.provider_call_id = ANY($1)`,
          [callIds],
        )
      ).rows;
      return rows.length === callIds.length && rows.every((r) => r.decision !== null && r.first_text !== null) && rows;
    }, 'every call decided by telephony-ingest and messaging', 120_000, 500);
    expect(decided.every((r) => r.decision === 'no_answer')).toBe(true);
    expect(decided.filter((r) => r.first_text === 'sent')).toHaveLength(script.length);
    expect(decided.filter((r) => r.reason === 'cooldown')).toHaveLength(script.filter((s) => s.redial).length);

    // Wait until each caller's expected effects are there (at least), then send the markers.
    const locationIds = { denver: await locationIdOf(e2e.db, e2e.tenantId, 'denver'), chicago: await locationIdOf(e2e.db, e2e.tenantId, 'chicago') };
    const conversation = (s: ScriptedCaller) => conversationOf(e2e.db, locationIds[s.locationSlug as 'denver' | 'chicago'], s.caller);
    for (const s of script) {
      await pollUntil(async () => {
        const list = await withPurpose(e2e.db, e2e.standIn.sentMessages({ to: s.caller, from: s.line }));
        return list.some((m) => m.purpose === 'first_text') && (s.reply !== 'stop' || list.some((m) => m.purpose === 'keyword_reply')) && (s.reply !== 'question' || list.some((m) => m.purpose === 'conversation_reply'));
      }, `the texts to ${s.caller}`, 60_000, 250);
      if (s.reply === 'question') await pollUntil(async () => ((await conversation(s))?.inboundMessages ?? 0) >= 1, `conversation-ai saw ${s.caller}'s text`, 60_000, 250);
      await pollUntil(async () => (await leadsOf(e2e.db, e2e.tenantId, s.caller)).length > 0, `lead of ${s.caller}`, 60_000, 250);
    }

    // Markers: one more call from every caller, after the kills (a repeat inside the cooldown, keyed like the
    // caller's earlier events). Once messaging decided it and lead-crm recorded it, the counts are final.
    const markerCalls = await Promise.all(script.map((s) => e2e.standIn.placeCall({ from: s.caller, to: s.line, outcome: 'no-answer', ringSeconds: 25 })));
    expect(markerCalls.filter((c) => !delivered(c))).toEqual([]);
    const markers: Marker[] = markerCalls.map((call) => ({
      description: `marker call ${call.callId} from ${call.from}`,
      seen: async () => (await firstTextDecision(e2e.db, call.callId))?.reason === 'cooldown' && (await crmRecordedMissedCall(e2e.db, call.callId)),
      timeoutMs: 60_000,
      intervalMs: 250,
    }));
    const perCaller = async () =>
      Promise.all(
        script.map(async (s) => {
          const texts = await withPurpose(e2e.db, e2e.standIn.sentMessages({ to: s.caller, from: s.line }));
          const purposes = texts.map((m) => m.purpose);
          return {
            caller: s.caller,
            firstTexts: purposes.filter((p) => p === 'first_text').length,
            keywordReplies: purposes.filter((p) => p === 'keyword_reply').length,
            // A STOP caller gets nothing after the confirmation.
            afterStop: s.reply === 'stop' ? purposes.slice(purposes.indexOf('keyword_reply') + 1) : [],
            leads: (await leadsOf(e2e.db, e2e.tenantId, s.caller)).length,
            missedCallsOnTimeline: (await timelineOf(e2e.db, e2e.tenantId, s.caller)).filter((t) => t.kind === 'call_missed').length,
            // Every caller text reached conversation-ai once (a lost one leaves 0, a doubled one 2).
            inboundSeenByConversationAi: s.reply === 'question' ? ((await conversation(s))?.inboundMessages ?? 0) : null,
          };
        }),
      );
    await expectExactlyAfterMarker(
      markers,
      perCaller,
      script.map((s) => ({
        caller: s.caller,
        firstTexts: 1,
        keywordReplies: s.reply === 'stop' ? 1 : 0,
        afterStop: [],
        leads: 1,
        missedCallsOnTimeline: (s.redial ? 2 : 1) + 1,
        inboundSeenByConversationAi: s.reply === 'question' ? 1 : null,
      })),
    );
    const markerIds = markerCalls.map((c) => c.callId);
    const decisions = (
      await e2e.db.query<{ provider_call_id: string; decision: string | null; first_text: string | null; reason: string | null }>(
        `SELECT c.provider_call_id, c.decision, d.outcome AS first_text, d.reason FROM telephony.call c LEFT JOIN messaging.first_text_decision d ON d.call_id = c.id WHERE c.provider_call_id = ANY($1)`,
        [[...callIds, ...markerIds]],
      )
    ).rows;
    expect({ records: decisions.length, sent: decisions.filter((r) => r.first_text === 'sent').length, cooldown: decisions.filter((r) => r.reason === 'cooldown').length }).toEqual({
      records: callIds.length + markerIds.length,
      sent: script.length,
      cooldown: script.filter((s) => s.redial).length + markerIds.length,
    });

    // reporting reconciles with the sources (the demo's invariants) and with the numbers the test knows.
    const facts = await collectFacts({
      databaseUrl: e2e.stack.DATABASE_URL,
      tenantId: e2e.tenantId,
      day: [],
      franchise: e2e.franchise.locations,
      standIn: e2e.standIn,
      transcripts: [],
      crmUrl: e2e.pipeline.url('lead-crm'),
      reportingUrl: e2e.pipeline.url('reporting'),
      token: e2e.token,
      wonMarked: 0,
      settleMs: 90_000,
    });
    expect(checkInvariants(facts)).toEqual([]);
    expect(facts.totals.missed_calls).toBe(callIds.length + markerIds.length);
    expect(facts.totals.first_texts_sent).toBe(script.length);
    expect(facts.totals.opt_outs).toBe(script.filter((s) => s.reply === 'stop').length);
    process.stdout.write(
      `kill test: ${callIds.length} calls (+${markerIds.length} markers) from ${script.length} callers; restarts ${kills.map((k) => `${k.service} ${k.restartMs} ms`).join(', ')}; ` +
        `in flight at each kill ${KILL_ORDER.map((k) => `${k} lag ${inFlightAtKill.get(k)?.consumerLag} outbox ${inFlightAtKill.get(k)?.outboxPending}`).join(', ')}; calls played again after a failed callback: ${replayed}\n`,
    );
  }, 480_000);
});

/** True when every voice callback of the call was answered 2xx (telephony-ingest has all of it). */
function delivered(call: PlacedCall): boolean {
  return call.route === 'forward' && call.exchanges.every((x) => x.status >= 200 && x.status < 300);
}

/** Polls a service's /health/ready until it answers 200 (at most 90 s). */
async function waitUntilReady(baseUrl: string): Promise<void> {
  await pollUntil(async () => (await fetch(`${baseUrl}/health/ready`).catch(() => null))?.status === 200, `${baseUrl} ready`, 90_000, 500);
}
