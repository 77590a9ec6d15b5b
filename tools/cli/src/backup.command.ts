import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { resolveDataDir, selectDeploymentMode } from '@textback/config';
import { lockPgliteDirectory } from '@textback/persistence';
import { NoEmbeddedDatabaseError } from './cli-relational-store';
import { CliUsageError } from './cli-usage.error';

const run = promisify(execFile);

/** Folder of the embedded relational store inside the data directory (libs/persistence `pgliteDataDir`). */
const PGLITE_SUBDIR = 'pglite';
/** The one-process lock file of the PGlite folder, never part of a backup. */
const PGLITE_LOCK_FILE = `${PGLITE_SUBDIR}.lock`;

/**
 * `textback backup [--data-dir DIR] <file.tar.gz>`: a gzipped tar of the embedded mode's whole data directory
 * (`--data-dir`, else TEXTBACK_DATA_DIR, default ./data: PGlite's database, chDB's analytics, the generated secrets), taken while no process holds it (the
 * PGlite directory lock is held during the copy, so the single process cannot start meanwhile). Refused while the
 * process runs: stop it, back up, start it (a minute's outage). Uses the system `tar` (GNU or BSD).
 * @throws NoEmbeddedDatabaseError (a usage error, exit 2) when the data directory holds no embedded database; Error
 *   when a running process holds it, or in the distributed mode (back up PostgreSQL and ClickHouse with their own tools).
 */
export async function backupCommand(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const { file, dataDir } = fileAndDataDir('backup', args, env);
  if (!existsSync(join(dataDir, PGLITE_SUBDIR))) throw new NoEmbeddedDatabaseError(dataDir, 'nothing to back up');
  const release = lockPgliteDirectory(join(dataDir, PGLITE_SUBDIR));
  try {
    const target = resolve(file);
    await run('tar', ['-czf', target, '-C', dataDir, `--exclude=./${PGLITE_LOCK_FILE}`, '.']);
    return `backed up ${dataDir} to ${target}`;
  } finally {
    release();
  }
}

/**
 * `textback restore [--data-dir DIR] <file.tar.gz>`: replaces the data directory with a backup's contents. The archive is unpacked
 * beside the directory first and must hold a PGlite database; only then is the current directory moved aside to
 * `<dir>.before-restore-<time>` (kept: delete it when satisfied) and the restored one put in its place. Refused while a
 * process holds the directory.
 * @throws Error when the archive is not a Textback backup, the directory is in use, or in the distributed mode.
 */
export async function restoreCommand(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const { file, dataDir } = fileAndDataDir('restore', args, env);
  const archive = resolve(file);
  if (!existsSync(archive)) throw new Error(`no such backup: ${archive}`);
  const hadData = existsSync(join(dataDir, PGLITE_SUBDIR));
  const release = hadData ? lockPgliteDirectory(join(dataDir, PGLITE_SUBDIR)) : () => undefined;
  const staging = mkdtempSync(join(dirname(dataDir), `${basename(dataDir)}.restore-`));
  try {
    await run('tar', ['-xzf', archive, '-C', staging]);
    if (!existsSync(join(staging, PGLITE_SUBDIR, 'PG_VERSION'))) throw new Error(`${archive} is not a Textback backup (no ${PGLITE_SUBDIR}/PG_VERSION inside)`);
    const aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) renameSync(dataDir, aside);
    else rmSync(dataDir, { recursive: true, force: true });
    renameSync(staging, dataDir);
    return `restored ${archive} into ${dataDir}${existsSync(aside) ? `; the previous data is in ${aside}` : ''}`;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    release();
  }
}

/** The archive and the data directory of `backup`/`restore`; @throws CliUsageError for a missing file or an unknown option. */
function fileAndDataDir(command: 'backup' | 'restore', args: string[], env: Record<string, string | undefined>): { file: string; dataDir: string } {
  const usage = `usage: textback ${command} [--data-dir DIR] <file.tar.gz>`;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: { 'data-dir': { type: 'string' } } }>>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { 'data-dir': { type: 'string' } } });
  } catch (err) {
    throw new CliUsageError(`${err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)}\n${usage}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) throw new CliUsageError(usage);
  const dataDir = parsed.values['data-dir'];
  if (dataDir === undefined && selectDeploymentMode(`textback ${command}`, env) === 'distributed') {
    throw new Error(`textback ${command} copies the embedded mode's data directory; in the distributed mode back up PostgreSQL and ClickHouse with their own tools`);
  }
  return { file, dataDir: resolve(dataDir ?? resolveDataDir(env)) };
}
