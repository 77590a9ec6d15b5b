import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';

/** Name and version of the export format, in the first line of every file. */
export const SHOP_TRANSFER_FORMAT = 'textback-shop-export';
export const SHOP_TRANSFER_VERSION = 1;

/** First line: what the file holds and what the importer checks before writing anything. */
export interface ShopTransferHeader {
  format: typeof SHOP_TRANSFER_FORMAT;
  version: number;
  /** ISO 8601 UTC, when the export read the data (also the `published_at` given to outbox rows every group passed). */
  exportedAt: string;
  /** The data directory read (absolute path), for the operator. */
  source: string;
  /** Per service schema, the TypeORM migrations applied in the data directory (names, oldest first). */
  migrations: Record<string, string[]>;
  /** reporting's analytics migrations applied in chDB (versions); empty when the directory had no chDB. */
  analyticsMigrations: number[];
  /** The outbox handover ({@link OutboxHandover}): per producer schema, the groups, their cursors and the horizon. */
  outbox: Record<string, { horizon: string; cursors: Record<string, string>; pending: number; published: number }>;
}

/** Start of one relational table's rows: the columns in the source, in their order. */
export interface TableSection {
  schema: string;
  name: string;
  columns: string[];
}

/** Start of one analytics table's rows (chDB → ClickHouse). */
export interface AnalyticsTableSection {
  name: string;
  columns: string[];
}

/** A sequence's position in the source (`pg_sequences.last_value`, a bigint as text; null when never called). */
export interface SequenceState {
  schema: string;
  name: string;
  lastValue: string | null;
}

/** Last line: the totals; a file without it was cut short and is refused. */
export interface ShopTransferTrailer {
  relationalRows: number;
  analyticsRows: number;
}

/**
 * One line of the file, as {@link readShopTransfer} yields it. Rows keep their JSON text (`json`): the importer hands
 * it to PostgreSQL (`json_populate_recordset`) or ClickHouse without parsing it in JavaScript.
 */
export type ShopTransferLine =
  | { kind: 'header'; header: ShopTransferHeader }
  | { kind: 'table'; table: TableSection }
  | { kind: 'row'; json: string }
  | { kind: 'analyticsTable'; table: AnalyticsTableSection }
  | { kind: 'analyticsRow'; json: string }
  | { kind: 'end'; rows: number }
  | { kind: 'sequence'; sequence: SequenceState }
  | { kind: 'trailer'; trailer: ShopTransferTrailer };

/** Row lines start with these exact prefixes (`{"r":<row>}` relational, `{"a":<row>}` analytics). */
const ROW_PREFIX = '{"r":';
const ANALYTICS_ROW_PREFIX = '{"a":';

/** The export file is not one this version reads: not gzip, not JSON lines, another format or version, cut short. */
export class ShopTransferFileException extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ShopTransferFileException';
  }
}

/**
 * Writes an export file: gzip-compressed JSON lines, one record per line, streamed (memory stays at one batch of rows
 * whatever the size of the shop's data). Waits for the gzip stream to drain when it is behind (backpressure).
 * Layout: header, then per relational table `table`, its rows, `end`; the sequences; per analytics table
 * `analyticsTable`, its rows, `end`; the trailer.
 */
export class ShopTransferWriter {
  private readonly gzip: Gzip;
  private readonly out: WriteStream;
  private readonly finished: Promise<void>;

  constructor(file: string) {
    this.gzip = createGzip({ level: 6 });
    this.out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    this.finished = new Promise((resolve, reject) => {
      this.out.once('finish', resolve);
      this.out.once('error', reject);
      this.gzip.once('error', reject);
    });
    this.gzip.pipe(this.out);
  }

  header(header: ShopTransferHeader): Promise<void> {
    return this.line(JSON.stringify({ header }));
  }

  table(table: TableSection): Promise<void> {
    return this.line(JSON.stringify({ table }));
  }

  /** One relational row as PostgreSQL's JSON text (`row_to_json`), written unparsed. */
  row(json: string): Promise<void> {
    return this.line(`${ROW_PREFIX}${json}}`);
  }

  analyticsTable(table: AnalyticsTableSection): Promise<void> {
    return this.line(JSON.stringify({ analyticsTable: table }));
  }

  analyticsRow(row: object): Promise<void> {
    return this.line(`${ANALYTICS_ROW_PREFIX}${JSON.stringify(row)}}`);
  }

  end(rows: number): Promise<void> {
    return this.line(JSON.stringify({ end: { rows } }));
  }

  sequence(sequence: SequenceState): Promise<void> {
    return this.line(JSON.stringify({ sequence }));
  }

  /** Writes the trailer and closes the file. */
  async close(trailer: ShopTransferTrailer): Promise<void> {
    await this.line(JSON.stringify({ trailer }));
    this.gzip.end();
    await this.finished;
  }

  /** Closes the file without a trailer (an export that failed: the file is unreadable by design). */
  async abort(): Promise<void> {
    this.gzip.end();
    await this.finished.catch(() => undefined);
  }

  private async line(text: string): Promise<void> {
    if (!this.gzip.write(`${text}\n`)) await once(this.gzip, 'drain');
  }
}

/**
 * Reads an export file line by line (streamed: one line in memory at a time).
 * @throws ShopTransferFileException when the first line is not this format's header (or another version), a line is
 *   not a record of the format, or the file ends before its trailer.
 */
export async function* readShopTransfer(file: string): AsyncGenerator<ShopTransferLine> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let first = true;
  let trailer = false;
  try {
    for await (const text of lines) {
      if (text.length === 0) continue;
      if (trailer) throw new ShopTransferFileException(file, 'data after the trailer');
      const line = parseLine(file, text);
      if (first) {
        if (line.kind !== 'header' || line.header.format !== SHOP_TRANSFER_FORMAT) throw new ShopTransferFileException(file, `not a Textback export (${SHOP_TRANSFER_FORMAT})`);
        if (line.header.version !== SHOP_TRANSFER_VERSION) throw new ShopTransferFileException(file, `export format version ${line.header.version}; this textback reads ${SHOP_TRANSFER_VERSION}`);
        first = false;
      }
      if (line.kind === 'trailer') trailer = true;
      yield line;
    }
  } catch (err) {
    if (err instanceof ShopTransferFileException) throw err;
    throw new ShopTransferFileException(file, `unreadable (${err instanceof Error ? err.message : String(err)})`);
  }
  if (first) throw new ShopTransferFileException(file, 'empty');
  if (!trailer) throw new ShopTransferFileException(file, 'cut short (no trailer line): export again');
}

function parseLine(file: string, text: string): ShopTransferLine {
  if (text.startsWith(ROW_PREFIX)) return { kind: 'row', json: text.slice(ROW_PREFIX.length, -1) };
  if (text.startsWith(ANALYTICS_ROW_PREFIX)) return { kind: 'analyticsRow', json: text.slice(ANALYTICS_ROW_PREFIX.length, -1) };
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ShopTransferFileException(file, `a line is not JSON: ${text.slice(0, 80)}`);
  }
  if ('header' in record) return { kind: 'header', header: record.header as ShopTransferHeader };
  if ('table' in record) return { kind: 'table', table: record.table as TableSection };
  if ('analyticsTable' in record) return { kind: 'analyticsTable', table: record.analyticsTable as AnalyticsTableSection };
  if ('end' in record) return { kind: 'end', rows: (record.end as { rows: number }).rows };
  if ('sequence' in record) return { kind: 'sequence', sequence: record.sequence as SequenceState };
  if ('trailer' in record) return { kind: 'trailer', trailer: record.trailer as ShopTransferTrailer };
  throw new ShopTransferFileException(file, `unknown record: ${text.slice(0, 80)}`);
}
