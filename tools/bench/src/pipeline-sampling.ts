import { readFileSync } from 'node:fs';
import { type LocalPipeline, PIPELINE_SERVICES, type PipelineServiceName } from '../../pipeline/src/local-pipeline';
import { machineCpuTicks, processUse, type ProcessUse } from './bench-pipeline-plan';
import { parseRoundTripCounts, type RoundTripCounts } from './round-trip-counts';

/** A file of Linux `/proc` as text, or '' when it cannot be read (the process is gone, or not Linux). */
export function readProcFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** What the pipeline's processes and the machine have used so far, read at one moment. */
export interface PipelineSample {
  /** Each running service, and `bench`: the process taking the sample. */
  processes: Partial<Record<PipelineServiceName | 'bench', ProcessUse>>;
  /** The machine's busy and total CPU ticks over all cores; undefined off Linux. */
  machine: { busy: number; total: number } | undefined;
}

/** CPU ticks and context switches of every running service and of this process, and the machine's ticks (Linux /proc). */
export function samplePipeline(pipeline: LocalPipeline): PipelineSample {
  const processes: PipelineSample['processes'] = {};
  const sample = (pid: number | 'self'): ProcessUse | undefined => processUse(readProcFile(`/proc/${pid}/stat`), readProcFile(`/proc/${pid}/status`));
  for (const s of PIPELINE_SERVICES) {
    const pid = pipeline.pid(s);
    const use = pid === undefined ? undefined : sample(pid);
    if (use) processes[s] = use;
  }
  const self = sample('self');
  if (self) processes.bench = self;
  return { processes, machine: machineCpuTicks(readProcFile('/proc/stat')) };
}

/** How much of `key` a process used between two samples; NaN when either sample lacks it. */
export function usedBetween(before: PipelineSample, after: PipelineSample, process: PipelineServiceName | 'bench', key: keyof ProcessUse): number {
  return (after.processes[process]?.[key] ?? NaN) - (before.processes[process]?.[key] ?? NaN);
}

/** CPU ticks (100 per second) all seven services used between two samples, a service missing from either counting 0. */
export function serviceTicksBetween(before: PipelineSample, after: PipelineSample): number {
  return PIPELINE_SERVICES.reduce((sum, s) => sum + ((after.processes[s]?.ticks ?? 0) - (before.processes[s]?.ticks ?? 0)), 0);
}

/** CPU ticks (100 per second) as a percentage of one core over `wallMs` milliseconds. */
export function percentOfOneCore(ticks: number, wallMs: number): number {
  return (ticks / 100 / (wallMs / 1000)) * 100;
}

/** The machine's busy share of all its cores between two samples (0..1); undefined when either has no machine ticks. */
export function machineBusyBetween(before: PipelineSample, after: PipelineSample): number | undefined {
  if (!before.machine || !after.machine || after.machine.total <= before.machine.total) return undefined;
  return (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
}

/** Each service's round-trip counters now, from its `/metrics` (zeros when it does not answer within 5 s). */
export async function pipelineRoundTrips(pipeline: LocalPipeline): Promise<Record<string, RoundTripCounts>> {
  const entries = await Promise.all(
    PIPELINE_SERVICES.map(async (s): Promise<[string, RoundTripCounts]> => {
      try {
        const res = await fetch(`${pipeline.url(s)}/metrics`, { signal: AbortSignal.timeout(5_000) });
        return [s, parseRoundTripCounts(await res.text())];
      } catch {
        return [s, { pg: 0, kafka: 0, clickHouse: 0 }];
      }
    }),
  );
  return Object.fromEntries(entries);
}
