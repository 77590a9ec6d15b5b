import { isValidPhoneNumber } from 'libphonenumber-js';
import { parse } from 'yaml';
import { franchiseManifestSchema } from '../../../services/lead-crm/src/modules/tenants/franchise-manifest.schema';
import { benchCaller, benchTenant, type CallObservation, machineCpuTicks, processCpuTicks, processUse, type StepResult, summarizeStep, sustainedRate, verdict } from './bench-pipeline-plan';

/** A step of `n` calls offered at `rate`/s whose latency is `latency(i)` ms (undefined = never texted). */
function step(rate: number, n: number, latency: (i: number) => number | undefined, extra: Partial<StepResult> = {}): StepResult {
  const calls: CallObservation[] = Array.from({ length: n }, (_v, i) => {
    const webhookAt = 1_000_000 + i * 10;
    const l = latency(i);
    return { webhookAt, textAt: l === undefined ? undefined : webhookAt + l, failedCallbacks: 0, initiateAnsweredMs: 20 + (i % 10) };
  });
  return { offeredPerSecond: rate, seconds: n / rate, callsStarted: n, offerMs: (n / rate) * 1000, calls, drainMs: calls.every((c) => c.textAt !== undefined) ? 100 : undefined, rssPeakBytes: {}, ...extra };
}

describe('benchTenant', () => {
  it('is a valid franchise manifest with one distinct, valid sending number per location at the given rate', () => {
    const tenant = benchTenant('4321', 50, 50);
    const manifest = franchiseManifestSchema.parse(parse(tenant.manifestYaml));
    expect(manifest.locations).toHaveLength(50);
    const senders = manifest.locations.flatMap((l) => l.sendingNumbers);
    expect(new Set(senders.map((n) => n.e164)).size).toBe(50);
    expect(senders.every((n) => n.messagesPerSecond === 50 && n.campaignStatus === 'registered')).toBe(true);
    expect(manifest.locations.every((l) => l.numbers[0]?.e164 === l.sendingNumbers[0]?.e164)).toBe(true);
    expect(tenant.locations.every((l) => isValidPhoneNumber(l.mainLine) && isValidPhoneNumber(l.forwardTo))).toBe(true);
    // Open around the clock, so every call takes the forward path whenever the bench runs.
    expect(Object.keys(manifest.locations[0]!.businessHours)).toHaveLength(7);
  });

  it('gives different runs different numbers and refuses location counts outside 1..100', () => {
    expect(benchTenant('0001', 3, 10).locations[0]!.mainLine).not.toBe(benchTenant('0002', 3, 10).locations[0]!.mainLine);
    expect(() => benchTenant('0001', 0, 10)).toThrow(RangeError);
    expect(() => benchTenant('0001', 101, 10)).toThrow(RangeError);
  });
});

describe('benchCaller', () => {
  it('gives distinct valid US numbers', () => {
    const callers = Array.from({ length: 1000 }, (_v, i) => benchCaller(i * 7919));
    expect(new Set(callers).size).toBe(1000);
    expect(callers.every((c) => isValidPhoneNumber(c))).toBe(true);
  });
});

describe('summarizeStep', () => {
  it('keeps up when every caller is texted and latency stays flat', () => {
    const s = summarizeStep(step(50, 400, (i) => 200 + (i % 10) * 10));
    expect(s).toMatchObject({ keptUp: true, texted: 400, calls: 400, reasons: [] });
    expect(s.p50Ms).toBe(240);
    expect(s.p99Ms).toBe(290);
    expect(s.initiateP99Ms).toBe(29);
  });

  it('counts an initiate that got no 2xx as infinitely late in the initiate p99', () => {
    const unanswered = step(50, 100, () => 200);
    unanswered.calls[0]!.initiateAnsweredMs = undefined;
    unanswered.calls[1]!.initiateAnsweredMs = undefined;
    expect(summarizeStep(unanswered).initiateP99Ms).toBe(Number.POSITIVE_INFINITY);
  });

  it('does not keep up when latency grows across the step (a backlog builds)', () => {
    const s = summarizeStep(step(100, 400, (i) => 200 + i * 20));
    expect(s.keptUp).toBe(false);
    expect(s.reasons.join()).toContain('latency grew');
  });

  it('does not keep up when a caller is never texted, a callback failed or the generator fell behind', () => {
    expect(summarizeStep(step(50, 100, (i) => (i === 3 ? undefined : 200))).reasons.join()).toContain('1 of 100 callers not texted');
    const failed = step(50, 100, () => 200);
    failed.calls[0]!.failedCallbacks = 2;
    expect(summarizeStep(failed).reasons.join()).toContain('2 callbacks failed');
    expect(summarizeStep(step(50, 100, () => 200, { offerMs: 4_000 })).reasons.join()).toContain('offered only 25.0/s');
  });
});

describe('sustainedRate and verdict', () => {
  const summaries = [summarizeStep(step(25, 100, () => 150)), summarizeStep(step(100, 400, () => 700)), summarizeStep(step(150, 600, (i) => 300 + i * 30))];

  it('takes the highest rate that kept up', () => {
    expect(sustainedRate(summaries)).toBe(100);
    expect(sustainedRate([])).toBe(0);
  });

  it('says MET only when the goal rate kept up with p99 under the goal', () => {
    expect(verdict(summaries, 100, 1000)).toMatch(/^Goal .*: MET: p99 700 ms at 100\/s; sustained 100/);
    expect(verdict(summaries, 100, 500)).toContain('MISSED');
    expect(verdict(summaries, 150, 10_000)).toContain('MISSED');
    expect(verdict(summaries.slice(0, 2), 200, 1000)).toContain('not measured');
    expect(verdict(summaries.slice(0, 1), 100, 1000)).toContain('not measured');
  });

  it('says MISSED when a lower rate already did not keep up and the goal rate was never offered', () => {
    const saturated = [summarizeStep(step(25, 100, () => 150)), summarizeStep(step(50, 400, (i) => 200 + i * 20))];
    expect(verdict(saturated, 100, 1000)).toMatch(/MISSED: the pipeline did not keep up at 50\/s already .*latency grew.*100\/s was not offered; sustained 25/);
  });
});

describe('CPU tick parsers', () => {
  it('reads user + system ticks after a command name with spaces and parentheses', () => {
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 900 0 0 0 1234 56 0 0 20 0 11 0 100 0 0';
    expect(processCpuTicks(stat)).toBe(1290);
    expect(processCpuTicks('')).toBeUndefined();
  });

  it('reads a process\'s ticks and context switches, and nothing for a process that is gone', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 900 0 0 0 1234 56 0 0 20 0 11 0 100 0 0';
    const status = 'Name:\tnode\nvoluntary_ctxt_switches:\t812\nnonvoluntary_ctxt_switches:\t31\n';
    expect(processUse(stat, status)).toEqual({ ticks: 1290, voluntary: 812, involuntary: 31 });
    expect(processUse(stat, '')).toEqual({ ticks: 1290, voluntary: NaN, involuntary: NaN });
    expect(processUse('', status)).toBeUndefined();
  });

  it('reads the machine busy and total ticks', () => {
    expect(machineCpuTicks('cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n')).toEqual({ busy: 160, total: 980 });
    expect(machineCpuTicks('nothing')).toBeUndefined();
  });
});
