import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * `npm run demo`'s default path end to end on a small day: the built demo (`npm run build`) starts ONE single-process
 * host on a fresh temporary data directory (PGlite, in-process bus, chDB; no Kafka, PostgreSQL or ClickHouse touched,
 * so no stack lock), seeds the franchise with the CLI before the host opens the directory, replays 30 calls through
 * the Bandwidth stand-in, reads funnel and ROI through the host's HTTP API and the sources from the stopped data
 * directory, and must exit 0 with every invariant holding.
 */
const ROOT = resolve(__dirname, '../../..');
const DEMO = join(ROOT, 'dist/tools/demo/src/demo.js');

/** A port nothing listens on now (the system's choice for port 0). */
function freePort(): Promise<number> {
  return new Promise((r, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => r(port));
    });
  });
}

describe('npm run demo (embedded mode)', () => {
  it('replays a small day through one process on embedded stores and every invariant holds', async () => {
    expect(existsSync(DEMO)).toBe(true);
    const [hostPort, carrierPort] = [await freePort(), await freePort()];
    const args = [DEMO, '--calls', '30', '--minutes', '0.3', '--patience-seconds', '15', '--tail-seconds', '3', '--seed', '4242', '--base-port', String(hostPort), '--carrier-port', String(carrierPort)];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('All invariants hold') as unknown });
    expect(out).toContain('EMBEDDED: one process on PGlite + chDB');
    expect(out).toMatch(/reporting reconciles \(calls, missed_calls, first_texts_sent, opt_outs, bookings, won_jobs\)/);
    expect(out).toMatch(/Single process: peak resident set \(VmHWM\) \d+ MB/);
    // The figure for the record (not asserted: memory and time depend on the machine).
    console.warn(out.split('\n').find((l) => l.startsWith('Single process:')));
  }, 150_000);
});
