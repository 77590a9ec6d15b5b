#!/usr/bin/env node
/**
 * `npm run demo`: the whole Textback pipeline on this machine, on real-format input, in one of two modes:
 * - `--stack embedded` (default): ONE process on embedded stores (hosts/single-process, what `npm start` runs; PGlite,
 *   the in-process bus, chDB) on a fresh temporary data directory; nothing but Node.js needed
 *   (tools/pipeline/src/embedded-pipeline.ts);
 * - `--stack local`: the distributed mode on the local stack (Kafka, PostgreSQL, ClickHouse; deploy/local/stack.sh),
 *   each service its own process (tools/pipeline/src/local-pipeline.ts).
 *
 * 1. local: brings the local stack up (deploy/local/stack.sh up; idempotent); both: migrates every schema;
 * 2. starts the Bandwidth stand-in (libs/testing) and the services pointed at it (tools/pipeline);
 * 3. seeds a demo franchise with `textback tenants apply` and a console owner with `textback users create` (three
 *    locations in three time zones, services with ticket values, on-call rotations); each run is its own tenant.
 *    Embedded: on the data directory before the process starts (PGlite admits one process at a time), with the
 *    migrations, the three commands in one CLI process (EmbeddedPipeline.textbackInOneProcess);
 * 4. replays a business day of calls (tools/demo/src/demo-scenario.ts: arrival shape, answer
 *    rate, callers' patience, replies) through the stand-in in Bandwidth's voice callback
 *    format; callers who get a text answer it from a reply set (built in, or `--replies` in the
 *    format of ../shared/eval/dev.jsonl); on-call staff acknowledge some pages, others escalate;
 *    the office marks most booked jobs won;
 * 5. prints each location's funnel and ROI from reporting's API, the URLs of the API docs and
 *    the ROI page, and checks invariants; exits 1 when one broke (see demo-invariants.ts). Embedded: the sources of
 *    truth are read from the data directory after the process stopped; the summary gives its peak resident set
 *    (VmHWM).
 * Everything goes into a new work directory `/tmp/textback-demo-<run>-*` (logs, the embedded data directory, the
 * franchise manifest), removed when the run passed, kept and named when it did not (demo-work-dir.ts) or with --keep.
 *
 * Options: --stack embedded|local (embedded) --calls N (300) --minutes M (real minutes the day is compressed into:
 * 1 embedded, 3 local) --seed S --replies FILE --profile FILE (default ../shared/eval/callcenter_profile.json when
 * present) --keep (leave everything running to browse; Ctrl-C stops) --base-port P (3001: the embedded process's one
 * port, the first local service's) --carrier-port P (4010) --patience-seconds S (how long a caller waits for the
 * business's next text: 15 embedded, 45 local) --tail-seconds S (15 embedded, 25 local: wait so escalations, 10 s
 * embedded, 20 s local, fire before counting; embedded: at most, counted from the last page the carrier saw, and less
 * once every page was acknowledged or escalated; local: after the conversations; a smaller pair makes a short run for
 * tests, tools/demo/test) --kill-during-replay (embedded only: SIGKILL the single process in the middle of the
 * replay, right after a missed call, start it again on the same data directory and check that no call, lead, first
 * text, caller text or opt-out was lost or doubled; see demo-kill.ts and docs/operations.md).
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { locationConfigV1 } from '@textback/contracts';
import { BandwidthStandIn, loadStackEnv, type PlacedCall } from '@textback/testing';
import { Client } from 'pg';
import { EmbeddedPipeline } from '../../pipeline/src/embedded-pipeline';
import { LocalPipeline, PIPELINE_SERVICES, type PipelineServiceName, pipelineStandInOptions } from '../../pipeline/src/local-pipeline';
import { type CallerTranscript, placeDemoCall, playOnCall, playTextedCaller } from './caller-bots';
import { demoFranchise, type DemoLocation } from './demo-franchise';
import { collectFacts, collectFactsAfterStop } from './demo-facts';
import { checkRunHealth, FIRST_TEXT_P95_WARN_SECONDS, readTelephonyPathMetrics } from './demo-health';
import { type CallerTextDelivery, checkKillInvariants, formatKillSummary, type KillFacts, readKillSources, waitForWorkHeldAtKill } from './demo-kill';
import { formatOfferFitTotals, offerFit, totalOfferFits } from './demo-offer-fit';
import { checkInvariants, type DemoFacts, formatCarrierSummary, formatConversation, formatFunnelTable } from './demo-invariants';
import { BUILT_IN_REPLIES, loadReplies } from './demo-replies';
import { DEFAULT_DAY_PROFILE, generateDay, profileFromCallCentre, seededRandom } from './demo-scenario';
import { inDemoWorkDir } from './demo-work-dir';

const ROOT = resolve(__dirname, '../../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stdout.write(`${msg}\n`);

/** `npm run demo -- --help`. */
const USAGE = `usage: npm run demo [-- options]
  --stack embedded|local   one process on PGlite + chDB (default), or the distributed mode on the local stack
  --calls N                calls in the replayed business day (300)
  --minutes M              real minutes the day is compressed into (1 embedded, 3 local)
  --seed S                 the day's random seed (default: from the clock; printed)
  --replies FILE           callers' replies, in the format of ../shared/eval/dev.jsonl (default: built in)
  --profile FILE           the day's arrival profile (default ../shared/eval/callcenter_profile.json when present)
  --keep                   leave everything running to browse the console (Ctrl-C stops); keeps the work directory
  --base-port P            the single process's port, the first local service's (3001)
  --carrier-port P         the Bandwidth stand-in's port (4010)
  --patience-seconds S     how long a caller waits for the business's next text (15 embedded, 45 local)
  --tail-seconds S         the longest wait for escalations before counting (15 embedded, 25 local)
  --kill-during-replay     embedded only: SIGKILL the process mid-replay, restart it, check nothing was lost or doubled
Exit code 0 when every invariant holds, 1 when one broke, 2 for a bad option.`;

/** A bad command-line option: printed without a stack trace, exit 2. */
class UsageError extends Error {}

/** The command-line options (node:util parseArgs); an unknown option or a missing value is a usage error. */
function readOptions() {
  try {
    return parseArgs({
      options: {
        stack: { type: 'string', default: 'embedded' },
        calls: { type: 'string', default: '300' },
        minutes: { type: 'string' },
        seed: { type: 'string' },
        replies: { type: 'string' },
        profile: { type: 'string' },
        keep: { type: 'boolean', default: false },
        'base-port': { type: 'string', default: '3001' },
        'carrier-port': { type: 'string', default: '4010' },
        'patience-seconds': { type: 'string' },
        'tail-seconds': { type: 'string' },
        'kill-during-replay': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err));
  }
}

/** What the demo uses of a pipeline: {@link LocalPipeline} (distributed) and {@link EmbeddedPipeline} both have it. */
type DemoPipeline = Pick<LocalPipeline, 'prepare' | 'startAll' | 'stopAll' | 'accessToken' | 'textback' | 'url' | 'port'>;

async function main(): Promise<number> {
  const demoStarted = Date.now();
  const opts = readOptions();
  if (opts.help) {
    log(USAGE);
    return 0;
  }
  const runId = String(Date.now() % 1_000_000).padStart(6, '0').slice(-4);
  const seed = opts.seed === undefined ? Date.now() % 100_000 : Number(opts.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got "${opts.seed}"`);
  const positive = (name: string, value: string | undefined, integer: boolean): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
    return n;
  };
  if (opts.stack !== 'embedded' && opts.stack !== 'local') throw new UsageError(`--stack must be embedded or local, got "${opts.stack}"`);
  const embedded = opts.stack === 'embedded';
  const killDuringReplay = opts['kill-during-replay'];
  if (killDuringReplay && !embedded) throw new UsageError('--kill-during-replay needs --stack embedded (it kills the single process)');
  const calls = positive('calls', opts.calls, true);
  // One process keeps up with 300 calls in a minute; the distributed stack's default stays at three.
  const replaySeconds = positive('minutes', opts.minutes ?? (embedded ? '1' : '3'), false) * 60;
  // The single process answers within a second or two: callers need not wait 45 s for a text that comes.
  // (15 s: its time to first text measured p95 3-7 s, with room for a loaded machine; a caller whose call gets no text, suppressed or deferred to the
  // morning, gives up after it, so the day's last such caller no longer holds the run 20 s.)
  const patienceSeconds = positive('patience-seconds', opts['patience-seconds'] ?? (embedded ? '15' : '45'), false);
  // On-call pages escalate after 10 s in the single process (20 s on the distributed stack); the tail outlasts one.
  const escalationSeconds = embedded ? 10 : 20;
  const tailSeconds = positive('tail-seconds', opts['tail-seconds'] ?? String(escalationSeconds + 5), false);
  if (opts.replies && !existsSync(opts.replies)) throw new UsageError(`--replies ${opts.replies}: no such file`);
  const basePort = positive('base-port', opts['base-port'], true);
  const carrierPort = positive('carrier-port', opts['carrier-port'], true);
  return inDemoWorkDir(runId, { keep: opts.keep, say: log }, async (workDir) => {

    log(`Textback demo (run ${runId}, seed ${seed}, ${embedded ? 'EMBEDDED: one process on PGlite + chDB' : 'distributed on the local stack'}): ${calls} calls replayed over ${replaySeconds} s; logs in ${workDir}`);
    let stack: ReturnType<typeof loadStackEnv> | null = null;
    if (embedded) log('1/6 embedded mode: no Kafka, PostgreSQL or ClickHouse; one process on a fresh data directory');
    else {
      log('1/6 local stack (Kafka, PostgreSQL, ClickHouse)…');
      const up = spawnSync('bash', [join(ROOT, 'deploy/local/stack.sh'), 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
      if (up.status !== 0) throw new Error('deploy/local/stack.sh up failed');
      stack = loadStackEnv();
    }

    const credentials = { apiUsername: 'demo-api', apiPassword: 'demo-api-password', voiceCallbackUsername: 'demo-voice', voiceCallbackPassword: `demo-voice-callback-${runId}-0123456789abcdef`, messagingCallbackUsername: 'demo-messaging', messagingCallbackPassword: `demo-messaging-callback-${runId}-0123456789abcdef` };
    const jwtSecret = `demo-secret-${runId}-0123456789abcdefghijklmnop`;
    const carrierUrl = `http://127.0.0.1:${carrierPort}`;
    const embeddedPipeline = embedded ? new EmbeddedPipeline({ rootDir: ROOT, carrierUrl, credentials, jwtSecret, port: basePort, dataDir: join(workDir, 'data'), logDir: workDir }) : null;
    const pipeline: DemoPipeline = embeddedPipeline ?? new LocalPipeline({ rootDir: ROOT, stack: stack!, carrierUrl, credentials, jwtSecret, basePort, logDir: workDir });
    const standIn = new BandwidthStandIn(
      pipelineStandInOptions(
        { telephonyIngestUrl: pipeline.url('telephony-ingest'), messagingUrl: pipeline.url('messaging') },
        credentials,
        // Bandwidth retries a messaging callback that got no 2xx for 24 h; while the killed process is down, the stand-in
        // retries caller texts and delivery receipts (250 ms doubling, about 8 minutes in all) instead of giving up in 1 s.
        killDuringReplay ? { callbackMaxAttempts: 12, callbackRetryDelayMs: 250 } : {},
      ),
    );
    let running = true;
    const shutdown = async () => {
      running = false;
      await pipeline.stopAll();
      await standIn.stop().catch(() => undefined);
    };
    try {
      const franchise = demoFranchise(runId, escalationSeconds);
      const manifestPath = join(workDir, 'franchise.yaml');
      writeFileSync(manifestPath, franchise.manifestYaml);
      // A console account for the tenant's owner (a fresh random password each run; local only).
      const consolePassword = randomBytes(12).toString('base64url');
      const apply = ['tenants', 'apply', '-f', manifestPath];
      // --tenant takes the slug: the owner can be created in the same CLI process as the tenant, before its id is known.
      const createOwner = { args: ['users', 'create', '--tenant', franchise.slug, '--email', franchise.ownerEmail, '--name', 'Demo Owner', '--role', 'owner'], env: { TEXTBACK_USER_PASSWORD: consolePassword } };
      const tenantIdIn = (out: { stdout: string; stderr: string }): string => {
        const id = /tenant ([0-9a-f-]{36})/.exec(out.stderr + out.stdout)?.[1];
        if (!id) throw new Error(`tenants apply printed no tenant id:\n${out.stderr}${out.stdout}`);
        log(`    ${franchise.name}: tenant ${id}, ${franchise.locations.map((l) => `${l.name} (${l.timeZone})`).join(', ')}`);
        return id;
      };
      const seedFranchise = async (): Promise<string> => {
        log('3/6 demo franchise (textback tenants apply, textback users create)…');
        const id = tenantIdIn(await pipeline.textback(apply));
        await pipeline.textback(createOwner.args, createOwner.env);
        return id;
      };
      log(`2/6 migrations, carrier stand-in, ${embedded ? 'the single process (six services and the console)' : 'six services and the console'}…`);
      let seededId: string | undefined;
      if (embeddedPipeline) {
        // The embedded store admits one process: the CLI migrates it and writes the franchise before the host opens it,
        // the three commands in one CLI process (Node.js and the CLI's modules load once).
        log('3/6 demo franchise (textback migrate all, tenants apply, users create, in one CLI process)…');
        seededId = tenantIdIn(await embeddedPipeline.textbackInOneProcess([{ args: ['migrate', 'all'] }, { args: apply }, createOwner]));
      } else await pipeline.prepare();
      await standIn.start(carrierPort, '127.0.0.1');
      const startedAt = Date.now();
      await pipeline.startAll();
      if (embeddedPipeline) log(`    ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: one process (pid ${embeddedPipeline.pid()}) on :${basePort}, data directory ${embeddedPipeline.dataDir}; carrier stand-in :${carrierPort}`);
      else log(`    ready: ${PIPELINE_SERVICES.map((s) => `${s} :${pipeline.port(s)}`).join(', ')}; carrier stand-in :${carrierPort}`);
      const tenantId = seededId ?? (await seedFranchise());
      const token = await pipeline.accessToken({ tenantId, role: 'owner', userId: 'demo-owner' }, 12 * 3_600);
      if (stack) await waitForLocations(stack.DATABASE_URL, tenantId, franchise.locations.length, pipeline.url('reporting'), token);
      else await waitForLocationsEmbedded(pipeline, tenantId, franchise.locations.length, token);

      const profile = opts.profile ?? join(ROOT, '../shared/eval/callcenter_profile.json');
      const dayProfile = existsSync(profile) ? profileFromCallCentre(JSON.parse(readFileSync(profile, 'utf8')) as unknown) : DEFAULT_DAY_PROFILE;
      const replies = opts.replies ? loadReplies(opts.replies) : BUILT_IN_REPLIES;
      const day = generateDay({ calls, replaySeconds, seed, locationWeights: franchise.locations.map((l) => l.weight), ringTimeoutSeconds: franchise.locations.map((l) => l.ringTimeoutSeconds), profile: dayProfile });
      for (const c of day) if (c.line === 'landline') standIn.setLineType(c.from, 'landline');
      log(`4/6 replaying the day: ${day.length} calls (${day.filter((c) => c.outcome !== 'answered').length} unanswered, ${day.filter((c) => c.redialOf !== undefined).length} redials), profile ${existsSync(profile) ? profile : 'built in'}, replies ${opts.replies ?? 'built in'}`);

      const rand = seededRandom(seed + 1);
      // A texted caller answers after 1-3 s in the single process (its day goes by in a minute), 2-6 s on the slower
      // distributed stack: the day's last conversations end sooner, with the same turns.
      const thinkMs: [number, number] = embedded ? [1_000, 3_000] : [2_000, 6_000];
      const bots = { standIn, replies, rand, thinkMs, patienceMs: patienceSeconds * 1000, running: () => running };
      const onCall = franchise.locations.flatMap((l) => l.onCall.map((p, i) => playOnCall(bots, p.e164, l.mainLine, i === 0 ? 0.5 : 1)));
      const transcripts: Array<Promise<CallerTranscript | undefined>> = [];
      let started = Date.now();
      const texted = new Set<string>();
      // The kill: as the carrier hears the end of the first missed call from a mobile (its first text and lead still to
      // come) in the second half of the day; not a voicemail, whose recording callback comes after the call ended.
      const killAfter = killDuringReplay ? (day.find((c) => c.index >= day.length / 2 && ['ring_timeout', 'hangup_early', 'busy'].includes(c.outcome) && c.line === 'mobile' && c.redialOf === undefined)?.index ?? day.length - 1) : -1;
      let killLine: string | undefined;
      let killedAt = 0;
      let conversationsOver = 0;
      let placed = 0;
      const ours = new Set(franchise.locations.map((l) => l.mainLine));
      const progress = setInterval(() => log(`    ${Math.round((Date.now() - started) / 1000)} s: ${placed}/${day.length} calls, ${standIn.messages.filter((m) => ours.has(m.from)).length} texts at the carrier, ${transcripts.length} callers texting`), 15_000);
      const placing: Array<Promise<unknown>> = [];
      for (const call of day) {
        const wait = started + call.atSeconds * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
        const location = franchise.locations[call.locationIndex]!;
        placing.push(placeDemoCall(standIn, call, location).then(() => placed++));
        const key = `${location.mainLine}|${call.from}`;
        if (call.outcome !== 'answered' && call.line === 'mobile' && !texted.has(key)) {
          texted.add(key);
          transcripts.push(playTextedCaller(bots, call.from, location.mainLine, call.behaviour, location.place).finally(() => conversationsOver++));
        }
        if (call.index === killAfter && embeddedPipeline) {
          // The replay pauses while the process is down (Bandwidth does not retry a call's initiate; see demo-kill.ts).
          const down = await killAndRestart(embeddedPipeline, standIn, placing.slice(0, -1), standIn.callsPlaced({ from: call.from, to: location.mainLine }).at(-1), { placed: call.index + 1, calls: day.length, texted, ours, conversing: () => transcripts.length - conversationsOver });
          started += down.downMs;
          killedAt = down.killedAt;
          killLine = down.line;
          log(`    ${down.line}`);
        }
      }
      await Promise.all(placing);
      log(`    all ${day.length} calls placed in ${Math.round((Date.now() - started) / 1000)} s; waiting for the conversations to finish…`);
      const finished = (await Promise.all(transcripts)).filter((t): t is CallerTranscript => t !== undefined);
      clearInterval(progress);
      if (killedAt > 0) {
        log('    after the kill: waiting for sends under way at the kill to be reconciled (35 s) and until messaging has no text due…');
        await waitForWorkHeldAtKill(pipeline.url('messaging'), killedAt);
      }

      log('5/6 the office marks booked jobs won; waiting for reporting to settle…');
      const crm = pipeline.url('lead-crm');
      const won = await markBookedJobsWon(crm, token, rand);
      // Let the last escalations fire before counting; embedded: until every page ended in an
      // acknowledgement or an escalation, at most the tail counted from the last page sent.
      if (embedded) await waitForPagesSettled(standIn, franchise.locations, `${pipeline.url('reporting')}/v1/tenants/${tenantId}/reports/roi`, token, tailSeconds * 1000);
      else await sleep(tailSeconds * 1000);
      running = false;
      await Promise.all(onCall);

      log('6/6 results');
      const factsInput = { tenantId, day, franchise: franchise.locations, standIn, transcripts: finished, crmUrl: crm, reportingUrl: pipeline.url('reporting'), token, wonMarked: won };
      let memory: ReturnType<EmbeddedPipeline['memory']>;
      let killSources: Awaited<ReturnType<typeof readKillSources>> | undefined;
      // telephony-ingest's fail-open counters live in the running process: read once the run settled, before it stops.
      let telephonyMetrics: Awaited<ReturnType<typeof readTelephonyPathMetrics>> | undefined;
      const facts: DemoFacts = embeddedPipeline
        ? await collectFactsAfterStop({
            ...factsInput,
            dataDir: embeddedPipeline.dataDir,
            stop: async () => {
              telephonyMetrics = await readTelephonyPathMetrics(pipeline.url('telephony-ingest'));
              memory = embeddedPipeline.memory();
              await embeddedPipeline.stopAll();
            },
            ...(killDuringReplay ? { readMore: async (query) => void (killSources = await readKillSources(query, tenantId)) } : {}),
          })
        : await collectFacts({ ...factsInput, databaseUrl: stack!.DATABASE_URL });
      telephonyMetrics ??= await readTelephonyPathMetrics(pipeline.url('telephony-ingest'));
      log(formatFunnelTable(facts));
      log('');
      log(formatCarrierSummary(facts, standIn.requestsOf('createCall').filter((r) => r.status < 300).length));
      // The example shows a caller who stated a preference and got offers: the offers should fall inside its window.
      const fitOf = (t: CallerTranscript) => {
        const zone = franchise.locations.find((l) => l.mainLine === t.businessNumber)?.timeZone ?? 'UTC';
        const business = standIn.messagesTo(t.caller).filter((m) => m.from === t.businessNumber).map((m) => ({ text: m.text, at: new Date(m.time) }));
        return offerFit(t.sent, business, zone);
      };
      const stated = finished.filter((t) => fitOf(t) !== null);
      const example = stated.find((t) => t.pickedSlot && /friday/i.test(fitOf(t)?.label ?? '')) ?? stated.find((t) => t.pickedSlot) ?? stated[0] ?? finished.find((t) => t.pickedSlot) ?? finished.find((t) => t.sent.length > 1);
      if (example) log(`\n${formatConversation(example, standIn)}`);
      const fit = example ? fitOf(example) : null;
      if (fit) log(`  (stated "${fit.label}": ${fit.inside} of ${fit.offered.length} offered slots inside that window${fit.saidNoCapacity ? '; the text said the window had no free slot' : ''})`);
      const fits = stated.map(fitOf).filter((f): f is NonNullable<typeof f> => f !== null);
      const fitTotals = totalOfferFits(fits);
      if (fits.length > 0) log(formatOfferFitTotals(fitTotals));
      // After a kill too, reporting must reconcile exactly: the restart rebuilds the rollups from `events` (the analytics
      // store found the killed process's open marker), so an event whose rollup push the kill cut off is counted.
      const failures = checkInvariants(facts);
      // Offers go outside the caller's window only when it has no free slot, and the text says so.
      if (fitTotals.outsideAlthoughCapacity > 0) failures.push(`${fitTotals.outsideAlthoughCapacity} offered slots outside the stated window although the text did not say the window was full`);
      if (killSources) {
        const stops = finished.filter((t) => t.stoppedAt).map((t) => ({ caller: t.caller, businessNumber: t.businessNumber }));
        const kill = checkKillInvariants(facts, { ...killSources, callsPlaced: day.length, callerTexts: callerTextDeliveries(standIn), stops } satisfies KillFacts);
        log(`\n${killLine ?? 'The kill did not happen'}`);
        log(formatKillSummary(kill.summary));
        failures.push(...kill.failures.map((f) => `after the kill: ${f}`));
        if (!killLine) failures.push('--kill-during-replay: the process was not killed');
        facts.invariantsChecked.push('after the kill: no call, lead, first text, caller text or opt-out lost or doubled');
      }
      // The services stop when the demo ends: their URLs are worth printing only when they stay up (--keep).
      const browse = [
        `API docs: ${pipeline.url('reporting')}/docs (reporting), ${crm}/docs (lead-crm)`,
        `Staff console: ${pipeline.url('console')}/ (sign in as ${franchise.ownerEmail}, password ${consolePassword})`,
        `ROI: ${pipeline.url('console')}/reports/roi (the console's ROI screen, same sign-in)`,
        `Bearer token (owner of this demo tenant, 12 h): ${token}`,
      ];
      log('');
      if (!opts.keep) log('To browse the staff console, its ROI screen and the API docs after the run: npm run demo -- --keep (the services stop when the demo ends).');
      if (embeddedPipeline) {
        const mb = (bytes: number | undefined) => (bytes === undefined ? 'unknown' : `${Math.round(bytes / 1_048_576)} MB`);
        log(`Single process: peak resident set (VmHWM) ${mb(memory?.peakRssBytes)}, ${mb(memory?.rssBytes)} at the end; demo wall time ${Math.round((Date.now() - demoStarted) / 1000)} s; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
      }
      // How the run degraded (demo-health.ts): lost callbacks fail the run, a loaded machine's symptoms only warn.
      const health = checkRunHealth(
        { ...facts, firstTextP95Seconds: facts.totals.ttft_p95_seconds, telephony: telephonyMetrics, callsPlaced: day.length },
        embedded ? FIRST_TEXT_P95_WARN_SECONDS.embedded : FIRST_TEXT_P95_WARN_SECONDS.local,
      );
      failures.push(...health.failures);
      log(`Run health: ${health.checked.join('; ')}.`);
      if (health.warnings.length > 0) {
        log('\nWARNINGS (the run degraded; these leave the exit code at 0, see docs/demo-output.md):');
        for (const w of health.warnings) log(`  - ${w}`);
      }
      if (failures.length === 0) log(`\nAll invariants hold: ${facts.invariantsChecked.join('; ')}.`);
      else {
        log('\nINVARIANTS BROKEN:');
        for (const f of failures) log(`  - ${f}`);
      }
      if (opts.keep) {
        // The embedded process was stopped to read its data directory: start it again on the same data.
        await pipeline.startAll();
        log('');
        for (const line of browse) log(line);
        log('--keep: services and the stand-in keep running; Ctrl-C stops them.');
        await new Promise<void>((r) => process.once('SIGINT', () => r()));
      }
      return failures.length === 0 ? 0 : 1;
    } finally {
      await shutdown();
    }
  });
}

/**
 * The kill of `--kill-during-replay`: waits until the earlier calls finished their voice callbacks (a call whose
 * callback fails is dropped by the carrier, as Bandwidth does) and the process answered `call`'s `disconnect`, then at
 * once SIGKILLs it, with that call's first text and lead, other callers' conversations and delivery receipts in
 * flight, and starts it again on the same data directory.
 * @returns when it was killed (epoch ms), how long it was down (ms; the replay's clock moves on by as much) and a line
 * saying what was in flight at the kill.
 */
async function killAndRestart(pipeline: EmbeddedPipeline, standIn: BandwidthStandIn, earlierCalls: Array<Promise<unknown>>, call: PlacedCall | undefined, at: { placed: number; calls: number; texted: Set<string>; ours: Set<string>; conversing: () => number }): Promise<{ killedAt: number; downMs: number; line: string }> {
  await Promise.all(earlierCalls);
  while (call && !call.done && !call.exchanges.some((e) => e.eventType === 'disconnect' && e.status >= 200 && e.status < 300)) await sleep(5);
  const firstTexted = new Set(standIn.messages.filter((m) => at.ours.has(m.from)).map((m) => `${m.from}|${m.to[0] ?? ''}`));
  const awaiting = [...at.texted].filter((k) => !firstTexted.has(k)).length;
  const textsAtCarrier = standIn.messages.filter((m) => at.ours.has(m.from)).length;
  const conversing = at.conversing();
  const pid = pipeline.pid();
  const killedAt = Date.now();
  await pipeline.kill();
  await pipeline.startAll();
  const downMs = Date.now() - killedAt;
  // The restart's own report of the rollups' rebuild (the analytics store found the killed process's open marker).
  const rebuilt = pipeline.tail().map((l) => /rebuilt ([a-z_, ]+) from (\d+) events rows/.exec(l)).find((m) => m !== null);
  return {
    killedAt,
    downMs,
    line: `Kill during replay: SIGKILL to pid ${pid} after call ${at.placed} of ${at.calls} (${textsAtCarrier} texts at the carrier, ${awaiting} of ${at.texted.size} missed callers still awaiting their first text, ${conversing} conversations going on); restarted on the same data directory as pid ${pipeline.pid()}, down ${(downMs / 1000).toFixed(1)} s; ${rebuilt ? `reporting rebuilt its rollups from ${rebuilt[2]} stored events` : 'reporting did not rebuild its rollups'}.`,
  };
}

/** Every caller text (message-received) the stand-in posted, with its last delivery attempt. */
function callerTextDeliveries(standIn: BandwidthStandIn): CallerTextDelivery[] {
  const byId = new Map<string, CallerTextDelivery>();
  for (const d of standIn.callbackDeliveries) {
    for (const e of d.events) {
      if (e.type !== 'message-received') continue;
      byId.set(e.message.id, { messageId: e.message.id, from: e.message.from, to: e.message.to[0] ?? '', text: e.message.text ?? '', lastStatus: d.status, attempts: d.attempt });
    }
  }
  return [...byId.values()];
}

/** Waits until every service knows the demo's locations (config topic consumed). */
async function waitForLocations(databaseUrl: string, tenantId: string, count: number, reportingUrl: string, token: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const schemas = ['telephony', 'messaging', 'conversation', 'scheduling'];
      const counts = await Promise.all(schemas.map(async (s) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.location_directory WHERE tenant_id = $1`, [tenantId])).rows[0]?.n ?? 0)));
      const res = await fetch(`${reportingUrl}/v1/tenants/${tenantId}/locations`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
      const reporting = res?.ok ? ((await res.json()) as { locations: unknown[] }).locations.length : 0;
      const answer = res ? `${res.status}${res.ok ? '' : ` ${await res.text()}`}` : 'no answer';
      if (counts.every((n) => n === count) && reporting === count) return;
      if (Date.now() > deadline) throw new Error(`the services did not learn the demo locations within 120 s (${schemas.map((s, i) => `${s} ${counts[i]}`).join(', ')}, reporting ${reporting} of ${count}: ${answer})`);
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}

/**
 * The embedded mode's {@link waitForLocations}: reporting's API lists the demo locations and every other consuming
 * service's in-process bus handled at least one location config event per location (the data directory is fresh: the
 * demo's are the only ones), read from each service's `textback_consumer_messages_total` on `/_services/<name>/metrics`.
 */
async function waitForLocationsEmbedded(pipeline: DemoPipeline, tenantId: string, count: number, token: string): Promise<void> {
  const consumers: PipelineServiceName[] = ['telephony-ingest', 'messaging', 'conversation-ai', 'scheduling'];
  const handled = async (service: PipelineServiceName): Promise<number> => {
    const text = await (await fetch(`${pipeline.url(service)}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('textback_consumer_messages_total{') && l.includes(`topic="${locationConfigV1.topic}"`) && l.includes('outcome="handled"'));
    return Number(line?.split(' ').pop() ?? 0);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    const counts = await Promise.all(consumers.map(handled));
    const res = await fetch(`${pipeline.url('reporting')}/v1/tenants/${tenantId}/locations`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
    const reporting = res?.ok ? ((await res.json()) as { locations: unknown[] }).locations.length : 0;
    if (counts.every((n) => n >= count) && reporting === count) return;
    if (Date.now() > deadline) throw new Error(`the services did not learn the demo locations within 120 s (${consumers.map((s, i) => `${s} ${counts[i]}`).join(', ')}, reporting ${reporting} of ${count})`);
    await sleep(500);
  }
}

/**
 * Waits until every page has ended: reporting's totals (`roiUrl`, the tenant's ROI report for the days around now) hold
 * at least the pages the carrier saw (texts to an on-call or manager number asking for an ACK), and pages = escalations
 * + acknowledgements (each page ends in exactly one of them; an exhausted list ends in a last escalation), on two reads
 * a second apart. So no escalation is still due when the demo counts, without waiting out a fixed tail when the last
 * page was acknowledged. At most until `tailMs` have passed since the last page the carrier saw (an on-call page call,
 * or a text to an on-call number; a page sent meanwhile moves the end), as before: an escalation due after it has fired.
 */
async function waitForPagesSettled(standIn: BandwidthStandIn, locations: DemoLocation[], roiUrl: string, token: string, tailMs: number): Promise<void> {
  const onCall = new Set(locations.flatMap((l) => l.onCall.map((p) => p.e164)));
  const paged = new Set(locations.flatMap((l) => [...l.onCall.map((p) => p.e164), l.managerE164]));
  const lines = new Set(locations.map((l) => l.mainLine));
  const lastPageAt = () =>
    Math.max(
      0,
      ...standIn.requestsOf('createCall').map((r) => r.receivedAt.getTime()),
      ...standIn.messages.filter((m) => m.to.some((to) => onCall.has(to))).map((m) => new Date(m.time).getTime()),
    );
  const settled = async (): Promise<boolean> => {
    const carrierPages = standIn.messages.filter((m) => lines.has(m.from) && m.to.some((to) => paged.has(to)) && /reply ack/i.test(m.text)).length;
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(`${roiUrl}?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
    if (!res?.ok) return false;
    const rows = ((await res.json()) as { locations: Array<Record<string, unknown>> }).locations;
    const sum = (field: string) => rows.reduce((n, r) => n + (typeof r[field] === 'number' ? r[field] : 0), 0);
    return sum('pages') >= carrierPages && sum('pages') === sum('escalations') + sum('acknowledged');
  };
  let balanced = 0;
  for (let wait = lastPageAt() + tailMs - Date.now(); wait > 0 && balanced < 2; wait = lastPageAt() + tailMs - Date.now()) {
    balanced = (await settled()) ? balanced + 1 : 0;
    if (balanced < 2) await sleep(Math.min(wait, 1_000));
  }
}

/** The office closes most booked jobs as won, with the actual invoice (±30 % of the estimate). */
async function markBookedJobsWon(crmUrl: string, token: string, rand: () => number): Promise<number> {
  const res = await fetch(`${crmUrl}/v1/leads?stage=booked&limit=100`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /v1/leads answered ${res.status}`);
  const body = (await res.json()) as { items: Array<{ id: string; estimatedValueCents: number | null }> };
  let won = 0;
  for (const lead of body.items) {
    if (rand() > 0.7) continue;
    const actual = Math.round((lead.estimatedValueCents ?? 40_000) * (0.7 + rand() * 0.6));
    const r = await fetch(`${crmUrl}/v1/leads/${lead.id}/outcome`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'won', actualValueCents: actual }) });
    if (r.ok) won++;
  }
  return won;
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`demo: ${err.message}`);
      process.exit(2);
    }
    console.error(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
