import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How {@link inDemoWorkDir} treats the directory when the run is over. */
export interface DemoWorkDirOptions {
  /** Keep the directory even after a run that passed (the demo's `--keep`). */
  keep: boolean;
  /** Prints one line to the operator. */
  say: (line: string) => void;
  /** Where the directory is made; default the system's temporary directory. */
  parent?: string;
}

/**
 * Runs `run` in a new work directory `<parent>/textback-demo-<runId>-XXXXXX` (the run's logs, the embedded data
 * directory, the franchise manifest), always a new one: two runs whose 4-digit ids meet must not share a data directory
 * (seen in CI-like runs: the second run's `users create` found the first run's owner).
 * A run that returns 0 (every invariant held) leaves nothing behind: the directory is removed, unless `keep`. A run
 * that returns anything else or throws keeps it, and says where, so its logs and data can be read.
 * @returns what `run` returned.
 * @throws whatever `run` throws, after saying where the directory was kept.
 */
export async function inDemoWorkDir(runId: string, options: DemoWorkDirOptions, run: (workDir: string) => Promise<number>): Promise<number> {
  const workDir = mkdtempSync(join(options.parent ?? tmpdir(), `textback-demo-${runId}-`));
  let code: number | undefined;
  try {
    code = await run(workDir);
    return code;
  } finally {
    if (code === 0 && !options.keep) {
      rmSync(workDir, { recursive: true, force: true });
      options.say(`Removed the work directory ${workDir} (the run passed).`);
    } else {
      options.say(`Kept the work directory for a look (logs, data, franchise manifest): ${workDir}`);
    }
  }
}
