import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readShopTransfer, SHOP_TRANSFER_FORMAT, SHOP_TRANSFER_VERSION, type ShopTransferHeader, type ShopTransferLine, ShopTransferWriter } from './shop-transfer-file';

const HEADER: ShopTransferHeader = {
  format: SHOP_TRANSFER_FORMAT,
  version: SHOP_TRANSFER_VERSION,
  exportedAt: '2026-12-04T22:00:00.000Z',
  source: '/data',
  migrations: { crm: ['CreateCrmModel1764460000000'] },
  analyticsMigrations: [1, 2],
  outbox: {},
};

async function readAll(file: string): Promise<ShopTransferLine[]> {
  const lines: ShopTransferLine[] = [];
  for await (const line of readShopTransfer(file)) lines.push(line);
  return lines;
}

describe(ShopTransferWriter.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'textback-transfer-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes records that read back in order, rows as their unparsed JSON text', async () => {
    const file = join(dir, 'ok.jsonl.gz');
    const writer = new ShopTransferWriter(file);
    await writer.header(HEADER);
    await writer.table({ schema: 'crm', name: 'leads', columns: ['id', 'note'] });
    await writer.row('{"id":"a","note":"line\\nbreak \\"quoted\\""}');
    await writer.end(1);
    await writer.sequence({ schema: 'crm', name: 'outbox_seq_seq', lastValue: '42' });
    await writer.analyticsTable({ name: 'events', columns: ['event_id'] });
    await writer.analyticsRow({ event_id: 'e1' });
    await writer.end(1);
    await writer.close({ relationalRows: 1, analyticsRows: 1 });
    expect(await readAll(file)).toEqual([
      { kind: 'header', header: HEADER },
      { kind: 'table', table: { schema: 'crm', name: 'leads', columns: ['id', 'note'] } },
      { kind: 'row', json: '{"id":"a","note":"line\\nbreak \\"quoted\\""}' },
      { kind: 'end', rows: 1 },
      { kind: 'sequence', sequence: { schema: 'crm', name: 'outbox_seq_seq', lastValue: '42' } },
      { kind: 'analyticsTable', table: { name: 'events', columns: ['event_id'] } },
      { kind: 'analyticsRow', json: '{"event_id":"e1"}' },
      { kind: 'end', rows: 1 },
      { kind: 'trailer', trailer: { relationalRows: 1, analyticsRows: 1 } },
    ]);
  });

  it('never overwrites an existing file', async () => {
    const file = join(dir, 'exists.jsonl.gz');
    writeFileSync(file, 'x');
    const writer = new ShopTransferWriter(file);
    await expect(writer.header(HEADER).then(() => writer.close({ relationalRows: 0, analyticsRows: 0 }))).rejects.toThrow('EEXIST');
  });
});

describe(readShopTransfer.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'textback-transfer-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const gz = (name: string, lines: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, gzipSync(lines.map((l) => `${l}\n`).join('')));
    return file;
  };

  it('refuses a file cut short (no trailer)', async () => {
    const file = gz('cut.jsonl.gz', [JSON.stringify({ header: HEADER }), '{"table":{"schema":"crm","name":"leads","columns":["id"]}}', '{"r":{"id":"a"}}']);
    await expect(readAll(file)).rejects.toThrow('cut short');
  });

  it('refuses another format version', async () => {
    const file = gz('v2.jsonl.gz', [JSON.stringify({ header: { ...HEADER, version: 2 } }), '{"trailer":{"relationalRows":0,"analyticsRows":0}}']);
    await expect(readAll(file)).rejects.toThrow(`export format version 2; this textback reads ${SHOP_TRANSFER_VERSION}`);
  });

  it('refuses a file that is not an export', async () => {
    writeFileSync(join(dir, 'plain.txt'), 'hello');
    await expect(readAll(join(dir, 'plain.txt'))).rejects.toThrow('unreadable');
    const other = gz('other.jsonl.gz', ['{"hello":1}']);
    await expect(readAll(other)).rejects.toThrow('unknown record');
  });
});
