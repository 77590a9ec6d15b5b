import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliWithEnv } from '../../../hosts/single-process/test/utils/single-process-host';
import { demoFranchise } from '../../demo/src/demo-franchise';

/**
 * Every `textback` command that works on an existing embedded database says so in the same words and exits 2 (a
 * configuration error, as a usage error: tools/cli/src/cli-usage.error.ts) when the data directory holds none, with the
 * built CLI as an operator runs it and no server address in its environment (PGlite only: no lock needed). Before, the
 * same mistake exited 2 from `users`, `sso` and `dead-letters` but 1 from `tenants apply`, `export` and `backup`.
 */
describe('textback on a data directory with no embedded database', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-cli-no-db-'));
  /** An empty data directory (it exists: only the database is missing). */
  const empty = join(work, 'data');
  const manifest = join(work, 'franchise.yaml');

  beforeAll(() => {
    mkdirSync(empty);
    writeFileSync(manifest, demoFranchise('4711').manifestYaml);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each([
    ['tenants apply', ['tenants', 'apply', '-f', manifest]],
    ['users create', ['users', 'create', '--tenant', 'demo', '--email', 'lee@example.com', '--role', 'owner', '--password-stdin']],
    ['sso show', ['sso', 'show', '--tenant', 'demo']],
    ['dead-letters list', ['dead-letters', 'list']],
    ['export', ['export', '--out', join(work, 'shop.jsonl.gz')]],
    ['backup', ['backup', join(work, 'backup.tar.gz')]],
  ])('%s exits 2 naming the directory', async (_, args) => {
    const { code, output } = await cliWithEnv(empty, {}, ...args);
    expect({ code, output }).toEqual({ code: 2, output: expect.stringContaining(`no embedded database in ${empty} (the data directory: --data-dir, else TEXTBACK_DATA_DIR, default ./data)`) as unknown });
  });
});
