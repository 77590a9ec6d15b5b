import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { BandwidthStandIn, pollUntil } from '@textback/testing';

/** The repository root, from `hosts/single-process/test/utils` (source) or `dist/hosts/...` alike. */
export const ROOT = resolve(__dirname, '../../../..');
/** The built single process (`npm run build`). */
export const HOST_MAIN = join(ROOT, 'dist/hosts/single-process/src/main.js');
/** The built `textback` command. */
export const CLI = join(ROOT, 'dist/tools/cli/src/textback.js');

/** Only what a machine with Node.js has: no server addresses at all, plus `extra`. */
export function bareEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', TEXTBACK_DATA_DIR: dataDir, ...extra };
}

/** A running single process: its child, the port it listens on, ms from spawn to ready, everything it printed. */
export interface StartedHost {
  child: ChildProcess;
  port: number;
  startMs: number;
  output: () => string;
}

/**
 * Spawns the single process on `dataDir` (port 0 unless `extra` names one, 127.0.0.1, warn logs, no banner) and waits
 * (up to 240 s) for its "Textback ready" line.
 * @throws Error with its output when it exits first.
 */
export async function startHost(dataDir: string, extra: Record<string, string> = {}): Promise<StartedHost> {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [HOST_MAIN], {
    cwd: ROOT,
    env: bareEnv(dataDir, { HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn', TEXTBACK_BANNER: 'false', ...extra }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const ready = await pollUntil(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) return { port: -1 };
      const line = out.split('\n').find((l) => l.includes('"msg":"Textback ready'));
      return line ? (JSON.parse(line) as { port: number }) : undefined;
    },
    'the single process to be ready',
    240_000,
    250,
  );
  if (ready.port < 0) throw new Error(`textback exited ${child.exitCode ?? child.signalCode}:\n${out}`);
  return { child, port: ready.port, startMs: Date.now() - spawnedAt, output: () => out };
}

/** Stops the process with `signal` (SIGTERM: graceful) and resolves with its exit code (null when killed). */
export async function stopHost(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  return exited;
}

/** Runs `textback …args` on `dataDir` with a bare environment; never throws. */
export async function cli(dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  return cliWithEnv(dataDir, {}, ...args);
}

/** {@link cli} with `extra` variables in its environment (e.g. TEXTBACK_USER_PASSWORD). */
export async function cliWithEnv(dataDir: string, extra: Record<string, string>, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd: ROOT, env: bareEnv(dataDir, extra) });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A port free on 127.0.0.1 now (for a process whose URL must be known before it starts: the carrier's callbacks name it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The Bandwidth credentials a single process under test and its {@link BandwidthStandIn} share. */
export const STAND_IN_CARRIER = {
  api: { username: 'bw-api', password: 'bw-api-password' },
  voice: { username: 'bw-voice', password: 'voice-callback-password-0123456789' },
  messaging: { username: 'bw-messaging', password: 'messaging-callback-password-0123456789' },
} as const;

/**
 * A Bandwidth stand-in (started, on a port of its own) playing the carrier of a single process that will listen on
 * `port`: calls and texts go to the process's voice and messaging webhooks, delivery receipts come back at once.
 * @returns the stand-in and the environment that points the process's carrier clients at it.
 */
export async function startCarrierStandIn(port: number): Promise<{ carrier: BandwidthStandIn; env: Record<string, string> }> {
  const base = `http://127.0.0.1:${port}`;
  const { api, voice, messaging } = STAND_IN_CARRIER;
  const carrier = new BandwidthStandIn({
    ...api,
    autoDeliveryCallbacks: true,
    timeScale: 0,
    messagingCallback: { url: `${base}/webhooks/bandwidth/messaging`, ...messaging },
    voiceApplication: { callInitiatedCallbackUrl: `${base}/bandwidth/voice/initiate`, callStatusCallbackUrl: `${base}/bandwidth/voice/status`, ...voice },
  });
  await carrier.start(0, '127.0.0.1');
  const env = {
    HTTP_PORT: String(port),
    BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([voice]),
    BANDWIDTH_ACCOUNT_ID: 'standin-account',
    BANDWIDTH_USERNAME: api.username,
    BANDWIDTH_PASSWORD: api.password,
    BANDWIDTH_MESSAGING_APPLICATION_ID: 'standin-messaging-app',
    BANDWIDTH_VOICE_APPLICATION_ID: 'standin-voice-app',
    BANDWIDTH_MESSAGING_BASE_URL: carrier.messagingBaseUrl,
    BANDWIDTH_LOOKUP_BASE_URL: carrier.lookupBaseUrl,
    BANDWIDTH_VOICE_BASE_URL: carrier.voiceBaseUrl,
    BANDWIDTH_CALLBACK_USERNAME: messaging.username,
    BANDWIDTH_CALLBACK_PASSWORD: messaging.password,
  };
  return { carrier, env };
}
