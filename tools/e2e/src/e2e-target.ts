import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type AccessTokenClaims, signAccessToken } from '@textback/auth';
import { BandwidthStandIn, freePort } from '@textback/testing';
import { bareEnv, cli, cliWithEnv, startHost, stopHost } from '../../../hosts/single-process/test/utils/single-process-host';
import { type DemoFranchise } from '../../demo/src/demo-franchise';
import { bandwidthStandInEnv, PIPELINE_JWT_AUDIENCE, PIPELINE_JWT_ISSUER, type PipelineServiceName, pipelineStandInOptions } from '../../pipeline/src/local-pipeline';
import { consoleUserArgs, type ConsoleUserSpec, createConsoleUser } from './console-users';
import { type E2eDatabase, pgDatabase, probeDatabase } from './e2e-database';
import { applyFranchise, CLI_MAIN, E2E_CARRIER_CREDENTIALS, type E2ePipelineOptions, type FranchiseManifest, REPO_ROOT, startE2ePipeline, waitForLocations } from './e2e-pipeline';

/**
 * How the end-to-end suites run Textback: `distributed` is the six services as processes on the local stack (Kafka,
 * PostgreSQL, ClickHouse: {@link startE2ePipeline}); `embedded` is the single process (`hosts/single-process`) on a
 * fresh temporary data directory (PGlite, the in-process bus, chDB).
 */
export type E2eMode = 'distributed' | 'embedded';

/** Both modes, in the order the suites run them. */
export const E2E_MODES: readonly E2eMode[] = ['distributed', 'embedded'];

/**
 * A running Textback with a freshly seeded tenant (the demo franchise, numbers unique to the run) and the Bandwidth
 * stand-in as its carrier: what the end-to-end, scenario and parity suites drive, the same in both modes.
 */
export interface E2eTarget {
  mode: E2eMode;
  runId: string;
  standIn: BandwidthStandIn;
  franchise: DemoFranchise;
  /** The manifest as applied (after `editManifest`). */
  manifest: FranchiseManifest;
  tenantId: string;
  /** Owner JWT of the tenant (2 h). */
  token: string;
  /** Reads every service schema (a PostgreSQL client, or the embedded host's read-only probe). */
  db: E2eDatabase;
  /** Where the logs go (a file per service, or the single process's `textback.log` once stopped). */
  logDir: string;
  /** Base URL of a service's public API (the one port in the embedded mode, routed like the Ingress). */
  url(service: PipelineServiceName): string;
  /** A staff token for the tenant's services (HS256 with the run's secret). */
  accessToken(claims: AccessTokenClaims, lifetimeSeconds?: number): Promise<string>;
  /** Stops Textback (gracefully) and the stand-in, and removes the embedded data directory. */
  stop(): Promise<void>;
}

/** Options of {@link startE2eTarget}: those of the distributed pipeline (its ports are used in the distributed mode only), and console accounts. */
export interface E2eTargetOptions extends E2ePipelineOptions {
  /**
   * Console accounts of the run's tenant, created with the built CLI (`textback users create`) once the tenant is
   * applied: in the embedded mode before the single process starts (the CLI needs the data directory to itself).
   */
  consoleUsers?: ConsoleUserSpec[];
}

/**
 * Starts Textback in `mode` with the stand-in on `options.carrierPort`, applies a fresh tenant and resolves once every
 * service knows its locations.
 * @throws Error when dist/ is missing, Textback does not become ready, or the apply fails.
 */
export async function startE2eTarget(mode: E2eMode, options: E2eTargetOptions): Promise<E2eTarget> {
  if (mode === 'embedded') return startEmbedded(options);
  const p = await startE2ePipeline(options);
  try {
    for (const user of options.consoleUsers ?? []) await createConsoleUser(p.stack.DATABASE_URL, p.tenantId, user);
  } catch (err) {
    await p.stop();
    throw err;
  }
  return {
    mode,
    runId: p.runId,
    standIn: p.standIn,
    franchise: p.franchise,
    manifest: p.manifest,
    tenantId: p.tenantId,
    token: p.token,
    db: pgDatabase(p.db),
    logDir: p.logDir,
    url: (service) => p.pipeline.url(service),
    accessToken: (claims, lifetime) => p.pipeline.accessToken(claims, lifetime),
    stop: () => p.stop(),
  };
}

/** The built entry that runs the single process with the suites' read-only SQL probe (embedded-probe.main.ts). */
const PROBE_MAIN = join(REPO_ROOT, 'dist/tools/e2e/src/embedded-probe.main.js');

/**
 * The per-service variables of the options merged into the one process's environment (the services share it there).
 * @throws Error when two services were given different values for one variable.
 */
function mergedServiceEnv(serviceEnv: E2ePipelineOptions['serviceEnv']): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [service, vars] of Object.entries(serviceEnv ?? {})) {
    for (const [key, value] of Object.entries(vars)) {
      if (key in merged && merged[key] !== value) throw new Error(`${service} sets ${key}=${value}, another service ${merged[key]}: one process has one environment`);
      merged[key] = value;
    }
  }
  return merged;
}

/**
 * The embedded mode: `textback migrate all` and `tenants apply` on a new data directory (the CLI as an operator runs
 * it, before the start), then the single process (with the probe) on a free port, the stand-in's voice application and
 * messaging callbacks pointed at that port.
 */
async function startEmbedded(options: E2eTargetOptions): Promise<E2eTarget> {
  const runId = String(randomInt(100_000, 1_000_000));
  const work = mkdtempSync(join(tmpdir(), `textback-e2e-embedded-${runId}-`));
  const dataDir = join(work, 'data');
  const logDir = join(work, 'logs');
  mkdirSync(logDir, { recursive: true });
  const jwtSecret = `e2e-secret-${runId}-0123456789abcdefghijklmnopqrstuv`;
  const accessToken = (claims: AccessTokenClaims, lifetimeSeconds = 3_600) => signAccessToken(claims, { secret: jwtSecret, issuer: PIPELINE_JWT_ISSUER, audience: PIPELINE_JWT_AUDIENCE }, lifetimeSeconds);
  const [port, probePort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const c = E2E_CARRIER_CREDENTIALS;
  const standIn = new BandwidthStandIn(pipelineStandInOptions({ telephonyIngestUrl: base, messagingUrl: base }, c, options.standIn));
  let host: Awaited<ReturnType<typeof startHost>> | undefined;
  const stop = async () => {
    if (host) {
      await stopHost(host.child);
      writeFileSync(join(logDir, 'textback.log'), host.output());
      host = undefined;
    }
    await standIn.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const migrated = await cli(dataDir, 'migrate', 'all');
    if (migrated.code !== 0) throw new Error(`textback migrate all failed:\n${migrated.output}`);
    const apply = (path: string) => promisify(execFile)(process.execPath, [CLI_MAIN, 'tenants', 'apply', '-f', path], { cwd: REPO_ROOT, env: bareEnv(dataDir) });
    const { franchise, manifest, tenantId } = await applyFranchise(apply, logDir, runId, options.editManifest);
    for (const user of options.consoleUsers ?? []) {
      const created = await cliWithEnv(dataDir, { TEXTBACK_USER_PASSWORD: user.password }, ...consoleUserArgs(tenantId, user));
      if (created.code !== 0) throw new Error(`textback users create failed:\n${created.output}`);
    }
    await standIn.start(options.carrierPort, '127.0.0.1');
    host = await startHost(
      dataDir,
      {
        NODE_ENV: 'production',
        HTTP_PORT: String(port),
        E2E_PROBE_PORT: String(probePort),
        JWT_SECRET: jwtSecret,
        JWT_ISSUER: PIPELINE_JWT_ISSUER,
        JWT_AUDIENCE: PIPELINE_JWT_AUDIENCE,
        COOKIE_SECURE: 'false',
        ...bandwidthStandInEnv(`http://127.0.0.1:${options.carrierPort}`, c),
        ...mergedServiceEnv(options.serviceEnv),
      },
      PROBE_MAIN,
    );
    const db = probeDatabase(`http://127.0.0.1:${probePort}`);
    const token = await accessToken({ tenantId, role: 'owner', userId: `e2e-owner-${runId}` }, 2 * 3_600);
    await waitForLocations(db, tenantId, manifest.locations.length, base, token);
    return { mode: 'embedded', runId, standIn, franchise, manifest, tenantId, token, db, logDir, url: () => base, accessToken, stop };
  } catch (err) {
    const output = host?.output() ?? '';
    await stop();
    throw new Error(`${String(err)}${output ? `\nthe single process printed:\n${output.slice(-4_000)}` : ''}`, { cause: err });
  }
}
