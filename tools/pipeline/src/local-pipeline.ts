import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type AccessTokenClaims, signAccessToken } from '@textback/auth';
import { type BandwidthStandInOptions, type StackEnv, startGroupAtTopicEnds } from '@textback/testing';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { Client } from 'pg';
import { SERVICES } from '../../cli/src/service-registry';

/** Issuer and audience of the staff tokens the pipeline's services require (JWT_ISSUER, JWT_AUDIENCE). */
export const PIPELINE_JWT_ISSUER = 'https://auth.textback.local';
export const PIPELINE_JWT_AUDIENCE = 'textback-api';

/** The services in pipeline order (the six of the pipeline, then the staff console); the index gives the port offset. */
export const PIPELINE_SERVICES = ['telephony-ingest', 'messaging', 'conversation-ai', 'lead-crm', 'scheduling', 'reporting', 'console'] as const;
export type PipelineServiceName = (typeof PIPELINE_SERVICES)[number];

/**
 * The Bandwidth variables that point telephony-ingest and messaging at the Bandwidth stand-in at `carrierUrl` with
 * `credentials` (what the pipeline's services get, and what the single process gets in the embedded end-to-end runs).
 */
export function bandwidthStandInEnv(carrierUrl: string, c: PipelineCarrierCredentials): Record<string, string> {
  const carrier = carrierUrl.replace(/\/+$/, '');
  return {
    BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([{ username: c.voiceCallbackUsername, password: c.voiceCallbackPassword }]),
    BANDWIDTH_ACCOUNT_ID: 'standin-account',
    BANDWIDTH_USERNAME: c.apiUsername,
    BANDWIDTH_PASSWORD: c.apiPassword,
    BANDWIDTH_MESSAGING_APPLICATION_ID: 'standin-messaging-app',
    BANDWIDTH_VOICE_APPLICATION_ID: 'standin-voice-app',
    BANDWIDTH_MESSAGING_BASE_URL: `${carrier}/api/v2`,
    BANDWIDTH_LOOKUP_BASE_URL: `${carrier}/v2`,
    BANDWIDTH_VOICE_BASE_URL: `${carrier}/api/v2`,
    BANDWIDTH_CALLBACK_USERNAME: c.messagingCallbackUsername,
    BANDWIDTH_CALLBACK_PASSWORD: c.messagingCallbackPassword,
  };
}

/**
 * The other half of {@link bandwidthStandInEnv}: the Bandwidth stand-in's options for services whose base URLs are
 * `telephonyIngestUrl` and `messagingUrl` (the same for the single process): its API credentials, caller texts to
 * messaging's webhook and calls to telephony-ingest's voice webhooks with `credentials`, delivery receipts at once, no
 * ring time. `extra` adds or overrides options (retries of callbacks, a URL rewrite).
 */
export function pipelineStandInOptions(urls: { telephonyIngestUrl: string; messagingUrl: string }, c: PipelineCarrierCredentials, extra: Partial<BandwidthStandInOptions> = {}): BandwidthStandInOptions {
  return {
    username: c.apiUsername,
    password: c.apiPassword,
    messagingCallback: { url: `${urls.messagingUrl}/webhooks/bandwidth/messaging`, username: c.messagingCallbackUsername, password: c.messagingCallbackPassword },
    autoDeliveryCallbacks: true,
    voiceApplication: { callInitiatedCallbackUrl: `${urls.telephonyIngestUrl}/bandwidth/voice/initiate`, callStatusCallbackUrl: `${urls.telephonyIngestUrl}/bandwidth/voice/status`, username: c.voiceCallbackUsername, password: c.voiceCallbackPassword },
    timeScale: 0,
    ...extra,
  };
}

/** Credentials the carrier stand-in and the services share (local only, never production values). */
export interface PipelineCarrierCredentials {
  /** HTTP Basic the stand-in requires on Bandwidth's REST APIs (messaging, lookup, voice). */
  apiUsername: string;
  apiPassword: string;
  /** HTTP Basic on Bandwidth's voice callbacks to telephony-ingest (the Voice application's CallbackCreds). */
  voiceCallbackUsername: string;
  voiceCallbackPassword: string;
  /** HTTP Basic on Bandwidth's messaging callbacks to messaging (the Messaging application's callback creds). */
  messagingCallbackUsername: string;
  messagingCallbackPassword: string;
}

/** Options of {@link LocalPipeline}. */
export interface LocalPipelineOptions {
  /** Repository root; the services run from `<rootDir>/dist` (`npm run build`). */
  rootDir: string;
  stack: StackEnv;
  /** Base URL of the Bandwidth stand-in, e.g. `http://127.0.0.1:4010` (its `/api/v2` and `/v2` prefixes are appended). */
  carrierUrl: string;
  credentials: PipelineCarrierCredentials;
  /** HS256 secret the API services verify staff JWTs with (at least 32 characters). */
  jwtSecret: string;
  /** Port of telephony-ingest; the others follow in {@link PIPELINE_SERVICES} order (default 3001 -> 3001..3007). */
  basePort?: number;
  /** Each service's stdout and stderr are appended to `<logDir>/<service>.log` (default: discarded). */
  logDir?: string;
  /** Extra environment for every service (e.g. LOG_LEVEL), then per service. */
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<PipelineServiceName, Record<string, string>>>;
  /** How long a service may take to become ready, milliseconds (default 60 000). */
  readyTimeoutMs?: number;
}

interface RunningService {
  child: ChildProcess;
  exited: Promise<void>;
  log: WriteStream | null;
  tail: string[];
}

/**
 * The six Textback services as separate OS processes on the local stack, as the demo, the
 * end-to-end suite, the kill test and the whole-pipeline benchmark run them: each from `dist/`
 * with its own environment, pointed at the Bandwidth stand-in for every carrier API.
 *
 * `prepare()` migrates every schema (the one-off migration job) and moves each service's
 * consumer group to the end of its topics, so a run starts clean instead of replaying what
 * earlier test runs left on the shared local topics. Production never does this: there a new
 * group reads from the earliest offset.
 *
 * One pipeline at a time per stack: the services' consumer groups, schemas and topics are the
 * production names, so two pipelines would steal each other's events. `prepare()` takes a
 * PostgreSQL advisory lock (released by `stopAll()`, or by the database when the process dies)
 * and waits, saying so, while another run (the demo, the end-to-end suite, the benchmark) holds it.
 */
export class LocalPipeline {
  private readonly running = new Map<PipelineServiceName, RunningService>();
  /**
   * telephony-ingest's callback spool (CALLBACK_SPOOL_DIR): one per pipeline, kept across restarts of the service (as
   * its persistent volume would be), never shared with another run whose spooled calls it would replay.
   */
  private readonly callbackSpoolDir = mkdtempSync(join(tmpdir(), 'textback-pipeline-spool-'));
  private lock: Client | null = null;
  private readonly basePort: number;

  constructor(private readonly options: LocalPipelineOptions) {
    this.basePort = options.basePort ?? 3001;
  }

  /** HTTP port of a service. */
  port(name: PipelineServiceName): number {
    return this.basePort + PIPELINE_SERVICES.indexOf(name);
  }

  /** Base URL of a service, e.g. `http://127.0.0.1:3002`. */
  url(name: PipelineServiceName): string {
    return `http://127.0.0.1:${this.port(name)}`;
  }

  /** Operating-system pid of a running service, or undefined. */
  pid(name: PipelineServiceName): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  /**
   * Runs `textback migrate all` and moves the services' consumer groups to the topic ends.
   * @throws Error when dist/ is missing (run `npm run build`) or a migration fails.
   */
  async prepare(onWait: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<void> {
    await this.acquireLock(onWait);
    const cli = join(this.options.rootDir, 'dist/tools/cli/src/textback.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    await promisify(execFile)(process.execPath, [cli, 'migrate', 'all'], { env: { ...process.env, DATABASE_URL: this.options.stack.DATABASE_URL, CLICKHOUSE_URL: this.options.stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: this.options.stack.CLICKHOUSE_DATABASE } });
    await this.moveConsumerGroupsToEnd();
  }

  /**
   * Runs `textback …args` against the stack's PostgreSQL (DATABASE_URL) with `env` added.
   * @returns its stdout and stderr.
   * @throws Error when the command fails (with its output).
   */
  textback(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
    const cli = join(this.options.rootDir, 'dist/tools/cli/src/textback.js');
    return promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: this.options.stack.DATABASE_URL, ...env } });
  }

  /** Starts every service not running yet and waits until all are ready. */
  async startAll(): Promise<void> {
    await Promise.all(PIPELINE_SERVICES.map((s) => this.start(s)));
  }

  /**
   * Starts one service (no-op when it runs) and waits for `/health/ready` to answer 200.
   * @throws Error with the last lines of its output when it exits or is not ready in time.
   */
  async start(name: PipelineServiceName): Promise<void> {
    if (this.running.has(name)) return;
    await assertPortFree(this.port(name), name);
    const main = join(this.options.rootDir, `dist/services/${name}/src/main.js`);
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    let log: WriteStream | null = null;
    if (this.options.logDir) {
      mkdirSync(this.options.logDir, { recursive: true });
      log = createWriteStream(join(this.options.logDir, `${name}.log`), { flags: 'a' });
    }
    const child = spawn(process.execPath, [main], { env: this.envFor(name), stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (b: Buffer) => {
      log?.write(b);
      tail.push(...b.toString().split('\n').filter(Boolean));
      if (tail.length > 40) tail.splice(0, tail.length - 40);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    const entry: RunningService = { child, exited, log, tail };
    this.running.set(name, entry);
    void exited.then(() => {
      if (this.running.get(name) === entry) this.running.delete(name);
      log?.end();
    });
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail.slice(-15).join('\n')}`);
      const res = await fetch(`${this.url(name)}/health/ready`).catch(() => null);
      if (res?.status === 200) return;
      if (Date.now() > deadline) throw new Error(`${name} was not ready within ${this.options.readyTimeoutMs ?? 60_000} ms:\n${tail.slice(-15).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Sends SIGKILL (no shutdown hooks run) and waits until the process is gone. */
  async kill(name: PipelineServiceName): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    r.child.kill('SIGKILL');
    await r.exited;
  }

  /** Sends SIGTERM (graceful shutdown) and waits until the process is gone. */
  async stop(name: PipelineServiceName): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    r.child.kill('SIGTERM');
    const timer = setTimeout(() => r.child.kill('SIGKILL'), 20_000);
    await r.exited;
    clearTimeout(timer);
  }

  /** Stops every running service gracefully (SIGKILL after 20 s). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((s) => this.stop(s)));
    const lock = this.lock;
    this.lock = null;
    await lock?.end().catch(() => undefined);
  }

  private async acquireLock(onWait: (msg: string) => void): Promise<void> {
    if (this.lock) return;
    const db = new Client({ connectionString: this.options.stack.DATABASE_URL, application_name: 'textback-local-pipeline' });
    await db.connect();
    const key = "hashtext('textback-local-pipeline')";
    const got = (await db.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${key}) AS ok`)).rows[0]?.ok;
    if (!got) {
      onWait('another local pipeline run (demo, end-to-end suite or benchmark) is using the stack; waiting for it to finish…');
      await db.query(`SELECT pg_advisory_lock(${key})`);
    }
    this.lock = db;
  }

  /** Resident set size of a running service in bytes (from /proc; undefined when not running or not Linux). */
  rssBytes(name: PipelineServiceName): number | undefined {
    const pid = this.pid(name);
    if (pid === undefined) return undefined;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m?.[1] ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * A staff access token the pipeline's services accept (HS256 with `jwtSecret`, issuer and
   * audience as configured), valid for `lifetimeSeconds` (at most 24 h, the services' maximum).
   */
  accessToken(claims: AccessTokenClaims, lifetimeSeconds = 3_600): Promise<string> {
    return signAccessToken(claims, { secret: this.options.jwtSecret, issuer: PIPELINE_JWT_ISSUER, audience: PIPELINE_JWT_AUDIENCE }, lifetimeSeconds);
  }

  /** Last lines a service printed (for error messages). */
  tail(name: PipelineServiceName): string[] {
    return [...(this.running.get(name)?.tail ?? [])];
  }

  private envFor(name: PipelineServiceName): NodeJS.ProcessEnv {
    const { stack, carrierUrl, credentials } = this.options;
    return {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      // PIPELINE_LOG_LEVEL=info (or debug) in the test's or demo's environment: more of each service's log in logDir.
      LOG_LEVEL: process.env.PIPELINE_LOG_LEVEL ?? 'warn',
      DATABASE_URL: stack.DATABASE_URL,
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      CLICKHOUSE_URL: stack.CLICKHOUSE_URL,
      CLICKHOUSE_DATABASE: stack.CLICKHOUSE_DATABASE,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(this.port(name)),
      JWT_SECRET: this.options.jwtSecret,
      JWT_ISSUER: PIPELINE_JWT_ISSUER,
      JWT_AUDIENCE: PIPELINE_JWT_AUDIENCE,
      // The pipeline runs as production does; the demo prints the API docs' URLs.
      DOCS_ENABLED: 'true',
      TELEPHONY_PUBLIC_BASE_URL: this.url('telephony-ingest'),
      CALLBACK_SPOOL_DIR: this.callbackSpoolDir,
      SCHEDULING_PUBLIC_BASE_URL: this.url('scheduling'),
      MESSAGING_PUBLIC_BASE_URL: this.url('messaging'),
      // The console calls lead-crm's and scheduling's staff APIs as the signed-in user; plain HTTP on loopback, so no Secure cookie.
      LEAD_CRM_URL: this.url('lead-crm'),
      SCHEDULING_URL: this.url('scheduling'),
      // Page texts link to the conversation in the console.
      CONSOLE_PUBLIC_URL: this.url('console'),
      REPORTING_URL: this.url('reporting'),
      // The console's opt-out review screen calls messaging's staff API as the signed-in user.
      MESSAGING_URL: this.url('messaging'),
      COOKIE_SECURE: 'false',
      ...bandwidthStandInEnv(carrierUrl, credentials),
      ...this.options.env,
      ...this.options.serviceEnv?.[name],
    };
  }

  /** Starts every service's consumer group at the end of the topics it consumes (one group join each, in parallel). */
  async moveConsumerGroupsToEnd(): Promise<void> {
    const kafka = createKafkaClient({ clientId: 'textback-pipeline', brokers: this.options.stack.KAFKA_BROKERS.split(',') }, createRootLogger('textback-pipeline', 'error'));
    await Promise.all(SERVICES.map((def) => startGroupAtTopicEnds(kafka, def.name, def.consumes.map((c) => c.topic))));
  }
}

/** Throws when something already listens on `port` (its /health would answer for our service). */
async function assertPortFree(port: number, name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} for ${name} is already in use by another process (a service left running? \`ss -ltnp | grep ${port}\`); choose other ports`) : err));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
