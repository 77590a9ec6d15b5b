import { type LocalPipeline } from '../../pipeline/src/local-pipeline';
import { machineBusyBetween, percentOfOneCore, samplePipeline, serviceTicksBetween, usedBetween } from './pipeline-sampling';

/** A pipeline whose only running service is this very process (the sampler reads Linux /proc, as on the bench). */
const onlyMessagingRunning = { pid: (s: string) => (s === 'messaging' ? process.pid : undefined) } as unknown as LocalPipeline;

describe('pipeline sampling', () => {
  it('samples the running services and the bench process, and leaves out a service that is not running', () => {
    const before = samplePipeline(onlyMessagingRunning);
    let spin = 0;
    for (let i = 0; i < 20_000_000; i++) spin += i % 7;
    const after = samplePipeline(onlyMessagingRunning);
    expect(spin).toBeGreaterThan(0);
    expect(Object.keys(after.processes).sort()).toEqual(['bench', 'messaging']);
    expect(after.processes.messaging).toEqual({ ticks: expect.any(Number), voluntary: expect.any(Number), involuntary: expect.any(Number) });
    expect(usedBetween(before, after, 'messaging', 'ticks')).toBeGreaterThanOrEqual(0);
    expect(usedBetween(before, after, 'reporting', 'ticks')).toBeNaN();
    expect(serviceTicksBetween(before, after)).toBe(usedBetween(before, after, 'messaging', 'ticks'));
    const busy = machineBusyBetween(before, after);
    expect(busy === undefined || (busy >= 0 && busy <= 1)).toBe(true);
  });

  it('says no machine share without machine ticks, and converts ticks to % of one core', () => {
    const none = { processes: {}, machine: undefined };
    expect(machineBusyBetween(none, none)).toBeUndefined();
    expect(machineBusyBetween({ processes: {}, machine: { busy: 10, total: 100 } }, { processes: {}, machine: { busy: 60, total: 300 } })).toBe(0.25);
    expect(percentOfOneCore(150, 3_000)).toBe(50);
  });
});
