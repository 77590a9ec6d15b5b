import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pollUntil } from '@textback/testing';
import { SINGLE_PROCESS_NODE_FLAGS } from '../../../../tools/pipeline/src/embedded-pipeline';

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
 * (up to 240 s) for its "Textback ready" line. `main` replaces the built host entry with another built file that runs
 * it (the end-to-end suites' `dist/tools/e2e/src/embedded-probe.main.js`: the host plus a read-only SQL probe).
 * @throws Error with its output when it exits first.
 */
export async function startHost(dataDir: string, extra: Record<string, string> = {}, main: string = HOST_MAIN): Promise<StartedHost> {
  const spawnedAt = Date.now();
  // The flags `npm start` runs the process with, so the tests measure and exercise what a shop runs.
  const child = spawn(process.execPath, [...SINGLE_PROCESS_NODE_FLAGS, main], {
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
