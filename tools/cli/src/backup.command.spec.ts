import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupCommand, restoreCommand } from './backup.command';
import { CliUsageError } from './cli-usage.error';

describe('textback backup/restore arguments', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-backup-args-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('works on --data-dir, not on TEXTBACK_DATA_DIR, when both are given', async () => {
    const dir = join(work, 'shop');
    await expect(backupCommand(['--data-dir', dir, join(work, 'b.tar.gz')], { TEXTBACK_DATA_DIR: join(work, 'other') })).rejects.toThrow(`no embedded database in ${dir} `);
  });

  it('takes the data directory from --data-dir in the distributed mode too (the directory is named)', async () => {
    const dir = join(work, 'shop');
    await expect(backupCommand([join(work, 'b.tar.gz'), '--data-dir', dir], { DATABASE_URL: 'postgres://x', KAFKA_BROKERS: 'k:9092', CLICKHOUSE_URL: 'http://c' })).rejects.toThrow(`no embedded database in ${dir} `);
  });

  it.each([
    [[] as string[]],
    [['--data-dir']],
    [['--data-dir', 'x']],
    [['--datadir', 'x', 'b.tar.gz']],
    [['a.tar.gz', 'b.tar.gz']],
  ])('refuses %j as a usage error (exit 2), before touching any directory', async (args) => {
    await expect(backupCommand(args, {})).rejects.toBeInstanceOf(CliUsageError);
    await expect(restoreCommand(args, {})).rejects.toBeInstanceOf(CliUsageError);
  });
});
