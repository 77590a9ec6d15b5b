#!/usr/bin/env node
/**
 * `npm run bench` (first part): the WHOLE pipeline under increasing load, in missed calls per second.
 *
 * The six services run as separate processes (tools/pipeline LocalPipeline, ports 3501..3506 by default) on
 * the local stack; the Bandwidth stand-in (libs/testing, port 3510) runs in this process and plays every
 * caller through telephony-ingest's real voice callbacks with realistic timestamps and no waiting
 * (`timeScale` 0): initiate → `<Transfer>` → the forwarded leg rings out (transferDisconnect, then
 * transferComplete with cause `timeout`, the callback on which telephony-ingest decides "missed,
 * no_answer") → the voicemail prompt → the caller hangs up (disconnect). Messaging looks the caller up,
 * decides and sends the first text through bandwidth-sdk to the stand-in, which answers 202 and posts a
 * delivery callback. Everything else the services do with the events (leads, conversations, reporting)
 * runs too: the whole stack shares the machine.
 *
 * Measured per step, open loop (calls start on schedule, never waiting for earlier ones):
 * - latency: from when the stand-in SENT the deciding callback (transferComplete) to when it RECEIVED the
 *   carrier send request (POST /messages) of that caller's first text; p50, p99, max;
 * - whether the pipeline kept up (every caller texted within the drain budget, no failed callback,
 *   latency not growing across the step; see summarizeStep) → sustained = highest such rate;
 * - peak RSS per service (LocalPipeline.rssBytes) and of this process (stand-in + load generator);
 * - where the time goes, per stage: webhook → decision (telephony-ingest's `decidedAt`), decision → Kafka
 *   (record timestamp of telephony.call.missed.v1: the outbox relay), Kafka → line-type lookup request and
 *   lookup → send request (messaging), from a consumer of telephony.call.missed.v1 that starts at the end.
 *
 * A fresh tenant per run (textback tenants apply) with `--locations` locations, each with its own sending
 * number at `--mps` messages/s, so the per-number 10DLC limit is far above the load and not what is
 * measured; each call comes from a new caller, so no first-text cooldown suppresses a text.
 *
 * - round trips per missed call, by service: PostgreSQL statements, Kafka records (produced + consumed) and
 *   ClickHouse inserts, from each service's `/metrics` counters (libs/observability RoundTripMeter) before and
 *   after the step (statements minus the service's idle rate over the step's time).
 *
 * Options: --rates 25,50,100,150,200  --seconds 20 (per step)  --drain 45 (s budget per step; a step that
 * does not drain ends the run)  --locations 50  --mps 50  --base-port 3501  --carrier-port 3510
 * --log-dir DIR (services' logs; default $TMPDIR/textback-bench-<run>)
 * --after-undrained stop|continue (default stop): after a step that did not drain, stop, or offer the next rate anyway
 * (on top of the backlog left; for the phone path's figures, failed callbacks and initiate p99, at every rate).
 * --overload on|off (default on): after the rates, one more step at twice the sustained rate, with a drain budget
 * long enough to see its queued texts go out.
 * --cpu-prof DIR: every service writes a V8 CPU profile of the idle window (`<service>-<run>-1.cpuprofile`) and of each
 * load step (`-2`, `-3`, …) to DIR (summarise with cpu-profile-summary.js). The sampling profiler adds a few % of CPU: compare figures of runs without it.
 * --cleanup run|all|off (default run): at the end (services stopped), remove the pending work the run's tenant left in
 * the shared databases (its follow-up timers, due about an hour later, would otherwise flood scheduling; bench-cleanup.ts)
 * and print how much; `all`: that of every bench tenant (earlier runs' leftovers too); `off`: leave it.
 * --idle SECONDS: measure the stack at rest instead (after the warm-up): CPU per service and of the whole machine,
 * PostgreSQL statements and Kafka records per second, over SECONDS; no load steps.
 * Needs `npm run build` (the npm script does it). Prints tables and a verdict against the goal (p99 under
 * one second at 100 missed calls/s); exits 0 whatever the figures (it measures, it does not assert).
 */
import 'reflect-metadata';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { type PlacedCall } from '@textback/testing';
import { BandwidthStandIn, loadStackEnv } from '@textback/testing';
import { fixKafkajsIdleLoop } from '@textback/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { LocalPipeline, PIPELINE_SERVICES, type PipelineServiceName, pipelineStandInOptions } from '../../pipeline/src/local-pipeline';
import { benchTenantIds, cleanUpBenchTenants, fmtCleanup } from './bench-cleanup';
import { benchCaller, type BenchTenant, benchTenant, type CallObservation, fmtMs, type StepResult, type StepSummary, summarizeStep, sustainedRate, table, verdict } from './bench-pipeline-plan';
import { percentile } from './latency-stats';
import { machineBusyBetween, percentOfOneCore, type PipelineSample, pipelineRoundTrips, samplePipeline, serviceTicksBetween, usedBetween } from './pipeline-sampling';
import { countsBetween, fmtBacklog, mergeBacklogPeak, parseTextBacklog, perCall, type RoundTripCounts, type TextBacklogPeak } from './round-trip-counts';

const ROOT = resolve(__dirname, '../../../..');
const MISSED_TOPIC = 'telephony.call.missed.v1';
const GOAL_RATE = 100;
const GOAL_P99_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stdout.write(`${msg}\n`);

/** What the bench learns about one caller from the stand-in and from Kafka (epoch ms). */
interface CallerTimes {
  lookupAt?: number;
  textAt?: number;
  decidedAt?: number;
  kafkaAt?: number;
}

interface Tracked {
  caller: string;
  call: PlacedCall;
  finished: Promise<unknown>;
}

/**
 * One line on a step's voice callbacks, per kind (eventType): how many were sent, answered p50/p99 (ms, answered ones),
 * and the failed ones by HTTP status or the stand-in's failure cause (`timeout`, `ECONNRESET`, `UND_ERR_SOCKET`…;
 * `still unanswered`: in flight when the step was summed up, which the step counts as failed).
 */
function callbackBreakdown(exchanges: ReadonlyArray<{ eventType: string; status: number; answeredMs?: number; error?: string }>): string {
  const kinds = new Map<string, { sent: number; answered: number[]; failed: Map<string, number> }>();
  for (const e of exchanges) {
    const k = kinds.get(e.eventType) ?? { sent: 0, answered: [], failed: new Map<string, number>() };
    kinds.set(e.eventType, k);
    k.sent++;
    if (e.status >= 200 && e.status < 300) {
      if (e.answeredMs !== undefined) k.answered.push(e.answeredMs);
    } else {
      const why = e.status === 0 ? (e.error ?? 'still unanswered') : `HTTP ${e.status}`;
      k.failed.set(why, (k.failed.get(why) ?? 0) + 1);
    }
  }
  return [...kinds]
    .map(([kind, k]) => {
      const failed = [...k.failed].map(([why, n]) => `${why} ${n}`).join(', ');
      return `${kind} ${k.sent} (p50/p99 ${fmtMs(percentile(k.answered, 50))}/${fmtMs(percentile(k.answered, 99))}${failed ? `; failed: ${failed}` : ''})`;
    })
    .join(' | ');
}

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: {
      rates: { type: 'string', default: '25,50,100,150,200' },
      seconds: { type: 'string', default: '20' },
      drain: { type: 'string', default: '45' },
      locations: { type: 'string', default: '50' },
      mps: { type: 'string', default: '50' },
      'base-port': { type: 'string', default: '3501' },
      'carrier-port': { type: 'string', default: '3510' },
      'log-dir': { type: 'string' },
      idle: { type: 'string' },
      overload: { type: 'string', default: 'on' },
      'after-undrained': { type: 'string', default: 'stop' },
      'cpu-prof': { type: 'string' },
      'service-env': { type: 'string', default: '' },
      cleanup: { type: 'string', default: 'run' },
    },
  });
  if (!['run', 'all', 'off'].includes(opts.cleanup)) throw new Error(`--cleanup ${opts.cleanup}: expected run, all or off`);
  const rates = opts.rates.split(',').map(Number);
  const seconds = Number(opts.seconds);
  const drainBudgetMs = Number(opts.drain) * 1000;
  const runId = String(Date.now() % 10_000).padStart(4, '0');
  const logDir = opts['log-dir'] ?? join(tmpdir(), `textback-bench-${runId}`);
  mkdirSync(logDir, { recursive: true });
  const tenant = benchTenant(runId, Number(opts.locations), Number(opts.mps));
  const startedAt = Date.now();
  // --service-env K=V,…: extra environment for every service (e.g. KAFKAJS_IDLE_LOOP_FIX=false for a comparison).
  const serviceEnv = Object.fromEntries(
    opts['service-env']
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );

  log(`Textback whole-pipeline bench (run ${runId}): offered ${rates.join(', ')} missed calls/s, ${seconds} s each, open loop; logs in ${logDir}`);
  log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min) at start`);
  const up = spawnSync('bash', [join(ROOT, 'deploy/local/stack.sh'), 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (up.status !== 0) throw new Error('deploy/local/stack.sh up failed');
  const stack = loadStackEnv();

  const credentials = { apiUsername: 'bench-api', apiPassword: 'bench-api-password', voiceCallbackUsername: 'bench-voice', voiceCallbackPassword: 'bench-voice-callback-password-0123456789abcdef', messagingCallbackUsername: 'bench-messaging', messagingCallbackPassword: 'bench-messaging-callback-password-0123456789abcdef' };
  const carrierPort = Number(opts['carrier-port']);
  const cpuProfDir = opts['cpu-prof'] === undefined ? undefined : resolve(opts['cpu-prof']);
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const pipeline = new LocalPipeline({
    rootDir: ROOT,
    stack,
    carrierUrl: `http://127.0.0.1:${carrierPort}`,
    credentials,
    jwtSecret: `bench-secret-${runId}-0123456789abcdefghijklmnop`,
    basePort: Number(opts['base-port']),
    logDir,
    // --cpu-prof: each service profiles itself between two SIGWINCH (sent around every load step), see cpu-profile-on-signal.ts.
    ...(Object.keys(serviceEnv).length > 0 && !cpuProfDir ? { env: serviceEnv } : {}),
    ...(cpuProfDir ? { env: { ...serviceEnv, NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-on-signal.js')}`, CPU_PROF_DIR: cpuProfDir }, serviceEnv: Object.fromEntries(PIPELINE_SERVICES.map((s) => [s, { CPU_PROF_NAME: `${s}-${runId}` }])) } : {}),
  });
  const toggleProfilers = () => {
    if (cpuProfDir) for (const s of PIPELINE_SERVICES) if (pipeline.pid(s) !== undefined) process.kill(pipeline.pid(s)!, 'SIGWINCH');
  };
  const standIn = new BandwidthStandIn(pipelineStandInOptions({ telephonyIngestUrl: pipeline.url('telephony-ingest'), messagingUrl: pipeline.url('messaging') }, credentials));
  if (Object.keys(serviceEnv).length > 0) log(`    extra service environment: ${JSON.stringify(serviceEnv)}`);
  // The bench's own consumer would otherwise spin kafkajs's 1 ms timer (libs/bus/src/adapters/kafka/kafkajs-idle-loop.fix.ts) beside the
  // services (left as it is when the services' fix is switched off, so both sides of a comparison match).
  if (serviceEnv.KAFKAJS_IDLE_LOOP_FIX !== 'false') fixKafkajsIdleLoop();
  const kafka = new Kafka({ clientId: 'textback-bench-pipeline', brokers: stack.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const missedConsumer = kafka.consumer({ groupId: `textback-bench-pipeline-${runId}-${process.pid}` });
  const times = new Map<string, CallerTimes>();
  const timesOf = (caller: string): CallerTimes => {
    let t = times.get(caller);
    if (!t) times.set(caller, (t = {}));
    return t;
  };

  let tenantId: string | undefined;
  try {
    log('starting: migrations, carrier stand-in, six services…');
    await pipeline.prepare();
    await standIn.start(carrierPort, '127.0.0.1');
    await pipeline.startAll();
    log(`    ready: ${PIPELINE_SERVICES.map((s) => `${s} :${pipeline.port(s)}`).join(', ')}; carrier stand-in :${carrierPort}`);

    tenantId = await applyTenant(tenant, logDir, stack.DATABASE_URL);
    await waitForLocations(stack.DATABASE_URL, tenantId, tenant.locations.length);
    log(`    tenant ${tenant.slug} (${tenantId}): ${tenant.locations.length} locations open 24/7, one sending number each at ${tenant.messagesPerSecondPerNumber} messages/s (${tenant.locations.length * tenant.messagesPerSecondPerNumber}/s in all)`);
    log(`    the per-number 10DLC limit is NOT what is measured: at ${Math.max(...rates)} calls/s a number gets ${(Math.max(...rates) / tenant.locations.length).toFixed(1)} first texts/s, its limit is ${tenant.messagesPerSecondPerNumber}/s; every call is a new caller (no cooldown suppression)`);

    // Decision and Kafka times of each missed call, from a group that starts at the topic's end.
    await missedConsumer.connect();
    await missedConsumer.subscribe({ topics: [MISSED_TOPIC], fromBeginning: false });
    const joined = new Promise<void>((r) => missedConsumer.on(missedConsumer.events.GROUP_JOIN, () => r()));
    await missedConsumer.run({
      eachMessage: async ({ message }) => {
        try {
          const event = JSON.parse(message.value?.toString() ?? '{}') as { data?: { callerE164?: string | null; decidedAt?: string } };
          if (!event.data?.callerE164) return;
          const t = timesOf(event.data.callerE164);
          t.kafkaAt = Number(message.timestamp);
          if (event.data.decidedAt) t.decidedAt = Date.parse(event.data.decidedAt);
        } catch {
          /* not ours */
        }
      },
    });
    await joined;

    // Carrier requests, indexed incrementally: first lookup and first send request per number.
    let scannedRequests = 0;
    const indexRequests = () => {
      const requests = standIn.requests;
      for (; scannedRequests < requests.length; scannedRequests++) {
        const r = requests[scannedRequests]!;
        if (r.operation === 'createMessage') {
          const to = (r.body as { to?: string[] }).to?.[0];
          if (to) timesOf(to).textAt ??= r.receivedAt.getTime();
        } else if (r.operation === 'createSyncLookup') {
          // One lookup may carry up to 100 numbers (messaging may batch them).
          for (const n of (r.body as { phoneNumbers?: string[] }).phoneNumbers ?? []) timesOf(n).lookupAt ??= r.receivedAt.getTime();
        }
      }
    };

    // Callers differ from earlier runs' too (messaging keeps line types it looked up): 16,000 numbers per run slot.
    let callSeq = (Number(runId) % 500) * 16_000;
    const placeCall = (): Tracked => {
      const i = callSeq++;
      const caller = benchCaller(i);
      const location = tenant.locations[i % tenant.locations.length]!;
      // The call started 25 s ago, so the forward's 20 s ring timeout ends about now: realistic event times.
      const { call, finished } = standIn.startCall({ from: caller, to: location.mainLine, outcome: 'no-answer', atVoicemail: 'hang-up', startAt: new Date(Date.now() - 25_000) });
      return { caller, call, finished };
    };
    const observe = (t: Tracked): CallObservation => {
      const webhook = t.call.exchanges.find((e) => e.eventType === 'transferComplete');
      const initiate = t.call.exchanges.find((e) => e.eventType === 'initiate' && e.attempt === 1);
      return {
        webhookAt: webhook?.sentAt.getTime(),
        textAt: times.get(t.caller)?.textAt,
        failedCallbacks: t.call.exchanges.filter((e) => e.status < 200 || e.status >= 300).length,
        initiateAnsweredMs: initiate?.status !== undefined && initiate.status >= 200 && initiate.status < 300 ? initiate.answeredMs : undefined,
      };
    };
    /**
     * A call the pipeline can still text: its deciding callback was answered (2xx), or it has not ended yet.
     * A call whose callbacks failed (telephony-ingest answered 5xx or not at all) was never decided: it is
     * counted as failed callbacks (the step did not keep up) and not waited for.
     */
    const textable = (t: Tracked) => !t.call.done || t.call.exchanges.some((e) => e.eventType === 'transferComplete' && e.status >= 200 && e.status < 300);
    /** Waits until every textable caller has a first text (or the budget ends); returns when the last one came, or undefined. */
    const drain = async (tracked: Tracked[], budgetMs: number): Promise<number | undefined> => {
      const deadline = Date.now() + budgetMs;
      for (;;) {
        indexRequests();
        const expected = tracked.filter(textable);
        if (expected.every((t) => times.get(t.caller)?.textAt !== undefined)) return Math.max(0, ...expected.map((t) => times.get(t.caller)!.textAt!));
        if (Date.now() > deadline) return undefined;
        await sleep(100);
      }
    };

    log('warm-up: 40 calls at 10/s…');
    const warm: Tracked[] = [];
    for (let i = 0; i < 40; i++) {
      warm.push(placeCall());
      await sleep(100);
    }
    if ((await drain(warm, 120_000)) === undefined) throw new Error(`warm-up: ${warm.filter((t) => times.get(t.caller)?.textAt === undefined).length} of 40 callers got no text within 120 s; see ${logDir}`);
    await Promise.all(warm.map((t) => t.finished));

    const results: StepResult[] = [];
    const summaries: StepSummary[] = [];
    // Idle CPU and round trips of the services (pollers, Kafka fetch loops, heartbeats), to tell the per-call cost apart.
    const idleOnly = opts.idle !== undefined;
    // Let the warm-up's tail (reporting's batches, the outbox) finish first, and any texts still queued in messaging
    // (an earlier run that did not drain leaves first-text jobs in the shared schema; working them off here would be
    // counted as idle cost): wait, bounded, until messaging's text backlog is empty.
    await sleep(5_000);
    const queuedBefore = await waitForEmptyTextBacklog(pipeline, 180_000);
    if (queuedBefore.initial > 0) log(`    ${queuedBefore.initial} texts were queued in messaging from before this run; ${queuedBefore.left === 0 ? `they went out in ${Math.round(queuedBefore.waitedMs / 1000)} s` : `${queuedBefore.left} still queued after ${Math.round(queuedBefore.waitedMs / 1000)} s: the idle figures include working them off`}`);
    const idleWallMs = idleOnly ? Number(opts.idle) * 1000 : 10_000;
    const idleTripsBefore = await pipelineRoundTrips(pipeline);
    toggleProfilers();
    const idleBefore = samplePipeline(pipeline);
    await sleep(idleWallMs);
    const idleAfter = samplePipeline(pipeline);
    toggleProfilers();
    const idleTripsAfter = await pipelineRoundTrips(pipeline);
    const idleTripsPerSecond = Object.fromEntries(
      PIPELINE_SERVICES.map((s) => {
        const d = countsBetween(idleTripsBefore[s]!, idleTripsAfter[s]!);
        const roundTrips = d.pgRoundTrips !== undefined ? { pgRoundTrips: d.pgRoundTrips / (idleWallMs / 1000) } : {};
        return [s, { pg: d.pg / (idleWallMs / 1000), ...roundTrips, kafka: d.kafka / (idleWallMs / 1000), clickHouse: d.clickHouse / (idleWallMs / 1000) }];
      }),
    ) as Record<string, RoundTripCounts>;
    if (idleOnly) {
      printIdle(idleBefore, idleAfter, idleWallMs, idleTripsPerSecond);
      log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min) at the end; ${Math.round((Date.now() - startedAt) / 1000)} s in all`);
      return;
    }
    const idleTicksPerMs = serviceTicksBetween(idleBefore, idleAfter) / idleWallMs;
    const cpuRows: string[][] = [['offered/s', ...PIPELINE_SERVICES, 'bench', 'machine busy (all cores)', 'services CPU ms per call (idle subtracted)'], ['idle', ...cpuRow(idleBefore, idleAfter, idleWallMs), '-']];
    const stageRows: string[][] = [['offered/s', 'webhook->decision p50/p99', 'decision->Kafka p50/p99', 'Kafka->lookup p50/p99', 'lookup->send p50/p99']];
    const tripRows: string[][] = [['offered/s', ...PIPELINE_SERVICES, 'all seven']];
    const roundTripRows: string[][] = [['offered/s', ...PIPELINE_SERVICES, 'all seven']];
    /** Offers `rate` calls/s for `seconds`, waits up to `budgetMs` for the texts; records the step. @returns whether it drained. */
    const runStep = async (rate: number, budgetMs: number, label: string = String(rate)): Promise<boolean> => {
      const rss: Record<string, number> = {};
      const sampleRss = () => {
        for (const s of PIPELINE_SERVICES) rss[s] = Math.max(rss[s] ?? 0, pipeline.rssBytes(s) ?? 0);
        rss.bench = Math.max(rss.bench ?? 0, process.memoryUsage().rss);
      };
      const sampler = setInterval(sampleRss, 500);
      // Texts queued past capacity (messaging's textback_text_backlog gauges), sampled once a second.
      const backlog: TextBacklogPeak = { due: 0, oldestSeconds: 0 };
      const backlogSampler = setInterval(() => {
        void textBacklogNow(pipeline, 900).then((seen) => seen && mergeBacklogPeak(backlog, seen));
      }, 1_000);
      const total = Math.round(rate * seconds);
      const tracked: Tracked[] = [];
      process.stdout.write(`step ${rate}/s: offering ${total} calls over ${seconds} s…`);
      const tripsBefore = await pipelineRoundTrips(pipeline);
      toggleProfilers();
      const cpuBefore = samplePipeline(pipeline);
      const t0 = Date.now();
      while (tracked.length < total) {
        const due = t0 + (tracked.length * 1000) / rate;
        const now = Date.now();
        if (due > now) await sleep(due - now);
        else tracked.push(placeCall());
      }
      const offerEnd = Date.now();
      const lastText = await drain(tracked, budgetMs);
      await Promise.race([Promise.all(tracked.map((t) => t.finished)), sleep(10_000)]);
      clearInterval(sampler);
      clearInterval(backlogSampler);
      sampleRss();
      const cpuAfter = samplePipeline(pipeline);
      toggleProfilers();
      const stepWallMs = Date.now() - t0;
      const tripsAfter = await pipelineRoundTrips(pipeline);
      const tripsPerCall = PIPELINE_SERVICES.map((s) => perCall(countsBetween(tripsBefore[s]!, tripsAfter[s]!), idleTripsPerSecond[s]!, stepWallMs, total));
      const allSix = tripsPerCall.reduce((a, t) => ({ pg: a.pg + t.pg, kafka: a.kafka + t.kafka, clickHouse: a.clickHouse + t.clickHouse }), { pg: 0, kafka: 0, clickHouse: 0 });
      tripRows.push([label, ...[...tripsPerCall, allSix].map(fmtTrips)]);
      if (tripsPerCall.every((t) => t.pgRoundTrips !== undefined)) {
        roundTripRows.push([label, ...[...tripsPerCall.map((t) => t.pgRoundTrips!), tripsPerCall.reduce((a, t) => a + t.pgRoundTrips!, 0)].map((n) => n.toFixed(1))]);
      }
      const serviceTicks = serviceTicksBetween(cpuBefore, cpuAfter);
      const perCallMs = ((serviceTicks - idleTicksPerMs * stepWallMs) * 10) / total; // 100 ticks per second = 10 ms per tick
      // Below zero: the services' idle use (other users' events on the shared topics included) varied more than the load added.
      cpuRows.push([label, ...cpuRow(cpuBefore, cpuAfter, stepWallMs), perCallMs > 0 ? `${perCallMs.toFixed(1)} ms` : 'n/a (idle use varied more)']);
      indexRequests();
      const step: StepResult = { offeredPerSecond: rate, label, seconds, callsStarted: total, offerMs: offerEnd - t0, calls: tracked.map(observe), drainMs: lastText === undefined ? undefined : Math.max(0, lastText - offerEnd), rssPeakBytes: rss, textBacklogPeak: backlog };
      const summary = summarizeStep(step);
      results.push(step);
      summaries.push(summary);
      stageRows.push([label, ...stageFigures(tracked.map((t) => ({ webhookAt: observe(t).webhookAt, ...times.get(t.caller) })))]);
      log(` p50 ${fmtMs(summary.p50Ms)}, p99 ${fmtMs(summary.p99Ms)}, ${summary.texted}/${summary.calls} texted, ${summary.keptUp ? 'kept up' : `did NOT keep up (${summary.reasons.join('; ')})`}`);
      log(`    voice callbacks: ${callbackBreakdown(tracked.flatMap((t) => t.call.exchanges))}`);
      return lastText !== undefined;
    };
    for (const rate of rates) {
      if (!(await runStep(rate, drainBudgetMs))) {
        if (opts['after-undrained'] === 'continue') {
          log(`    the backlog did not drain within ${drainBudgetMs / 1000} s: the next rate is offered on top of it (--after-undrained continue)`);
          continue;
        }
        log(`    the backlog did not drain within ${drainBudgetMs / 1000} s: higher rates are not offered`);
        break;
      }
      await sleep(3_000);
    }
    // Overload (issue #16 item 5): twice the sustained rate. Past capacity texts queue (the backlog columns) while
    // voice callbacks are still answered (failed callbacks, initiate p99); the drain budget is long enough to see the
    // queue empty afterwards.
    const sustained = sustainedRate(summaries);
    if (sustained > 0 && opts.overload !== 'off') {
      await sleep(5_000);
      const overloadBudgetMs = Math.max(drainBudgetMs, 2 * seconds * 1000 + 120_000);
      await runStep(2 * sustained, overloadBudgetMs, `2x ${sustained} = ${2 * sustained}`);
    }

    log('');
    log(`Whole pipeline, missed-call webhook (transferComplete sent by the stand-in) -> carrier send request of the caller's first text (POST /messages received):`);
    log(
      table([
        ['offered/s', 'achieved/s', 'calls', 'failed callbacks', 'initiate answered p99', 'texted', 'p50', 'p99', 'max', 'p50 1st/last quarter', 'drain', 'text backlog peak (oldest wait)', 'kept up', ...PIPELINE_SERVICES.map((s) => `${s} RSS`), 'bench RSS'],
        ...summaries.map((s, i) => [
          results[i]!.label ?? String(s.offeredPerSecond),
          s.achievedPerSecond.toFixed(1),
          String(s.calls),
          String(s.failedCallbacks),
          fmtMs(s.initiateP99Ms),
          String(s.texted),
          fmtMs(s.p50Ms),
          fmtMs(s.p99Ms),
          fmtMs(s.maxMs),
          `${fmtMs(s.firstQuarterP50Ms)} / ${fmtMs(s.lastQuarterP50Ms)}`,
          s.drainMs === undefined ? `>${drainBudgetMs / 1000} s` : fmtMs(s.drainMs),
          fmtBacklog(results[i]!.textBacklogPeak),
          s.keptUp ? 'yes' : 'NO',
          ...PIPELINE_SERVICES.map((n) => mb(results[i]!.rssPeakBytes[n])),
          mb(results[i]!.rssPeakBytes.bench),
        ]),
      ]),
    );
    log('RSS = peak resident set size during the step (and its drain), per service process; bench = this process (stand-in + load generator).');
    log('');
    log('CPU per process during the step and its drain (% of one core; the machine has 2 cores = 200 %), how busy the whole machine was (Kafka, PostgreSQL, ClickHouse and other users included),');
    log('and the six services\' CPU time per offered call above their idle use (PostgreSQL, Kafka and ClickHouse not included):');
    log(table(cpuRows));
    log('');
    log('Round trips per missed call, by service: PostgreSQL statements / Kafka records (produced + consumed) / ClickHouse inserts,');
    log(`counted by each service (textback_pg_statements_total, textback_kafka_records_total, textback_clickhouse_inserts_total) over the step and its drain (statements: idle rate subtracted;`);
    log('records and inserts: as counted, so other users of the shared topics during the step add to them):');
    log(table(tripRows));
    log(`at rest (per second): ${PIPELINE_SERVICES.map((s) => `${s} ${fmtTrips(idleTripsPerSecond[s]!)}`).join(', ')}`);
    if (roundTripRows.length > 1) {
      log('PostgreSQL round trips per missed call (textback_pg_round_trips_total, idle rate subtracted): as statements, but a START TRANSACTION sent with its');
      log("transaction's first statement shares that statement's round trip:");
      log(table(roundTripRows));
    }
    log('');
    log('Where the time goes (per stage, p50 / p99; decision = telephony-ingest decidedAt, Kafka = record timestamp of telephony.call.missed.v1):');
    log(table(stageRows));
    log('');
    for (const s of summaries.filter((x) => !x.keptUp)) log(`${s.offeredPerSecond}/s did not keep up: ${s.reasons.join('; ')}`);
    log(`Sustained: ${sustainedRate(summaries)} missed calls/s (highest offered rate that kept up: every caller texted, no failed callback, latency not growing). 10DLC per-number limit not measured (${tenant.locations.length} sending numbers at ${tenant.messagesPerSecondPerNumber}/s).`);
    log(verdict(summaries, GOAL_RATE, GOAL_P99_MS));
    log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min) at the end; ${Math.round((Date.now() - startedAt) / 1000)} s in all`);
  } finally {
    await missedConsumer.disconnect().catch(() => undefined);
    await pipeline.stopAll();
    await standIn.stop().catch(() => undefined);
    // After the services stopped, so none schedules anything more for the tenant.
    if (opts.cleanup === 'all') await cleanUp(stack.DATABASE_URL, undefined);
    else if (opts.cleanup === 'run' && tenantId !== undefined) await cleanUp(stack.DATABASE_URL, tenantId);
  }
}

/**
 * Removes the pending work of the bench tenant `tenantId` (undefined: of every bench tenant) and prints how much;
 * a failure is printed, not thrown (the figures above stand).
 */
async function cleanUp(databaseUrl: string, tenantId: string | undefined): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const ids = tenantId === undefined ? await benchTenantIds(db) : [tenantId];
    log(fmtCleanup(await cleanUpBenchTenants(db, ids), ids.length));
  } catch (err) {
    log(`bench cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** CPU use between two snapshots as % of one core (100 ticks/s), per process, and the machine's busy share of all cores. */
function cpuRow(before: PipelineSample, after: PipelineSample, wallMs: number): string[] {
  const pct = (k: PipelineServiceName | 'bench') => {
    const ticks = usedBetween(before, after, k, 'ticks');
    return Number.isNaN(ticks) ? '-' : `${Math.round(percentOfOneCore(ticks, wallMs))} %`;
  };
  const busy = machineBusyBetween(before, after);
  return [...PIPELINE_SERVICES.map(pct), pct('bench'), busy === undefined ? '-' : `${Math.round(busy * 100)} %`];
}

/** Messaging's text backlog now, from its `/metrics`; undefined when it does not answer within `timeoutMs`. */
async function textBacklogNow(pipeline: LocalPipeline, timeoutMs: number): Promise<TextBacklogPeak | undefined> {
  try {
    const res = await fetch(`${pipeline.url('messaging')}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    return parseTextBacklog(await res.text());
  } catch {
    return undefined;
  }
}

/**
 * Polls messaging's `/metrics` once a second until its text backlog (textback_text_backlog, all queues) is 0 or
 * `budgetMs` passed. @returns the first and last backlog seen and the milliseconds waited.
 */
async function waitForEmptyTextBacklog(pipeline: LocalPipeline, budgetMs: number): Promise<{ initial: number; left: number; waitedMs: number }> {
  const started = Date.now();
  const read = async () => (await textBacklogNow(pipeline, 5_000))?.due ?? 0;
  const initial = await read();
  let left = initial;
  while (left > 0 && Date.now() - started < budgetMs) {
    await sleep(1_000);
    left = await read();
  }
  return { initial, left, waitedMs: Date.now() - started };
}

/** `pg / kafka / ch` with one decimal. */
function fmtTrips(t: RoundTripCounts): string {
  return `${t.pg.toFixed(1)} / ${t.kafka.toFixed(1)} / ${t.clickHouse.toFixed(1)}`;
}

/** The `--idle` report: CPU per service and of the machine, and round trips per second at rest. */
function printIdle(before: PipelineSample, after: PipelineSample, wallMs: number, perSecond: Record<string, RoundTripCounts>): void {
  const cores = cpus().length;
  const servicesOfMachine = percentOfOneCore(serviceTicksBetween(before, after), wallMs) / cores;
  const total = PIPELINE_SERVICES.reduce((a, s) => ({ pg: a.pg + perSecond[s]!.pg, kafka: a.kafka + perSecond[s]!.kafka, clickHouse: a.clickHouse + perSecond[s]!.clickHouse }), { pg: 0, kafka: 0, clickHouse: 0 });
  const cpuCells = cpuRow(before, after, wallMs);
  log('');
  log(`The stack at rest over ${wallMs / 1000} s (no calls; CPU in % of one core, the machine has ${cores} cores):`);
  log(
    table([
      ['', ...PIPELINE_SERVICES, 'all seven', 'bench', 'machine busy (all cores)'],
      ['CPU', ...cpuCells.slice(0, PIPELINE_SERVICES.length), `${servicesOfMachine.toFixed(1)} % of machine`, ...cpuCells.slice(PIPELINE_SERVICES.length)],
      ['PG statements/s', ...PIPELINE_SERVICES.map((s) => perSecond[s]!.pg.toFixed(1)), total.pg.toFixed(1), '-', '-'],
      ['Kafka records/s', ...PIPELINE_SERVICES.map((s) => perSecond[s]!.kafka.toFixed(1)), total.kafka.toFixed(1), '-', '-'],
      ['ClickHouse inserts/s', ...PIPELINE_SERVICES.map((s) => perSecond[s]!.clickHouse.toFixed(1)), total.clickHouse.toFixed(1), '-', '-'],
    ]),
  );
}

/** p50/p99 of each stage over the callers that have both ends of it. */
function stageFigures(rows: Array<CallerTimes & { webhookAt: number | undefined }>): string[] {
  const stage = (from: (r: (typeof rows)[number]) => number | undefined, to: (r: (typeof rows)[number]) => number | undefined) => {
    const values = rows.flatMap((r) => {
      const a = from(r);
      const b = to(r);
      return a === undefined || b === undefined ? [] : [b - a];
    });
    return `${fmtMs(percentile(values, 50))} / ${fmtMs(percentile(values, 99))}`;
  };
  return [
    stage((r) => r.webhookAt, (r) => r.decidedAt),
    stage((r) => r.decidedAt, (r) => r.kafkaAt),
    stage((r) => r.kafkaAt, (r) => r.lookupAt),
    stage((r) => r.lookupAt, (r) => r.textAt),
  ];
}

function mb(bytes: number | undefined): string {
  return bytes === undefined || bytes === 0 ? '-' : `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** Applies the bench tenant with `textback tenants apply`; returns its id. */
async function applyTenant(tenant: BenchTenant, dir: string, databaseUrl: string): Promise<string> {
  const manifestPath = join(dir, 'bench-tenant.yaml');
  writeFileSync(manifestPath, tenant.manifestYaml);
  const applied = await promisify(execFile)(process.execPath, [join(ROOT, 'dist/tools/cli/src/textback.js'), 'tenants', 'apply', '-f', manifestPath], { env: { ...process.env, DATABASE_URL: databaseUrl } });
  const tenantId = /tenant ([0-9a-f-]{36})/.exec(applied.stderr + applied.stdout)?.[1];
  if (!tenantId) throw new Error(`tenants apply printed no tenant id:\n${applied.stderr}${applied.stdout}`);
  return tenantId;
}

/** Waits until the services on the text path (and those that react to it) know every location of the tenant. */
async function waitForLocations(databaseUrl: string, tenantId: string, count: number): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const schemas = ['telephony', 'messaging', 'conversation', 'scheduling'];
    const deadline = Date.now() + 60_000;
    for (;;) {
      const counts = await Promise.all(schemas.map(async (s) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.location_directory WHERE tenant_id = $1`, [tenantId])).rows[0]?.n ?? 0)));
      if (counts.every((n) => n === count)) return;
      if (Date.now() > deadline) throw new Error(`the services did not learn the bench locations within 60 s (${schemas.map((s, i) => `${s} ${counts[i]}`).join(', ')} of ${count})`);
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}

main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
