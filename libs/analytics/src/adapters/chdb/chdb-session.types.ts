/**
 * The part of the `chdb` npm package (3.4.0, https://github.com/chdb-io/chdb-node, `index.d.ts`)
 * the adapter uses, declared here so the code compiles where the optional package is not
 * installed (franchise images, platforms chDB has no build for) and chDB is loaded only by the
 * embedded mode (`require('chdb')` at open time).
 */
export interface ChdbResult {
  text(): string;
}

/** A chDB session: one per data directory, and one data directory per process. */
export interface ChdbSession {
  /** Runs `query` on a libuv worker thread (the event loop stays free); `timeout` ms rejects early. */
  queryAsync(query: string, opts?: { format?: string; timeout?: number }): Promise<ChdbResult>;
  /** Raw insert: the payload is parsed by the engine (`INSERT INTO table (columns) FORMAT format`). */
  insert(params: { table: string; values: Buffer; format: 'JSONEachRow'; columns?: readonly string[] }): Promise<unknown>;
  /** Releases the native connection. Idempotent, never throws. */
  close(): void;
}

/** The module's exports the adapter uses. */
export interface ChdbModule {
  Session: new (path: string, opts?: { connectionArgs?: readonly string[] }) => ChdbSession;
  /** Resolves when no native query or deferred close is outstanding. */
  drainPending(): Promise<void>;
  version(): { chdb: string; libchdb: string };
}
