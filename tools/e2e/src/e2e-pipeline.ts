import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { BandwidthStandIn, type BandwidthStandInOptions, loadStackEnv, type StackEnv } from '@textback/testing';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { parse, stringify } from 'yaml';
import { type E2eDatabase, pgDatabase } from './e2e-database';
import { demoFranchise, type DemoFranchise } from '../../demo/src/demo-franchise';
import { LocalPipeline, type PipelineCarrierCredentials, type PipelineServiceName, pipelineStandInOptions } from '../../pipeline/src/local-pipeline';

/** Repository root (this file is tools/e2e/src/, run by Jest from source, or dist/tools/e2e/src/ compiled, e.g. by `npm run bench:console`). */
export const REPO_ROOT = basename(resolve(__dirname, '../../..')) === 'dist' ? resolve(__dirname, '../../../..') : resolve(__dirname, '../../..');

/** Options of {@link startE2ePipeline}. */
export interface E2ePipelineOptions {
  /** Port of telephony-ingest; the other five follow (see LocalPipeline). Pick ports no other test or the demo uses. */
  basePort: number;
  /** Port of the in-process Bandwidth stand-in. */
  carrierPort: number;
  /** Per-service extra environment (e.g. scheduling's FOLLOW_UP_STEPS). */
  serviceEnv?: Partial<Record<PipelineServiceName, Record<string, string>>>;
  /** Edits the generated franchise manifest (a parsed YAML object) before `textback tenants apply`. */
  editManifest?: (manifest: FranchiseManifest, now: Date) => void;
  /** Extra stand-in options (callback retries...). */
  standIn?: Partial<BandwidthStandInOptions>;
}

/** The parts of the `textback tenants apply` manifest the end-to-end tests edit. */
export interface FranchiseManifest {
  locations: Array<{ slug: string; quietHours: { start: string; end: string }; onCall: { escalationTimeoutSeconds: number }; [k: string]: unknown }>;
  [k: string]: unknown;
}

/** A running pipeline with a freshly seeded tenant, as the end-to-end and kill tests use it. */
export interface E2ePipeline {
  runId: string;
  stack: StackEnv;
  pipeline: LocalPipeline;
  standIn: BandwidthStandIn;
  franchise: DemoFranchise;
  /** The manifest as applied (after `editManifest`). */
  manifest: FranchiseManifest;
  tenantId: string;
  /** Owner JWT of the tenant (HS256 with the pipeline's secret, 2 h). */
  token: string;
  /** A PostgreSQL client on the shared database (every service schema). */
  db: Client;
  /** Where each service's log goes (`<service>.log`). */
  logDir: string;
  /** Stops the services (gracefully), the stand-in and the database client. */
  stop(): Promise<void>;
}

/** The carrier credentials the e2e pipeline's services and stand-in share (callback passwords of 32+ characters: production mode). */
export const E2E_CARRIER_CREDENTIALS: PipelineCarrierCredentials = {
  apiUsername: 'e2e-api',
  apiPassword: 'e2e-api-password',
  voiceCallbackUsername: 'e2e-voice',
  voiceCallbackPassword: 'e2e-voice-callback-password-0123456789abcdef',
  messagingCallbackUsername: 'e2e-messaging',
  messagingCallbackPassword: 'e2e-messaging-callback-password-0123456789abcdef',
};

/**
 * Starts the whole pipeline the way production runs it, on the local stack: migrations and
 * consumer groups at the topic ends (`LocalPipeline.prepare`), the Bandwidth stand-in as the
 * carrier (in this process, Voice application -> telephony-ingest, messaging callbacks ->
 * messaging, automatic delivery receipts, no waiting for simulated ring time), the six services
 * as separate processes, then a tenant of its own: the demo franchise (Denver and Chicago 24/7,
 * Boston office hours) with a slug and numbers unique to this run, applied with
 * `textback tenants apply`; resolves once every service knows its locations.
 * @throws Error when dist/ is missing, a service does not become ready, or the apply fails.
 */
export async function startE2ePipeline(options: E2ePipelineOptions): Promise<E2ePipeline> {
  const stack = loadStackEnv();
  const runId = String(randomInt(100_000, 1_000_000));
  const logDir = join(tmpdir(), `textback-e2e-${runId}`);
  mkdirSync(logDir, { recursive: true });
  const jwtSecret = `e2e-secret-${runId}-0123456789abcdefghijklmnopqrstuv`;
  const carrierUrl = `http://127.0.0.1:${options.carrierPort}`;
  const pipeline = new LocalPipeline({ rootDir: REPO_ROOT, stack, carrierUrl, credentials: E2E_CARRIER_CREDENTIALS, jwtSecret, basePort: options.basePort, logDir, ...(options.serviceEnv ? { serviceEnv: options.serviceEnv } : {}) });
  const standIn = new BandwidthStandIn(pipelineStandInOptions({ telephonyIngestUrl: pipeline.url('telephony-ingest'), messagingUrl: pipeline.url('messaging') }, E2E_CARRIER_CREDENTIALS, options.standIn));
  const db = new Client({ connectionString: stack.DATABASE_URL });
  const stop = async () => {
    await pipeline.stopAll();
    await standIn.stop().catch(() => undefined);
    await db.end().catch(() => undefined);
  };
  try {
    await db.connect();
    await pipeline.prepare();
    await standIn.start(options.carrierPort, '127.0.0.1');
    await pipeline.startAll();
    const { franchise, manifest, tenantId } = await applyFranchise((path) => promisify(execFile)(process.execPath, [CLI_MAIN, 'tenants', 'apply', '-f', path], { env: { ...process.env, DATABASE_URL: stack.DATABASE_URL } }), logDir, runId, options.editManifest);
    const token = await pipeline.accessToken({ tenantId, role: 'owner', userId: `e2e-owner-${runId}` }, 2 * 3_600);
    await waitForLocations(pgDatabase(db), tenantId, manifest.locations.length, pipeline.url('reporting'), token);
    return { runId, stack, pipeline, standIn, franchise, manifest, tenantId, token, db, logDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The built `textback` command. */
export const CLI_MAIN = join(REPO_ROOT, 'dist/tools/cli/src/textback.js');

/** Runs `textback tenants apply -f <path>` on the mode's store; rejects (with stderr) when it exits non-zero. */
export type TenantsApply = (manifestPath: string) => Promise<{ stdout: string; stderr: string }>;

/**
 * Writes the run's franchise manifest and applies it with the built CLI (`apply`). The numbers come from
 * the last four digits of the run id; when another tenant already holds them (an earlier run with
 * the same digits), a new id is drawn (up to three tries).
 */
export async function applyFranchise(apply: TenantsApply, logDir: string, firstRunId: string, edit: E2ePipelineOptions['editManifest']): Promise<{ franchise: DemoFranchise; manifest: FranchiseManifest; tenantId: string }> {
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const runId = attempt === 0 ? firstRunId : String(randomInt(100_000, 1_000_000));
    const franchise = demoFranchise(runId);
    const manifest = parse(franchise.manifestYaml) as FranchiseManifest;
    (manifest.tenant as { slug: string }).slug = `e2e-${runId}`;
    edit?.(manifest, new Date());
    const path = join(logDir, `franchise-${runId}.yaml`);
    writeFileSync(path, stringify(manifest));
    try {
      const applied = await apply(path);
      const tenantId = /tenant ([0-9a-f-]{36})/.exec(applied.stderr + applied.stdout)?.[1];
      if (tenantId) return { franchise, manifest, tenantId };
      lastError = `tenants apply printed no tenant id:\n${applied.stderr}${applied.stdout}`;
    } catch (err) {
      lastError = String((err as { stderr?: string }).stderr ?? err);
      if (!/already/i.test(lastError)) break;
    }
  }
  throw new Error(`textback tenants apply failed: ${lastError}`);
}

/** Waits until telephony-ingest, messaging, conversation-ai, scheduling, console and reporting know the tenant's locations (config topic consumed). */
export async function waitForLocations(db: E2eDatabase, tenantId: string, count: number, reportingUrl: string, token: string): Promise<void> {
  const schemas = ['telephony', 'messaging', 'conversation', 'scheduling', 'console'];
  // Up to two minutes: a consumer group that still lists members of a run that was killed waits for
  // their Kafka sessions (30 s) to expire before it assigns partitions to the new services.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const counts: number[] = [];
    for (const s of schemas) counts.push(Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.location_directory WHERE tenant_id = $1`, [tenantId])).rows[0]?.n ?? 0));
    const res = await fetch(`${reportingUrl}/v1/tenants/${tenantId}/locations`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
    const reporting = res?.ok ? ((await res.json()) as { locations: unknown[] }).locations.length : 0;
    const answer = res ? `${res.status}${res.ok ? '' : ` ${await res.text()}`}` : 'no answer';
    if (counts.every((n) => n === count) && reporting === count) return;
    if (Date.now() > deadline) throw new Error(`the services did not learn the locations within 120 s (${schemas.map((s, i) => `${s} ${counts[i]}`).join(', ')}, reporting ${reporting} of ${count}: ${answer})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Quiet hours that cover `now` in `zone` for the next few hours: from the start of the previous
 * local hour to four hours later (local `HH:mm`; the window may cross midnight).
 */
export function quietHoursAround(now: Date, zone: string): { start: string; end: string } {
  const local = DateTime.fromJSDate(now, { zone }).startOf('hour').minus({ hours: 1 });
  return { start: local.toFormat('HH:mm'), end: local.plus({ hours: 4 }).toFormat('HH:mm') };
}

/**
 * A fresh NANP mobile-looking caller number for this run: a random exchange (never 555) and line,
 * so line-type caches and contacts of earlier runs never apply.
 */
export function newCallerNumber(area = '303'): string {
  const exchange = randomInt(200, 900);
  return `+1${area}${exchange === 555 ? 556 : exchange}${String(randomInt(0, 10_000)).padStart(4, '0')}`;
}

/** GET with the bearer token; @throws Error with the status and body when not 2xx. */
export async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
