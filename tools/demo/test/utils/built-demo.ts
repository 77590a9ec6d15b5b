import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from '@textback/testing';

/** The repository root, from `tools/demo/test/utils`. */
export const ROOT = resolve(__dirname, '../../../..');
/** The built demo (`npm run build`). */
export const DEMO = join(ROOT, 'dist/tools/demo/src/demo.js');

/** How a run of the built demo ended: its exit code and everything it printed (stdout and stderr interleaved). */
export interface DemoRun {
  code: number | null;
  out: string;
}

/**
 * Runs the built demo in its default, embedded mode on a small day (30 calls over 0.3 real minutes, callers' patience
 * 15 s, a 3 s tail) with `seed` and `extraArgs`, on free ports (the host's and the carrier stand-in's), with only PATH
 * and HOME in its environment (no server address: the embedded mode), and waits for it to exit.
 */
export async function runSmallDemoDay(seed: number, extraArgs: readonly string[] = []): Promise<DemoRun> {
  const [hostPort, carrierPort] = [await freePort(), await freePort()];
  const args = [DEMO, ...extraArgs, '--calls', '30', '--minutes', '0.3', '--patience-seconds', '15', '--tail-seconds', '3', '--seed', String(seed), '--base-port', String(hostPort), '--carrier-port', String(carrierPort)];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  return { code, out };
}
