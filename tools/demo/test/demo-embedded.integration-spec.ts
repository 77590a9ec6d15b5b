import { existsSync } from 'node:fs';
import { DEMO, runSmallDemoDay } from './utils/built-demo';

/**
 * `npm run demo`'s default path end to end on a small day: the built demo (`npm run build`) starts ONE single-process
 * host on a fresh temporary data directory (PGlite, in-process bus, chDB; no Kafka, PostgreSQL or ClickHouse touched,
 * so no stack lock), seeds the franchise with the CLI before the host opens the directory, replays 30 calls through
 * the Bandwidth stand-in, reads funnel and ROI through the host's HTTP API and the sources from the stopped data
 * directory, and must exit 0 with every invariant holding and remove its work directory.
 */
describe('npm run demo (embedded mode)', () => {
  it('replays a small day through one process on embedded stores and every invariant holds', async () => {
    expect(existsSync(DEMO)).toBe(true);
    const { code, out } = await runSmallDemoDay(4242);
    expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('All invariants hold') as unknown });
    expect(out).toContain('EMBEDDED: one process on PGlite + chDB');
    expect(out).toMatch(/reporting reconciles \(calls, missed_calls, first_texts_sent, opt_outs, bookings, won_jobs\)/);
    expect(out).toMatch(/Single process: peak resident set \(VmHWM\) \d+ MB/);
    // A run that passed leaves no work directory (logs, data directory) behind in /tmp.
    const workDir = /; logs in (\S+)$/m.exec(out)?.[1];
    expect(workDir).toMatch(/textback-demo-\d{4}-/);
    expect(existsSync(workDir!)).toBe(false);
    expect(out).toContain(`Removed the work directory ${workDir} (the run passed).`);
    // The figure for the record (not asserted: memory and time depend on the machine).
    console.warn(out.split('\n').find((l) => l.startsWith('Single process:')));
  }, 150_000);
});
