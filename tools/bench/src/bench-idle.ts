#!/usr/bin/env node
/**
 * `npm run bench:idle`: what the distributed stack costs at rest, without the whole-pipeline bench's tenant and
 * warm-up. Starts the seven service processes (the six of the pipeline and the console; tools/pipeline LocalPipeline)
 * on the local stack with the Bandwidth stand-in, lets them settle, then measures over a window, per service:
 * - CPU (user + system from `/proc/<pid>/stat`, % of one core) and the machine's busy share;
 * - context switches per second (`/proc/<pid>/status`: voluntary = the process went to sleep and was woken, a rough
 *   count of event-loop wake-ups; involuntary = preempted);
 * - PostgreSQL statements and Kafka records per second (the services' `/metrics` round-trip counters, scraped just
 *   outside the window so the scrapes' own CPU is not in it);
 * and the CPU of the shared infrastructure processes over the same window (the Kafka broker, PostgreSQL with all its
 * backends, ClickHouse): what the services' idle traffic costs the broker and the database shows there, but so does
 * whatever other users of the shared stack do meanwhile, so read it as an upper bound.
 *
 * Options: --settle 20 (s after every service is ready)  --seconds 60 (window)  --rounds 1 (windows back to back,
 * each printed)  --base-port 3521  --carrier-port 3530  --log-dir DIR  --env K=V,K=V (extra environment for every
 * service, to try a setting without a rebuild)  --root DIR (run the services of another built checkout, e.g. main's, for a
 * before/after pair; default this one).
 * Before the first window it counts scheduling's pending timers due before the last window ends (leftovers of earlier
 * runs: a whole-pipeline bench's follow-ups come due about an hour later) and says so: firing them is work, not rest.
 * Run it under `flock /tmp/textback-it.lock` (it uses the shared stack); needs `npm run build`. Measures, asserts
 * nothing; exits 0 unless the stack cannot start.
 */
import 'reflect-metadata';
import { mkdirSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { BandwidthStandIn, loadStackEnv } from '@textback/testing';
import { LocalPipeline, PIPELINE_SERVICES, type PipelineServiceName } from '../../pipeline/src/local-pipeline';
import { BENCH_TENANT_SLUG } from './bench-cleanup';
import { type ProcessUse, table } from './bench-pipeline-plan';
import { machineBusyBetween, percentOfOneCore, type PipelineSample, pipelineRoundTrips, readProcFile, samplePipeline, usedBetween } from './pipeline-sampling';
import { countsBetween, type RoundTripCounts } from './round-trip-counts';

const ROOT = resolve(__dirname, '../../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stdout.write(`${msg}\n`);

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: {
      settle: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '60' },
      rounds: { type: 'string', default: '1' },
      'base-port': { type: 'string', default: '3521' },
      'carrier-port': { type: 'string', default: '3530' },
      'log-dir': { type: 'string' },
      env: { type: 'string', default: '' },
      root: { type: 'string' },
    },
  });
  const runId = String(Date.now() % 10_000).padStart(4, '0');
  const logDir = opts['log-dir'] ?? join(tmpdir(), `textback-bench-idle-${runId}`);
  mkdirSync(logDir, { recursive: true });
  const extraEnv = Object.fromEntries(
    opts.env
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const windowMs = Number(opts.seconds) * 1000;
  log(`Textback idle bench (run ${runId}, services from ${opts.root === undefined ? ROOT : resolve(opts.root)}): settle ${opts.settle} s, ${opts.rounds} window(s) of ${opts.seconds} s; logs in ${logDir}`);
  if (Object.keys(extraEnv).length > 0) log(`extra service environment: ${JSON.stringify(extraEnv)}`);
  log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);

  const stack = loadStackEnv();
  const carrierPort = Number(opts['carrier-port']);
  const credentials = { apiUsername: 'idle-api', apiPassword: 'idle-api-password', voiceCallbackUsername: 'idle-voice', voiceCallbackPassword: 'idle-voice-callback-password-0123456789abcdef', messagingCallbackUsername: 'idle-messaging', messagingCallbackPassword: 'idle-messaging-callback-password-0123456789abcdef' };
  const pipeline = new LocalPipeline({
    rootDir: opts.root === undefined ? ROOT : resolve(opts.root),
    stack,
    carrierUrl: `http://127.0.0.1:${carrierPort}`,
    credentials,
    jwtSecret: `idle-secret-${runId}-0123456789abcdefghijklmnop`,
    basePort: Number(opts['base-port']),
    logDir,
    env: extraEnv,
  });
  const standIn = new BandwidthStandIn({ username: credentials.apiUsername, password: credentials.apiPassword, timeScale: 0 });
  try {
    await pipeline.prepare();
    await standIn.start(carrierPort, '127.0.0.1');
    await pipeline.startAll();
    log(`ready: ${PIPELINE_SERVICES.map((s) => `${s} pid ${pipeline.pid(s)}`).join(', ')}`);
    await sleep(Number(opts.settle) * 1000);
    await warnOfDueTimers(stack.DATABASE_URL, new Date(Date.now() + Number(opts.rounds) * windowMs));
    for (let round = 1; round <= Number(opts.rounds); round++) {
      const tripsBefore = await pipelineRoundTrips(pipeline);
      const useBefore = samplePipeline(pipeline);
      const infraBefore = infrastructureTicks();
      const t0 = Date.now();
      await sleep(windowMs);
      const useAfter = samplePipeline(pipeline);
      const infraAfter = infrastructureTicks();
      const wallS = (Date.now() - t0) / 1000;
      const tripsAfter = await pipelineRoundTrips(pipeline);
      printWindow(round, wallS, useBefore, useAfter, tripsBefore, tripsAfter);
      log(`shared infrastructure over the window, % of one core (other users of the stack included): ${Object.keys(infraAfter).map((k) => `${k} ${infraBefore[k] === undefined ? '-' : (((infraAfter[k]! - infraBefore[k]) / 100 / wallS) * 100).toFixed(2)}`).join(', ')}`);
    }
  } finally {
    await pipeline.stopAll();
    await standIn.stop().catch(() => undefined);
  }
}

/**
 * Prints how many of scheduling's pending timers are due before `until` (they would fire inside the windows), and how
 * many of them are bench tenants' (bench-cleanup.js removes those). Prints nothing when none; a failed query is printed.
 */
async function warnOfDueTimers(databaseUrl: string, until: Date): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const { rows } = await db.query<{ due: number; bench: number }>(
      `SELECT count(*)::int AS due,
              count(*) FILTER (WHERE c.tenant_id IN (SELECT id FROM crm.tenants WHERE slug ~ $2))::int AS bench
         FROM scheduling.timer t
         LEFT JOIN scheduling.follow_up_cadence c ON starts_with(t.key, 'follow-up:') AND c.cadence_id::text = split_part(t.key, ':', 2)
        WHERE t.status = 'pending' AND t.due_at <= $1`,
      [until, BENCH_TENANT_SLUG.source],
    );
    const r = rows[0];
    if (r && r.due > 0) log(`NOT AT REST: ${r.due} pending scheduling timers come due before the last window ends (${r.bench} of them follow-ups of bench tenants, left by earlier runs: \`node dist/tools/bench/src/bench-cleanup.js\` removes those); scheduling's figures include firing them`);
  } catch (err) {
    log(`could not count due timers: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** The shared stack's processes, by the start of their command line (the local stack's, deploy/local/stack.sh). */
const INFRASTRUCTURE: Record<string, (cmdline: string) => boolean> = {
  'Kafka broker': (c) => c.startsWith('java') && c.includes('kafka.Kafka'),
  PostgreSQL: (c) => /(^|\/)postgres\s+-D/.test(c),
  ClickHouse: (c) => c.startsWith('clickhouse-server') || c.includes('/clickhouse-server') || /^clickhouse\s+server/.test(c),
};

/**
 * CPU ticks of each infrastructure process and its children so far: its own user + system time, its reaped children's
 * (`cutime` + `cstime`) and its live children's (PostgreSQL forks a backend per connection; a backend that exits between
 * two snapshots moves from the live sum into the parent's reaped sum, so the difference stays right).
 */
function infrastructureTicks(): Record<string, number> {
  const stats = new Map<number, { ppid: number; own: number; reaped: number; cmdline: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcFile(`/proc/${entry}/stat`);
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest.length < 15) continue;
    stats.set(Number(entry), { ppid: Number(rest[1]), own: Number(rest[11]) + Number(rest[12]), reaped: Number(rest[13]) + Number(rest[14]), cmdline: readProcFile(`/proc/${entry}/cmdline`).replace(/\0/g, ' ').trim() });
  }
  const out: Record<string, number> = {};
  for (const [name, matches] of Object.entries(INFRASTRUCTURE)) {
    let total = 0;
    for (const [pid, p] of stats) {
      if (!matches(p.cmdline)) continue;
      total += p.own + p.reaped;
      for (const child of stats.values()) if (child.ppid === pid && !matches(child.cmdline)) total += child.own + child.reaped;
    }
    out[name] = total;
  }
  return out;
}

function printWindow(
  round: number,
  wallS: number,
  before: PipelineSample,
  after: PipelineSample,
  tripsBefore: Record<string, RoundTripCounts>,
  tripsAfter: Record<string, RoundTripCounts>,
): void {
  const cores = cpus().length;
  const machineBusy = machineBusyBetween(before, after);
  const d = (s: PipelineServiceName, k: keyof ProcessUse) => usedBetween(before, after, s, k);
  const cpuPct = (s: PipelineServiceName) => percentOfOneCore(d(s, 'ticks'), wallS * 1000);
  const totalPct = PIPELINE_SERVICES.reduce((sum, s) => sum + cpuPct(s), 0);
  const trips = (s: PipelineServiceName) => countsBetween(tripsBefore[s]!, tripsAfter[s]!);
  const sum = (f: (s: PipelineServiceName) => number) => PIPELINE_SERVICES.reduce((a, s) => a + f(s), 0);
  const rows: string[][] = [
    ['', ...PIPELINE_SERVICES, 'all seven'],
    ['CPU, % of one core', ...PIPELINE_SERVICES.map((s) => cpuPct(s).toFixed(2)), `${totalPct.toFixed(2)} (${(totalPct / cores).toFixed(2)} % of machine)`],
    ['voluntary ctx switches/s', ...PIPELINE_SERVICES.map((s) => (d(s, 'voluntary') / wallS).toFixed(1)), (sum((s) => d(s, 'voluntary')) / wallS).toFixed(1)],
    ['involuntary ctx switches/s', ...PIPELINE_SERVICES.map((s) => (d(s, 'involuntary') / wallS).toFixed(1)), (sum((s) => d(s, 'involuntary')) / wallS).toFixed(1)],
    ['PG statements/s', ...PIPELINE_SERVICES.map((s) => (trips(s).pg / wallS).toFixed(2)), (sum((s) => trips(s).pg) / wallS).toFixed(2)],
    ['Kafka records/s', ...PIPELINE_SERVICES.map((s) => (trips(s).kafka / wallS).toFixed(2)), (sum((s) => trips(s).kafka) / wallS).toFixed(2)],
  ];
  log('');
  log(`window ${round}: ${wallS.toFixed(1)} s at rest; the machine (${cores} cores) was ${machineBusy === undefined ? '?' : (machineBusy * 100).toFixed(0)} % busy; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log(table(rows));
}

main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    console.error(`idle bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
