import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inDemoWorkDir } from './demo-work-dir';

describe(inDemoWorkDir.name, () => {
  const parent = mkdtempSync(join(tmpdir(), 'demo-work-dir-spec-'));
  const said: string[] = [];
  const options = (keep = false) => ({ keep, say: (line: string) => said.push(line), parent });
  /** A run that writes a log and a data file into its directory, as the demo does, and ends with `code`. */
  const runEndingWith = (code: number, seen: string[]) => (workDir: string) => {
    seen.push(workDir);
    writeFileSync(join(workDir, 'host.log'), 'log');
    writeFileSync(join(workDir, 'franchise.yaml'), 'tenant: demo');
    return Promise.resolve(code);
  };

  beforeEach(() => {
    said.length = 0;
    for (const d of readdirSync(parent)) rmSync(join(parent, d), { recursive: true, force: true });
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('removes the directory and everything in it after a run that passed', async () => {
    const seen: string[] = [];
    expect(await inDemoWorkDir('0042', options(), runEndingWith(0, seen))).toBe(0);
    expect(seen[0]).toMatch(/\/textback-demo-0042-\w+$/);
    expect(existsSync(seen[0]!)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
    expect(said).toEqual([`Removed the work directory ${seen[0]} (the run passed).`]);
  });

  it('keeps the directory of a run whose invariants broke, and prints its path', async () => {
    const seen: string[] = [];
    expect(await inDemoWorkDir('0042', options(), runEndingWith(1, seen))).toBe(1);
    expect(readdirSync(seen[0]!).sort()).toEqual(['franchise.yaml', 'host.log']);
    expect(said).toEqual([`Kept the work directory for a look (logs, data, franchise manifest): ${seen[0]}`]);
  });

  it('keeps the directory of a run that failed with an error, prints its path and passes the error on', async () => {
    let dir = '';
    const failing = (workDir: string) => {
      dir = workDir;
      return Promise.reject(new Error('the host did not start'));
    };
    await expect(inDemoWorkDir('0042', options(), failing)).rejects.toThrow('the host did not start');
    expect(existsSync(dir)).toBe(true);
    expect(said).toEqual([`Kept the work directory for a look (logs, data, franchise manifest): ${dir}`]);
  });

  it('keeps the directory of a run that passed with --keep', async () => {
    const seen: string[] = [];
    expect(await inDemoWorkDir('0042', options(true), runEndingWith(0, seen))).toBe(0);
    expect(existsSync(seen[0]!)).toBe(true);
  });

  it('makes a new directory for each run, even with the same run id', async () => {
    const seen: string[] = [];
    await inDemoWorkDir('0042', options(true), runEndingWith(0, seen));
    await inDemoWorkDir('0042', options(true), runEndingWith(0, seen));
    expect(new Set(seen).size).toBe(2);
  });
});
