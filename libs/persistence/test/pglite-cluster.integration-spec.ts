import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterCacheUnwritableError, clusterTemplateDir, createCluster, ensureClusterTemplate, PgliteRelationalStore, pgliteStartParams, removeLeftoversOfDeadProcesses } from '@textback/persistence';

describe('a new embedded database is a copy of the cached empty cluster (createCluster)', () => {
  let dir: string;
  let template: string;
  const startParams = () => pgliteStartParams();
  /** Opens the database in `dataDir`, runs one statement, closes it: what survives is on disk. */
  const query = async (dataDir: string, sql: string): Promise<unknown> => {
    const store = await PgliteRelationalStore.open({ dataDir });
    try {
      const ds = await store.createDataSource({ schema: 'public', applicationName: 'it-cluster' }).initialize();
      try {
        return await ds.query(sql);
      } finally {
        await ds.destroy();
      }
    } finally {
      await store.close();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'textback-pglite-cluster-'));
    template = join(dir, 'cache', 'pglite-cluster-test');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keys the template by the PGlite version and the start settings, under node_modules/.cache', () => {
    const a = clusterTemplateDir(['-c', 'shared_buffers=32MB']);
    const b = clusterTemplateDir(['-c', 'shared_buffers=64MB']);
    expect(a).toMatch(/node_modules\/\.cache\/textback\/pglite-cluster-\d+\.\d+\.\d+-[0-9a-f]{12}$/);
    expect(b).not.toEqual(a);
    expect(clusterTemplateDir(['-c', 'shared_buffers=32MB'])).toEqual(a);
  });

  it('builds the template once when two processes race for it, and leaves no half-built directory', async () => {
    const created = await Promise.all([ensureClusterTemplate(template, startParams()), ensureClusterTemplate(template, startParams())]);
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
    expect(readdirSync(join(dir, 'cache'))).toEqual(['pglite-cluster-test']);
    await expect(ensureClusterTemplate(template, startParams())).resolves.toBe(false);
  }, 180_000);

  it('copies it into each new data directory: independent databases that open, write and keep their data', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await expect(createCluster(a, startParams(), template)).resolves.toBe('template');
    await expect(createCluster(b, startParams(), template)).resolves.toBe('template');
    expect(readdirSync(dir).filter((f) => f.includes('.copying-'))).toEqual([]);

    await query(a, 'CREATE TABLE kept (n int)');
    await query(a, 'INSERT INTO kept VALUES (42)');
    await expect(query(b, `SELECT to_regclass('public.kept') AS t`)).resolves.toEqual([{ t: null }]);
    await expect(query(a, 'SELECT n FROM kept')).resolves.toEqual([{ n: 42 }]);
    // The template itself stayed empty.
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
    await expect(createCluster(join(dir, 'c'), startParams(), template)).resolves.toBe('template');
    await expect(query(join(dir, 'c'), `SELECT to_regclass('public.kept') AS t`)).resolves.toEqual([{ t: null }]);
  }, 180_000);

  it('falls back to initdb in the data directory when the cache cannot be written (a read-only node_modules)', async () => {
    const notADirectory = join(dir, 'a-file');
    writeFileSync(notADirectory, '');
    const target = join(dir, 'no-cache');
    await expect(createCluster(target, startParams(), join(notADirectory, 'template'))).resolves.toBe('initdb');
    expect(existsSync(join(target, 'PG_VERSION'))).toBe(true);
    const store = await PgliteRelationalStore.open({ dataDir: target });
    await store.close();
  }, 180_000);

  it('removes what a killed process left mid-build or mid-copy, and keeps a live process\'s', () => {
    /** A pid no process has: above Linux's largest pid_max (2^22). */
    const deadPid = 4_194_305;
    const base = join(dir, 'leftovers', 'tpl');
    mkdirSync(`${base}.building-${deadPid}-1`, { recursive: true });
    writeFileSync(join(`${base}.building-${deadPid}-1`, 'PG_VERSION'), '17');
    mkdirSync(`${base}.building-${process.ppid}-2`);
    mkdirSync(`${base}.copying-${deadPid}`);
    mkdirSync(`${base}.building-not-a-pid`);

    expect(removeLeftoversOfDeadProcesses(base, 'building')).toEqual([`tpl.building-${deadPid}-1`]);
    expect(removeLeftoversOfDeadProcesses(base, 'copying')).toEqual([`tpl.copying-${deadPid}`]);
    expect(readdirSync(join(dir, 'leftovers')).sort()).toEqual([`tpl.building-${process.ppid}-2`, 'tpl.building-not-a-pid']);
  });

  it('says the cache cannot be written as its own error, and does not retry an initdb that failed', async () => {
    const notADirectory = join(dir, 'another-file');
    writeFileSync(notADirectory, '');
    await expect(ensureClusterTemplate(join(notADirectory, 'template'), startParams())).rejects.toBeInstanceOf(ClusterCacheUnwritableError);

    // Settings initdb refuses: the template build fails, and that failure is what createCluster reports (the build
    // directory in the message), not a second initdb in the data directory.
    const target = join(dir, 'bad-settings');
    const failure = createCluster(target, ['-c', 'shared_buffers=banana'], join(dir, 'cache-bad', 'tpl'));
    await expect(failure).rejects.toThrow(/tpl\.building-/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(join(dir, 'cache-bad'))).toEqual([]);
  }, 180_000);
});
