import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliWithEnv } from '../../../hosts/single-process/test/utils/single-process-host';
import { readShopTransfer } from '../src/shop-transfer/shop-transfer-file';
import { makeEmbeddedShop } from './utils/embedded-shop';

/**
 * `textback export` on a data directory made by the single process (PGlite and chDB only: no lock needed): refused
 * while a process holds the directory, then a file whose sections hold every table's rows and whose outbox rows
 * follow the handover rule (pending = after the lowest group cursor). The round trip into PostgreSQL/ClickHouse is
 * shop-transfer.integration-spec.ts.
 */
describe('textback export', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-export-'));
  const file = join(work, 'shop.jsonl.gz');

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses a directory in use, then writes every row with the outbox handover', async () => {
    const shop = await makeEmbeddedShop(work);
    const lockFile = join(shop.dataDir, 'pglite.lock');
    writeFileSync(lockFile, String(process.pid));
    const refused = await cliWithEnv(shop.dataDir, {}, 'export', '--data-dir', shop.dataDir, '--out', file);
    rmSync(lockFile, { force: true });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`is in use by process ${process.pid}`);

    expect(await cliWithEnv(shop.dataDir, {}, 'export', '--out', file)).toMatchObject({ code: 0 });
    const exists = await cliWithEnv(shop.dataDir, {}, 'export', '--out', file);
    expect(exists.code).toBe(1);
    expect(exists.output).toContain('exists');

    const counts: Record<string, number> = {};
    const unpublished: string[] = [];
    let section = '';
    let analyticsEvents = 0;
    let header: { outbox: Record<string, { horizon: string; pending: number; cursors: Record<string, string> }> } | undefined;
    for await (const line of readShopTransfer(file)) {
      if (line.kind === 'header') header = line.header;
      if (line.kind === 'table') section = `${line.table.schema}.${line.table.name}`;
      if (line.kind === 'analyticsTable') section = `analytics.${line.table.name}`;
      if (line.kind === 'end') counts[section] = line.rows;
      if (line.kind === 'row' && section === 'messaging.outbox') {
        const row = JSON.parse(line.json) as { id: string; published_at: string | null };
        if (row.published_at === null) unpublished.push(row.id);
      }
      if (line.kind === 'analyticsRow' && section === 'analytics.events') analyticsEvents++;
    }
    expect(Object.fromEntries(Object.entries(counts).filter(([t]) => !t.startsWith('analytics.')))).toEqual(shop.counts);
    expect(unpublished).toEqual(shop.pending);
    expect(header?.outbox.messaging?.pending).toBe(shop.pending.length);
    expect(header?.outbox.messaging?.cursors.reporting).toBe(header?.outbox.messaging?.horizon);
    expect(analyticsEvents).toBeGreaterThan(0);
    // Rollups are re-derived by the target's views, never copied.
    expect(Object.keys(counts).filter((t) => t.startsWith('analytics.'))).not.toContain('analytics.measures_daily');
  }, 420_000);
});
