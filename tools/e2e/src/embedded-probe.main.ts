#!/usr/bin/env node
/**
 * The single process (`hosts/single-process`, started exactly as `npm start` starts it) plus a read-only SQL probe for
 * the end-to-end suites in the embedded mode. PGlite admits one process per data directory, so a test cannot open the
 * database the running host holds, as it opens a PostgreSQL connection in the distributed mode; this entry runs the
 * host and answers the test's reads through the host's own relational store (queued on its one session like any other
 * checkout, each in a READ ONLY transaction that is rolled back).
 *
 * Test-only: never part of an image or of `npm start`. Listens on 127.0.0.1:`E2E_PROBE_PORT` (required).
 * `POST /query` with `{ "sql": string, "params"?: unknown[] }` answers `{ rows, rowCount }` (200), or `{ error }` (400
 * for a failed statement, 503 while the host has not opened its store). Values keep their types across JSON: a `Date`
 * travels as `{ "$date": ISO-8601 }`, a `bigint` as its decimal string (what `pg` returns for int8).
 */
import { createServer, type IncomingMessage } from 'node:http';
import { processRelationalStore } from '@textback/platform';
import { type DataSource } from 'typeorm';
import '../../../hosts/single-process/src/main';

const port = Number(process.env.E2E_PROBE_PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('embedded-probe: E2E_PROBE_PORT (a TCP port) is required');
  process.exit(78);
}

let dataSource: Promise<DataSource> | null = null;

/** The probe's data source on the host's store, created on first use. @throws EmbeddedStoreMissingException before the host opened its store. */
function probeDataSource(): Promise<DataSource> {
  if (!dataSource) {
    const store = processRelationalStore('e2e-probe', {});
    dataSource = store.createDataSource({ schema: 'public', applicationName: 'e2e-probe' }).initialize();
    dataSource.catch(() => (dataSource = null));
  }
  return dataSource;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON replacer keeping Dates and bigints recognisable (see the file's docstring). */
function typedValue(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) return { $date: raw.toISOString() };
  if (typeof raw === 'bigint') return raw.toString();
  return value;
}

const server = createServer((req, res) => {
  const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body, typedValue));
  if (req.method !== 'POST' || req.url !== '/query') return void answer(404, { error: 'POST /query only' });
  void (async () => {
    let ds: DataSource;
    try {
      ds = await probeDataSource();
    } catch (err) {
      return answer(503, { error: String(err) });
    }
    const { sql, params } = JSON.parse(await readBody(req)) as { sql: string; params?: unknown[] };
    const runner = ds.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      await runner.query('SET TRANSACTION READ ONLY');
      const rows = (await runner.query(sql, params ?? [])) as unknown[];
      answer(200, { rows, rowCount: rows.length });
    } catch (err) {
      answer(400, { error: err instanceof Error ? err.message : String(err) });
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  })();
});
server.listen(port, '127.0.0.1');
// The host's graceful stop ends the process with process.exit; the probe holds nothing that needs closing first.
server.unref();
