import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { pgliteEntryPath } from './pglite-modules';

/** Longest a child process may take to create a new database cluster, ms. */
const CREATE_CLUSTER_TIMEOUT_MS = 120_000;

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
 * @returns true when this call created it, false when it was there.
 * @throws Error when initdb fails or the cache directory cannot be written.
 */
export async function ensureClusterTemplate(templateDir: string, startParams: readonly string[]): Promise<boolean> {
  if (existsSync(join(templateDir, 'PG_VERSION'))) return false;
  mkdirSync(dirname(templateDir), { recursive: true });
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
 * @returns where the cluster came from.
 * @throws Error when initdb fails.
 */
export async function createCluster(dataDir: string, startParams: readonly string[], templateDir: string | null = clusterTemplateDir(startParams)): Promise<ClusterOrigin> {
  if (templateDir) {
    let ready = false;
    try {
      await ensureClusterTemplate(templateDir, startParams);
      ready = true;
    } catch {
      // no writable cache: fall through to initdb in dataDir itself
    }
    if (ready) {
      // Copied beside it, then renamed into place: a copy cut short (a full disk, a kill) never looks like a database.
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
