import { type Client } from 'pg';

/** One statement's answer, as `pg` gives it: the rows and their count (null for statements that return none). */
export interface E2eQueryResult<R> {
  rows: R[];
  rowCount: number | null;
}

/**
 * What the end-to-end suites read from the services' schemas (every schema, one database), in either mode: a `pg`
 * Client on the shared PostgreSQL (distributed) or the embedded host's read-only probe (embedded,
 * `embedded-probe.main.ts`). Rows keep `pg`'s types: timestamptz as `Date`, int8 and numeric as strings, jsonb parsed.
 */
export interface E2eDatabase {
  /** Runs one statement with `$1…` parameters. @throws Error with the database's message when it fails. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<R = any>(sql: string, params?: unknown[]): Promise<E2eQueryResult<R>>;
}

/** The distributed mode's reader: a connected `pg` Client. */
export function pgDatabase(client: Client): E2eDatabase {
  return { query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)) as unknown as E2eQueryResult<R> };
}

/** Revives the probe's typed values (`{ "$date": ISO }` → Date). */
function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$date' && typeof o.$date === 'string') return new Date(o.$date);
  }
  return value;
}

/**
 * The embedded mode's reader: the probe of the running single process at `baseUrl` (read-only transactions on the
 * host's own PGlite session).
 * @throws Error with the statement and the database's message for a failed statement, or the probe's answer otherwise.
 */
export function probeDatabase(baseUrl: string): E2eDatabase {
  return {
    query: async <R>(sql: string, params: unknown[] = []) => {
      const res = await fetch(`${baseUrl}/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql, params }) });
      const text = await res.text();
      if (!res.ok) throw new Error(`embedded probe answered ${res.status} to ${sql}: ${text}`);
      return JSON.parse(text, revive) as E2eQueryResult<R>;
    },
  };
}
