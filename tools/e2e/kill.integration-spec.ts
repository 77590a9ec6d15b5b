import { pollUntil, type PlacedCall, type PlaceCallInput } from '@textback/testing';
import { type PipelineServiceName } from '../pipeline/src/local-pipeline';
import { collectFacts } from '../demo/src/demo-facts';
import { checkInvariants } from '../demo/src/demo-invariants';
import { type E2ePipeline, newCallerNumber, startE2ePipeline } from './src/e2e-pipeline';
import { conversationOf, leadsOf, locationIdOf, withPurpose } from './src/e2e-probes';

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
 * Afterwards: exactly one first text per caller at the carrier, one lead per caller in lead-crm,
 * every call decided once, every caller text seen once by conversation-ai, one STOP confirmation,
 * and reporting reconciles with the sources (the demo's invariants, tools/demo/src/demo-invariants.ts).
 */

const BASE_PORT = 3921;
const CARRIER_PORT = 3930;
const CALLERS = 36;
const CALL_SPACING_MS = 1_500;
const KILL_SPACING_MS = 9_000;
const KILL_ORDER: PipelineServiceName[] = ['telephony-ingest', 'messaging', 'conversation-ai', 'lead-crm', 'scheduling', 'reporting'];
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
    e2e = await startE2ePipeline({ basePort: BASE_PORT, carrierPort: CARRIER_PORT, standIn: { callbackMaxAttempts: 10, callbackRetryDelayMs: 250 } });
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
    // session times out (30 s), so a restart takes about that long; the next kill does not wait for it.
    const kills: Array<{ service: PipelineServiceName; restartMs: number }> = [];
    const restarts: Array<Promise<void>> = [];
    const killer = (async () => {
      await sleep(3_000);
      for (const service of KILL_ORDER) {
        const pid = e2e.pipeline.pid(service);
        await e2e.pipeline.kill(service);
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
    await killer;
    expect(kills.map((k) => k.service).sort()).toEqual([...KILL_ORDER].sort());
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

    // The carrier: exactly one first text per caller; one STOP confirmation and nothing after it.
    const locationIds = { denver: await locationIdOf(e2e.db, e2e.tenantId, 'denver'), chicago: await locationIdOf(e2e.db, e2e.tenantId, 'chicago') };
    for (const s of script) {
      const texts = await pollUntil(async () => {
        const list = await withPurpose(e2e.db, e2e.standIn.sentMessages({ to: s.caller, from: s.line }));
        return list.some((m) => m.purpose === 'first_text') && (s.reply !== 'stop' || list.some((m) => m.purpose === 'keyword_reply')) && (s.reply !== 'question' || list.some((m) => m.purpose === 'conversation_reply')) && list;
      }, `the texts to ${s.caller}`, 60_000, 250);
      expect({ caller: s.caller, firstTexts: texts.filter((m) => m.purpose === 'first_text').length }).toEqual({ caller: s.caller, firstTexts: 1 });
      if (s.reply === 'stop') expect(texts.map((m) => m.purpose)).toEqual(['first_text', 'keyword_reply']);
      // Every caller text reached conversation-ai once (a lost one leaves 0, a doubled one 2).
      if (s.reply === 'question') {
        await pollUntil(async () => ((await conversationOf(e2e.db, locationIds[s.locationSlug as 'denver' | 'chicago'], s.caller))?.inboundMessages ?? 0) >= 1, `conversation-ai saw ${s.caller}'s text`, 60_000, 250);
      }
    }

    // lead-crm: one lead per caller; reporting reconciles with the sources (the demo's invariants).
    for (const s of script) {
      const leads = await pollUntil(async () => {
        const list = await leadsOf(e2e.db, e2e.tenantId, s.caller);
        return list.length > 0 && list;
      }, `lead of ${s.caller}`, 60_000, 250);
      expect({ caller: s.caller, leads: leads.length }).toEqual({ caller: s.caller, leads: 1 });
    }
    for (const s of script.filter((x) => x.reply === 'question')) {
      expect({ caller: s.caller, inbound: (await conversationOf(e2e.db, locationIds[s.locationSlug as 'denver' | 'chicago'], s.caller))?.inboundMessages }).toEqual({ caller: s.caller, inbound: 1 });
    }
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
    expect(facts.totals.missed_calls).toBe(callIds.length);
    expect(facts.totals.first_texts_sent).toBe(script.length);
    expect(facts.totals.opt_outs).toBe(script.filter((s) => s.reply === 'stop').length);
    process.stdout.write(`kill test: ${callIds.length} calls from ${script.length} callers; restarts ${kills.map((k) => `${k.service} ${k.restartMs} ms`).join(', ')}; calls played again after a failed callback: ${replayed}\n`);
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
