import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants as fsConstants, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { pgliteEntryPath } from './pglite-modules';

/** Longest a child process may take to create a new database cluster, ms. */
const CREATE_CLUSTER_TIMEOUT_MS = 120_000;

/**
 * The template cache's directory cannot be created or written (a read-only node_modules in an image, a path through a
 * file): the caller may create its cluster without a template instead. Any other failure (initdb itself failing) is
 * not this error and should not be retried without the cache.
 */
export class ClusterCacheUnwritableError extends Error {
  constructor(readonly cacheDir: string, cause: unknown) {
    super(`the embedded database template cache ${cacheDir} cannot be written: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ClusterCacheUnwritableError';
  }
}

/** Whether a process with this pid exists on this machine (signal 0: nothing is sent). EPERM means it exists as another user. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what a process that died mid-way left beside `path`: directories named `<name of path>.<marker>-<pid>[-…]`
 * (a template build, a copy into a data directory) whose pid is not running. A live process's directory, this process's
 * own and anything unparseable are kept. Best effort: a directory that cannot be listed or removed is left.
 */
export function removeLeftoversOfDeadProcesses(path: string, marker: 'building' | 'copying'): string[] {
  const parent = dirname(path);
  const prefix = `${basename(path)}.${marker}-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processIsAlive(pid)) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // left for the next start
    }
  }
  return removed;
}

/** How a new embedded database cluster came to be: copied from the cached template, or created by PGlite's initdb. */
export type ClusterOrigin = 'template' | 'initdb';

/**
 * Creates a new database cluster in the empty `dataDir` (PGlite's initdb) in a short-lived Node.js child process. PGlite
 * runs initdb in a second PGlite instance and copies its result as a tar into the first: about 720-810 MB resident at
 * the peak, which WebAssembly memory never gives back. In a child that peak ends with the child; the caller then opens
 * the created directory for ~190 MB (the single process's first start: VmHWM 1 005 -> about 550 MB, measured).
 * @throws Error with the child's stderr when it fails or takes longer than 120 s.
 */
export async function initdbInChildProcess(dataDir: string, startParams: readonly string[]): Promise<void> {
  const script = [
    'const [entry, dir, params] = process.argv.slice(1);',
    'require(entry).PGlite.create({ dataDir: dir, startParams: JSON.parse(params) })',
    '  .then((db) => db.close())',
    '  .then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });',
  ].join('\n');
  try {
    await promisify(execFile)(process.execPath, ['-e', script, pgliteEntryPath(), dataDir, JSON.stringify(startParams)], { timeout: CREATE_CLUSTER_TIMEOUT_MS, env: {} });
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    throw new Error(`creating the embedded database in ${dataDir} failed: ${e.stderr || e.message}`, { cause: err });
  }
}

/**
 * Directory of the cached empty cluster for this PGlite build and these start settings:
 * `<node_modules>/.cache/textback/pglite-cluster-<pglite version>-<sha256 of the settings, 12 hex>` (the node_modules
 * PGlite is loaded from, the place tools conventionally cache into), or null when PGlite is not under a node_modules
 * directory. A new PGlite version or other settings get a new template; old ones are left (about 40 MB each).
 */
export function clusterTemplateDir(startParams: readonly string[]): string | null {
  const entry = pgliteEntryPath();
  const at = entry.lastIndexOf(`${sep}node_modules${sep}`);
  if (at < 0) return null;
  const nodeModules = entry.slice(0, at + `${sep}node_modules`.length);
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(join(nodeModules, '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // a PGlite without its package.json where expected: one template for every such build
  }
  const settings = createHash('sha256').update(JSON.stringify(startParams)).digest('hex').slice(0, 12);
  return join(nodeModules, '.cache', 'textback', `pglite-cluster-${version}-${settings}`);
}

/**
 * Makes sure the empty cluster template exists in `templateDir` (initdb in a child process when missing, about 5 s of
 * one core and ~800 MB in the child), so later new databases are a copy of ~40 MB instead of an initdb each. Safe when
 * several processes race: each builds into its own temporary directory and renames it into place; the loser's copy is
 * removed. A template is only ever a cluster that initdb finished and closed cleanly.
 * Builds left by processes that died mid-way (`<template>.building-<pid>-<ms>`, ~40 MB each) are removed first.
 * @returns true when this call created it, false when it was there.
 * @throws ClusterCacheUnwritableError when the cache directory cannot be created or written; Error when initdb fails.
 */
export async function ensureClusterTemplate(templateDir: string, startParams: readonly string[]): Promise<boolean> {
  if (existsSync(join(templateDir, 'PG_VERSION'))) return false;
  try {
    mkdirSync(dirname(templateDir), { recursive: true });
    accessSync(dirname(templateDir), fsConstants.W_OK);
  } catch (err) {
    throw new ClusterCacheUnwritableError(dirname(templateDir), err);
  }
  removeLeftoversOfDeadProcesses(templateDir, 'building');
  const building = `${templateDir}.building-${process.pid}-${Date.now()}`;
  try {
    await initdbInChildProcess(building, startParams);
    try {
      renameSync(building, templateDir);
    } catch (err) {
      // Another process put its template in place first (rename onto a non-empty directory fails): use that one.
      if (existsSync(join(templateDir, 'PG_VERSION'))) return false;
      throw err;
    }
    return true;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/**
 * Creates a new, empty database cluster in `dataDir` (missing or empty): a copy of the cached template of this PGlite build and
 * these settings ({@link clusterTemplateDir}; made first when missing), or, when there is no cache to read or write
 * (PGlite outside node_modules, a read-only node_modules in an image), PGlite's initdb in a child process. Either way the
 * result is the same cluster: initdb's output does not depend on the directory it was written to.
 * @param templateDir the template to use; default {@link clusterTemplateDir}(startParams).
 * Copies left beside `dataDir` by a process killed mid-copy are removed first.
 * @returns where the cluster came from.
 * @throws Error when initdb fails (the template's or, without a cache, the data directory's; never both).
 */
export async function createCluster(dataDir: string, startParams: readonly string[], templateDir: string | null = clusterTemplateDir(startParams)): Promise<ClusterOrigin> {
  if (templateDir) {
    let ready = false;
    try {
      await ensureClusterTemplate(templateDir, startParams);
      ready = true;
    } catch (err) {
      // No writable cache: fall through to initdb in dataDir itself. initdb failing is not retried (it would fail again).
      if (!(err instanceof ClusterCacheUnwritableError)) throw err;
    }
    if (ready) {
      // Copied beside it, then renamed into place: a copy cut short (a full disk, a kill) never looks like a database.
      removeLeftoversOfDeadProcesses(dataDir, 'copying');
      const copying = `${dataDir}.copying-${process.pid}`;
      try {
        cpSync(templateDir, copying, { recursive: true });
        rmSync(dataDir, { recursive: true, force: true });
        renameSync(copying, dataDir);
      } finally {
        rmSync(copying, { recursive: true, force: true });
      }
      return 'template';
    }
  }
  await initdbInChildProcess(dataDir, startParams);
  return 'initdb';
}
