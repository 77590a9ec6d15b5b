import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type AccessTokenClaims, signAccessToken } from '@textback/auth';
import { bandwidthStandInEnv, PIPELINE_JWT_AUDIENCE, PIPELINE_JWT_ISSUER, PIPELINE_SERVICES, type PipelineCarrierCredentials, type PipelineServiceName } from './local-pipeline';

/**
 * Node.js flags the single process runs with, as `npm start` (package.json `start`, `start:built`) passes them (a unit
 * spec keeps the two equal):
 * - `--heap-growing-percent=50`: V8 grows the old generation to 1.5 x what survived the last full GC before the next
 *   one, instead of its default factor (up to 4 x). Measured in the demo's 300-call day: the heap's live set stayed about
 *   100 MB (98 MB right after a full GC) while V8 let garbage reach 345 MB of heap before collecting it (VmHWM 948 MB).
 * - `--liftoff-only`: PGlite's WebAssembly (PostgreSQL) stays on V8's baseline compiler. On Node 24 the optimising tier
 *   compiling PostgreSQL's hot functions costs ~500 MB of peak memory: the host on a migrated directory peaked at
 *   1,086 MB without it and 576 MB with it (ready in 2.8 vs 2.4 s); 8,000 small statements ran in about the same time.
 *   It can only be given on the command line (V8 reads it when compiling; `v8.setFlagsFromString` at run time did not
 *   change the peak).
 */
export const SINGLE_PROCESS_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=50', '--liftoff-only', '--max-semi-space-size=4'];

/** Options of {@link EmbeddedPipeline}. */
export interface EmbeddedPipelineOptions {
  /** Repository root; the host runs from `<rootDir>/dist` (`npm run build`). */
  rootDir: string;
  /** Base URL of the Bandwidth stand-in, e.g. `http://127.0.0.1:4010` (its `/api/v2` and `/v2` prefixes are appended). */
  carrierUrl: string;
  credentials: PipelineCarrierCredentials;
  /** HS256 secret the host's services verify staff JWTs with (JWT_SECRET; at least 32 characters). */
  jwtSecret: string;
  /** The one HTTP port of the single process (HTTP_PORT; default 3001). */
  port?: number;
  /** TEXTBACK_DATA_DIR; default a fresh directory under the system's temp directory. */
  dataDir?: string;
  /** The host's stdout and stderr are appended to `<logDir>/single-process.log` (default: discarded). */
  logDir?: string;
  /** Extra environment of the host and the CLI (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  /** How long the host may take to become ready, milliseconds (default 120 000). */
  readyTimeoutMs?: number;
}

/** Peak and current resident set of a process, bytes (Linux `/proc/<pid>/status` VmHWM and VmRSS). */
export interface ProcessMemory {
  peakRssBytes: number;
  rssBytes: number;
}

/**
 * The whole Textback pipeline as ONE process on embedded stores (`hosts/single-process`, what `npm start` runs), for
 * the demo: the same shape of API as {@link LocalPipeline}, so a caller picks one. The host runs from `dist/` as a child
 * process with only the variables an operator would set (no DATABASE_URL, KAFKA_BROKERS or CLICKHOUSE_URL: the embedded
 * mode) plus the carrier stand-in's addresses and credentials, on a data directory of its own.
 *
 * Differences a caller sees:
 * - {@link url} of every service is the one port, under `/_services/<name>` (the host's path for each service as its
 *   own server sees it); the console's is the root, as an office user opens it.
 * - {@link prepare} creates the embedded stores with `textback migrate all` (PGlite's initdb and every migration run in
 *   that short-lived CLI process, not in the host); {@link textback} runs the CLI on the data directory, which PGlite
 *   admits to one process at a time, so only while the host is stopped (before {@link startAll}, after {@link stopAll}).
 */
export class EmbeddedPipeline {
  readonly dataDir: string;
  private readonly portNumber: number;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private log: WriteStream | null = null;
  private readonly lines: string[] = [];

  constructor(private readonly options: EmbeddedPipelineOptions) {
    this.portNumber = options.port ?? 3001;
    this.dataDir = options.dataDir ?? join(mkdtempSync(join(tmpdir(), 'textback-embedded-')), 'data');
  }

  /** HTTP port of a service: the one port of the process. */
  port(_name: PipelineServiceName): number {
    return this.portNumber;
  }

  /** Base URL of a service: `http://127.0.0.1:<port>/_services/<name>`, the console's `http://127.0.0.1:<port>`. */
  url(name: PipelineServiceName): string {
    const root = `http://127.0.0.1:${this.portNumber}`;
    return name === 'console' ? root : `${root}/_services/${name}`;
  }

  /** Operating-system pid of the running single process, or undefined. */
  pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Creates (or brings up to date) the embedded stores in the data directory: `textback migrate all`.
   * @throws Error when dist/ is missing (run `npm run build`), or the migration fails (with its output).
   */
  async prepare(): Promise<void> {
    await this.textback(['migrate', 'all']);
  }

  /**
   * Runs `textback …args` on the data directory (TEXTBACK_DATA_DIR, no server address) with `env` added.
   * @returns its stdout and stderr.
   * @throws Error while the host runs (PGlite admits one process), or when the command fails (with its output).
   */
  async textback(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
    if (this.child) throw new Error(`textback ${args.join(' ')}: the single process holds ${this.dataDir}; stop it first`);
    const cli = join(this.options.rootDir, 'dist/tools/cli/src/textback.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    return promisify(execFile)(process.execPath, [cli, ...args], { cwd: this.options.rootDir, env: { ...this.baseEnv(), ...env } });
  }

  /**
   * Runs several `textback` command lines one after the other in ONE CLI process on the data directory (as
   * {@link textback}, each with its own `env` added), so Node.js starts and the CLI's modules load once instead of once
   * per command (the demo's migrate, tenants apply and users create). Stops at the first command that fails.
   * @returns the process's stdout and stderr (every command's lines, in order).
   * @throws Error while the host runs, or when a command fails (with the output so far).
   */
  async textbackInOneProcess(commands: Array<{ args: string[]; env?: Record<string, string> }>): Promise<{ stdout: string; stderr: string }> {
    if (this.child) throw new Error(`textback: the single process holds ${this.dataDir}; stop it first`);
    const main = join(this.options.rootDir, 'dist/tools/cli/src/textback-main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    const script = [
      "require('reflect-metadata');",
      'const { runTextbackToExitCode } = require(process.argv[1]);',
      '(async () => {',
      '  for (const c of JSON.parse(process.argv[2])) {',
      '    const code = await runTextbackToExitCode(c.args, { ...process.env, ...c.env });',
      "    if (code !== 0) { console.error(`textback ${c.args.join(' ')}: exit ${code}`); process.exit(code); }",
      '  }',
      '  process.exit(0);',
      '})();',
    ].join('\n');
    return promisify(execFile)(process.execPath, ['-e', script, main, JSON.stringify(commands)], { cwd: this.options.rootDir, env: this.baseEnv() });
  }

  /** Starts every service: spawns the single process and waits until each service's `/health/ready` answers 200. */
  async startAll(): Promise<void> {
    if (this.child) return;
    const main = join(this.options.rootDir, 'dist/hosts/single-process/src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    if (this.options.logDir) {
      mkdirSync(this.options.logDir, { recursive: true });
      this.log = createWriteStream(join(this.options.logDir, 'single-process.log'), { flags: 'a' });
    }
    const child = spawn(process.execPath, [...SINGLE_PROCESS_NODE_FLAGS, main], { cwd: this.options.rootDir, env: this.hostEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (b: Buffer) => {
      this.log?.write(b);
      this.lines.push(...b.toString().split('\n').filter(Boolean));
      if (this.lines.length > 40) this.lines.splice(0, this.lines.length - 40);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.child = child;
    this.exited = new Promise<void>((resolve) =>
      child.on('close', () => {
        if (this.child === child) this.child = null;
        this.log?.end();
        this.log = null;
        resolve();
      }),
    );
    const timeoutMs = this.options.readyTimeoutMs ?? 120_000;
    const deadline = Date.now() + timeoutMs;
    for (const name of PIPELINE_SERVICES) {
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the single process exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${this.tail().slice(-15).join('\n')}`);
        const res = await fetch(`${this.url('console')}/_services/${name}/health/ready`).catch(() => null);
        if (res?.status === 200) break;
        if (Date.now() > deadline) throw new Error(`${name} in the single process was not ready within ${timeoutMs} ms:\n${this.tail().slice(-15).join('\n')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** Stops the single process gracefully (SIGTERM; SIGKILL after 30 s) and waits until it is gone. */
  async stopAll(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Sends SIGKILL (no shutdown hooks run) and waits until the process is gone. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Peak and current resident set of the running single process (undefined when it does not run or not on Linux). */
  memory(): ProcessMemory | undefined {
    const pid = this.pid();
    if (pid === undefined) return undefined;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
      return { peakRssBytes: kb('VmHWM'), rssBytes: kb('VmRSS') };
    } catch {
      return undefined;
    }
  }

  /** A staff access token the host's services accept (HS256 with `jwtSecret`, the pipeline's issuer and audience). */
  accessToken(claims: AccessTokenClaims, lifetimeSeconds = 3_600): Promise<string> {
    return signAccessToken(claims, { secret: this.options.jwtSecret, issuer: PIPELINE_JWT_ISSUER, audience: PIPELINE_JWT_AUDIENCE }, lifetimeSeconds);
  }

  /** Last lines the single process printed (for error messages). */
  tail(): string[] {
    return [...this.lines];
  }

  /** What the CLI and the host share: no server address (the embedded mode), the data directory. */
  private baseEnv(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', TEXTBACK_DATA_DIR: this.dataDir, ...this.options.env };
  }

  /** The host's variables (hosts/single-process/src/host-env.ts) and the carrier's, as an operator would set them. */
  private hostEnv(): NodeJS.ProcessEnv {
    const { carrierUrl, credentials: c } = this.options;
    return {
      ...this.baseEnv(),
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(this.portNumber),
      TEXTBACK_PUBLIC_URL: `http://127.0.0.1:${this.portNumber}`,
      TEXTBACK_BANNER: 'false',
      JWT_SECRET: this.options.jwtSecret,
      JWT_ISSUER: PIPELINE_JWT_ISSUER,
      JWT_AUDIENCE: PIPELINE_JWT_AUDIENCE,
      DOCS_ENABLED: 'true',
      COOKIE_SECURE: 'false',
      ...bandwidthStandInEnv(carrierUrl, c),
      ...this.options.env,
    };
  }
}
