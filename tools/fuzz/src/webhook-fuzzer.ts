import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BandwidthStandIn, loadStackEnv, pollUntil } from '@textback/testing';
import { Client } from 'pg';
import { bandwidthMessageCallbackSchema } from '../../../services/messaging/src/modules/inbound/bandwidth-callback.schema';
import { storedTwilioCallbackSchema, twilioInboundParamsSchema, twilioStatusParamsSchema } from '../../../services/messaging/src/modules/inbound/provider-callback.normalizer';
import { parseBandwidthCallback } from '../../../services/telephony-ingest/src/modules/calls/adapters/bandwidth/bandwidth-voice.mapper';
import { parseTwilioWebhook, type TwilioVoiceHook } from '../../../services/telephony-ingest/src/modules/calls/adapters/twilio/twilio-voice.mapper';
import { LocalPipeline, type PipelineCarrierCredentials } from '../../pipeline/src/local-pipeline';
import { type FuzzCase, type FuzzTarget, type ValidText, WebhookCaseGenerator } from './webhook-case.generator';

/** Repository root (this file is tools/fuzz/src/; compiled to dist/tools/fuzz/src or run by Jest from source). */
const REPO_ROOT = [resolve(__dirname, '../../..'), resolve(__dirname, '../../../..')].find((d) => !d.endsWith('/dist')) ?? resolve(__dirname, '../../..');

/** Options of {@link runWebhookFuzz}. */
export interface WebhookFuzzOptions {
  /** Requests to send. */
  count: number;
  seed: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Port of telephony-ingest; messaging is the next one (default 3921). */
  basePort?: number;
  /** Port of the Bandwidth stand-in messaging sends to (default 3930). */
  carrierPort?: number;
  /** Body limit the services are started with, bytes (default 65 536). */
  bodyLimitBytes?: number;
  /** Where the services' logs go (default a temporary directory). */
  logDir?: string;
  onProgress?: (line: string) => void;
}

/** What a fuzz run saw. Every list under `failures` must be empty. */
export interface WebhookFuzzReport {
  seed: number;
  requests: number;
  durationSeconds: number;
  /** Requests per `carrier channel`, e.g. `bandwidth messaging`. */
  byKind: Record<string, number>;
  /** Status codes seen, overall and per `carrier channel`. */
  statuses: Record<string, number>;
  statusesByKind: Record<string, Record<string, number>>;
  /** Valid events sent (distinct ids) and applied exactly once. */
  events: { textsExpected: number; textsApplied: number; stopsExpected: number; stopsApplied: number; callsExpected: number; callsApplied: number };
  rejectedEventsKept: number;
  /** Requests retried once after a connection error (then counted by their second answer). */
  transportRetries: number;
  failures: {
    serverErrors: string[];
    unexpectedStatus: string[];
    transportErrors: string[];
    lost: string[];
    doubled: string[];
    unexpectedEffects: string[];
    invalidStored: string[];
    notAlive: string[];
  };
}

const CREDENTIALS: PipelineCarrierCredentials = {
  apiUsername: 'fuzz-api',
  apiPassword: 'fuzz-api-password',
  voiceCallbackUsername: 'fuzz-voice',
  voiceCallbackPassword: 'fuzz-voice-callback-password-0123456789abcdef',
  messagingCallbackUsername: 'fuzz-messaging',
  messagingCallbackPassword: 'fuzz-messaging-callback-password-0123456789abcdef',
};
const TWILIO_SID = 'AC0000000000000000000000000000f022';
const TWILIO_TOKEN = 'fuzz-twilio-auth-token';

function usNumber(): string {
  return `+1${['720', '303', '312'][randomBytes(1)[0]! % 3]}${200 + (randomBytes(2).readUInt16BE() % 700)}${String(randomBytes(2).readUInt16BE() % 10_000).padStart(4, '0')}`;
}

/** A location open around the clock with its own main line and sending number (both Bandwidth). */
function locationConfig(tenantId: string, locationId: string, mainLine: string, sendingNumber: string, forwardTo: string): Record<string, unknown> {
  const day = [{ open: '00:00', close: '24:00' }];
  return {
    locationId,
    tenantId,
    regionId: null,
    revision: 1,
    businessName: 'Fuzz Plumbing',
    locationName: 'Fuzz',
    timeZone: 'America/Denver',
    businessHours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    forwardToE164: forwardTo,
    phoneNumbers: [{ e164: mainLine, provider: 'bandwidth', purpose: 'main_line' }],
    sendingNumbers: [{ e164: sendingNumber, provider: 'bandwidth', campaignStatus: 'registered', messagesPerSecond: 50 }],
    services: [],
  };
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/** Twilio voice hook of a stored `call_webhook.event_type`. */
function twilioHookOf(eventType: string): TwilioVoiceHook {
  return eventType.startsWith('status:') ? 'status' : (eventType as TwilioVoiceHook);
}

/**
 * Runs the webhook fuzz against real services: telephony-ingest and messaging as processes from dist/ (LocalPipeline,
 * `npm run build` first) on the local stack, with a location of their own (LOCATION_CONFIG_FILE) and the Bandwidth
 * stand-in for messaging's sends. Sends `count` generated webhooks ({@link WebhookCaseGenerator}, seeded) with
 * `concurrency` in flight, waits until every stored inbound event is processed, then checks: no 5xx, each status as
 * the case expects, no transport error, both services alive and ready, every stored event passing its schema again,
 * and every valid event applied exactly once (a text: one `messaging.sms.received.v1` in messaging's outbox; a STOP:
 * one opt-out in the consent ledger; a call's first webhook: one call record and one `telephony.call.received.v1`),
 * with no effect from any other event.
 */
export async function runWebhookFuzz(options: WebhookFuzzOptions): Promise<WebhookFuzzReport> {
  const log = options.onProgress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stack = loadStackEnv();
  const basePort = options.basePort ?? 3921;
  const carrierPort = options.carrierPort ?? 3930;
  const bodyLimitBytes = options.bodyLimitBytes ?? 65_536;
  const runTag = randomBytes(3).toString('hex');
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), 'textback-fuzz-'));
  const tenantId = randomUUID();
  const locationId = randomUUID();
  const mainLine = usNumber();
  let sendingNumber = usNumber();
  while (sendingNumber === mainLine) sendingNumber = usNumber();
  const configFile = join(logDir, 'locations.json');
  writeFileSync(configFile, JSON.stringify([locationConfig(tenantId, locationId, mainLine, sendingNumber, usNumber())]));

  const carrierUrl = `http://127.0.0.1:${carrierPort}`;
  const pipeline = new LocalPipeline({
    rootDir: REPO_ROOT,
    stack,
    carrierUrl,
    credentials: CREDENTIALS,
    jwtSecret: `fuzz-secret-${runTag}-0123456789abcdefghijklmnopqrstuv`,
    basePort,
    logDir,
    env: { LOCATION_CONFIG_FILE: configFile, CARRIER_WEBHOOK_BODY_LIMIT_BYTES: String(bodyLimitBytes), TWILIO_AUTH_TOKEN: TWILIO_TOKEN },
    serviceEnv: { messaging: { TWILIO_ACCOUNT_SID: TWILIO_SID, TWILIO_API_BASE_URL: carrierUrl, INBOUND_SWEEP_INTERVAL_MS: '500', LOOP_INBOUND_THRESHOLD: '100' } },
  });
  const standIn = new BandwidthStandIn({ username: CREDENTIALS.apiUsername, password: CREDENTIALS.apiPassword, timeScale: 0 });
  const db = new Client({ connectionString: stack.DATABASE_URL, application_name: 'textback-fuzz' });
  const target: FuzzTarget = {
    telephonyPublicUrl: pipeline.url('telephony-ingest'),
    messagingPublicUrl: pipeline.url('messaging'),
    bandwidthVoiceAuth: { username: CREDENTIALS.voiceCallbackUsername, password: CREDENTIALS.voiceCallbackPassword },
    bandwidthMessagingAuth: { username: CREDENTIALS.messagingCallbackUsername, password: CREDENTIALS.messagingCallbackPassword },
    twilioAuthToken: TWILIO_TOKEN,
    mainLine,
    sendingNumber,
    bodyLimitBytes,
  };
  const failures: WebhookFuzzReport['failures'] = { serverErrors: [], unexpectedStatus: [], transportErrors: [], lost: [], doubled: [], unexpectedEffects: [], invalidStored: [], notAlive: [] };
  const note = (list: string[], line: string) => {
    if (list.length < 50) list.push(line);
  };
  try {
    await db.connect();
    await pipeline.prepare(log);
    await standIn.start(carrierPort, '127.0.0.1');
    await pipeline.start('telephony-ingest');
    await pipeline.start('messaging');
    log(`fuzz: services ready (logs in ${logDir}); sending ${options.count} webhooks, seed ${options.seed}`);

    const startedAt = new Date((await db.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now.getTime() - 1000);
    const generator = new WebhookCaseGenerator(options.seed, target, runTag);
    const byKind: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    const statusesByKind: Record<string, Record<string, number>> = {};
    const texts = new Map<string, ValidText>();
    const calls = new Set<string>();
    const t0 = Date.now();
    let sent = 0;
    let transportRetries = 0;
    let lastReport = Date.now();
    const sendOne = async (c: FuzzCase): Promise<void> => {
      const kind = `${c.carrier} ${c.channel}`;
      bump(byKind, kind);
      let status: string;
      const post = async () => {
        const res = await fetch(`${pipeline.url(c.service)}${c.path}`, { method: 'POST', headers: c.headers, body: c.body });
        await res.arrayBuffer();
        return String(res.status);
      };
      try {
        // A connection the server closed as it was reused (keep-alive race) is retried once, as a carrier would.
        status = await post().catch(async (err: unknown) => {
          if (c.expected.includes(413)) throw err;
          transportRetries += 1;
          return post();
        });
      } catch (err) {
        status = 'transport-error';
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? String(err);
        // A client still uploading an oversize body may see the connection closed right after the 413.
        if (!c.expected.includes(413)) note(failures.transportErrors, `${c.label}: ${cause}`);
        else status = '413';
      }
      bump(statuses, status);
      bump((statusesByKind[kind] ??= {}), status);
      if (status.startsWith('5')) note(failures.serverErrors, `${status} ${c.label} ${c.path}: ${c.body.subarray(0, 300).toString('utf8')}`);
      else if (status !== 'transport-error' && !c.expected.includes(Number(status))) note(failures.unexpectedStatus, `${status} (expected ${c.expected.join('/')}) ${c.label} ${c.path}: ${c.body.subarray(0, 300).toString('utf8')}`);
      if (status === String(c.expected[0])) {
        for (const t of c.texts) texts.set(`${t.carrier}:${t.messageId}`, t);
        for (const id of c.calls) calls.add(id);
      }
      sent += 1;
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        log(`fuzz: ${sent}/${options.count} sent (${Math.round(sent / ((Date.now() - t0) / 1000))}/s)`);
      }
    };
    const cases = Array.from({ length: options.count }, () => generator.next());
    let index = 0;
    await Promise.all(
      Array.from({ length: options.concurrency ?? 8 }, async () => {
        for (;;) {
          const c = cases[index++];
          if (!c) return;
          await sendOne(c);
        }
      }),
    );
    const sendSeconds = (Date.now() - t0) / 1000;
    log(`fuzz: ${sent} sent in ${sendSeconds.toFixed(1)} s; waiting for stored events to be processed`);

    await pollUntil(
      async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM messaging.inbound_callback WHERE received_at >= $1 AND processed_at IS NULL AND dead_at IS NULL', [startedAt])).rows[0]?.n) === 0,
      'every stored inbound event processed',
      180_000,
      500,
    );

    // Effects, counted in the services' own transactional records.
    const received = new Map<string, number>();
    for (const r of (await db.query<{ id: string; provider: string; n: string }>(
      `SELECT value::jsonb->'data'->>'providerMessageId' AS id, value::jsonb->'data'->>'provider' AS provider, count(*) AS n FROM messaging.outbox
       WHERE topic = 'messaging.sms.received.v1' AND value::jsonb->>'tenantId' = $1 GROUP BY 1, 2`,
      [tenantId],
    )).rows) received.set(`${r.provider}:${r.id}`, Number(r.n));
    const optOuts = new Map<string, number>();
    for (const r of (await db.query<{ phone: string; n: string }>(`SELECT phone_e164 AS phone, count(*) AS n FROM messaging.consent_ledger WHERE location_id = $1 AND action = 'opt_out' GROUP BY 1`, [locationId])).rows) optOuts.set(r.phone, Number(r.n));
    const callRows = new Map<string, number>();
    for (const r of (await db.query<{ id: string; n: string }>(`SELECT provider_call_id AS id, count(*) AS n FROM telephony.call WHERE location_id = $1 GROUP BY 1`, [locationId])).rows) callRows.set(r.id, Number(r.n));
    const callEvents = new Map<string, number>();
    for (const r of (await db.query<{ id: string; n: string }>(
      `SELECT value::jsonb->'data'->>'providerCallId' AS id, count(*) AS n FROM telephony.outbox WHERE topic = 'telephony.call.received.v1' AND value::jsonb->>'locationId' = $1 GROUP BY 1`,
      [locationId],
    )).rows) callEvents.set(r.id, Number(r.n));

    let textsApplied = 0;
    let stopsApplied = 0;
    let stopsExpected = 0;
    const stopCallers = new Set<string>();
    for (const [key, t] of texts) {
      if (t.stop) {
        stopsExpected += 1;
        stopCallers.add(t.from);
        const n = optOuts.get(t.from) ?? 0;
        if (n === 1) stopsApplied += 1;
        else note(n === 0 ? failures.lost : failures.doubled, `STOP ${key} from ${t.from}: ${n} opt-outs`);
        if (received.has(key)) note(failures.unexpectedEffects, `STOP ${key} also published sms.received`);
      } else {
        const n = received.get(key) ?? 0;
        if (n === 1) textsApplied += 1;
        else note(n === 0 ? failures.lost : failures.doubled, `text ${key}: ${n} sms.received events`);
      }
    }
    for (const key of received.keys()) if (!texts.has(key)) note(failures.unexpectedEffects, `sms.received for ${key}, not a valid event of this run`);
    for (const phone of optOuts.keys()) if (!stopCallers.has(phone)) note(failures.unexpectedEffects, `opt-out of ${phone}, who sent no valid STOP`);
    let callsApplied = 0;
    for (const id of calls) {
      const n = callRows.get(id) ?? 0;
      const e = callEvents.get(id) ?? 0;
      if (n === 1 && e === 1) callsApplied += 1;
      else note(n === 0 ? failures.lost : failures.doubled, `call ${id}: ${n} call records, ${e} call.received events`);
    }
    for (const id of callRows.keys()) if (!calls.has(id)) note(failures.unexpectedEffects, `call record for ${id}, not a valid first webhook of this run`);

    // Every stored event passes its schema again.
    for (const r of (await db.query<{ provider: string; event_type: string; payload: unknown }>('SELECT provider, event_type, payload FROM messaging.inbound_callback WHERE received_at >= $1', [startedAt])).rows) {
      const problem =
        r.provider === 'bandwidth'
          ? bandwidthMessageCallbackSchema.safeParse(r.payload).error
          : (() => {
              const stored = storedTwilioCallbackSchema.safeParse(r.payload);
              if (!stored.success) return stored.error;
              return (stored.data.kind === 'inbound' ? twilioInboundParamsSchema : twilioStatusParamsSchema).safeParse(stored.data.params).error;
            })();
      if (problem) note(failures.invalidStored, `messaging ${r.provider} ${r.event_type}: ${problem.issues[0]?.message ?? 'invalid'}`);
    }
    for (const r of (await db.query<{ provider: string; event_type: string; payload: unknown; received_at: Date }>('SELECT provider, event_type, payload, received_at FROM telephony.call_webhook WHERE received_at >= $1', [startedAt])).rows) {
      try {
        if (r.provider === 'bandwidth') parseBandwidthCallback(r.payload);
        else parseTwilioWebhook(twilioHookOf(r.event_type), r.payload, r.received_at.toISOString());
      } catch (err) {
        note(failures.invalidStored, `telephony ${r.provider} ${r.event_type}: ${String(err).slice(0, 200)}`);
      }
    }
    const rejectedEventsKept = Number(
      (await db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM messaging.webhook_event_rejection x JOIN messaging.raw_webhook w ON w.id = x.raw_webhook_id WHERE w.received_at >= $1)
              + (SELECT count(*) FROM telephony.webhook_event_rejection x JOIN telephony.raw_webhook w ON w.id = x.raw_webhook_id WHERE w.received_at >= $1) AS n`,
        [startedAt],
      )).rows[0]?.n,
    );

    for (const name of ['telephony-ingest', 'messaging'] as const) {
      const ready = await fetch(`${pipeline.url(name)}/health/ready`).catch(() => null);
      if (pipeline.pid(name) === undefined || ready?.status !== 200) note(failures.notAlive, `${name}: ${pipeline.pid(name) === undefined ? 'exited' : `ready answered ${ready?.status ?? 'nothing'}`}`);
    }
    return {
      seed: options.seed,
      requests: sent,
      durationSeconds: Math.round(sendSeconds * 10) / 10,
      byKind,
      statuses,
      statusesByKind,
      events: { textsExpected: texts.size - stopsExpected, textsApplied, stopsExpected, stopsApplied, callsExpected: calls.size, callsApplied },
      rejectedEventsKept,
      transportRetries,
      failures,
    };
  } finally {
    await pipeline.stopAll();
    await standIn.stop().catch(() => undefined);
    await db.end().catch(() => undefined);
  }
}

/** `npm run fuzz -- --count N --seed S [--concurrency C]`: prints the report as JSON; exit 1 when anything failed. */
async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 0) {
      console.error(`--${name} needs a non-negative integer`);
      process.exit(2);
    }
    return v;
  };
  const report = await runWebhookFuzz({ count: arg('count', 1000), seed: arg('seed', 1), concurrency: arg('concurrency', 8) });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const failed = Object.values(report.failures).some((l) => l.length > 0);
  process.stderr.write(failed ? 'fuzz: FAILED (see failures)\n' : `fuzz: OK — ${report.requests} requests, no 5xx, events lost: 0\n`);
  process.exit(failed ? 1 : 0);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
