import { RoundTripMeter } from '@textback/observability';
import pg from 'pg';

const baseQuery = pg.Client.prototype.query;

/**
 * A `pg` Client that counts every statement it sends in `textback_pg_statements_total` ({@link RoundTripMeter}),
 * whatever the call form (text, config object, prepared statement, callback or promise). Use it wherever a service
 * opens its own connection (LISTEN, migrators); TypeORM data sources get it through {@link countedPg}.
 */
export class CountedPgClient extends pg.Client {}

CountedPgClient.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]): unknown {
  RoundTripMeter.get().pgStatement();
  return (baseQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof baseQuery;

/** Key of the pool settings (TypeORM's `extra`) that turns {@link BeginFoldingPgClient}'s folding off when false. */
export const FOLD_TRANSACTION_START = 'textbackFoldTransactionStart';

/** `START TRANSACTION` / `BEGIN` exactly as TypeORM and the relay send it (no options: those are sent as they are). */
const BEGIN_TEXT = /^\s*(?:START\s+TRANSACTION|BEGIN)\s*;?\s*$/i;
/** The end of a transaction in which nothing was sent yet. */
const END_TEXT = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i;

/** What `pg` answers for a statement without rows; TypeORM reads `rows`, `rowCount` and `command`. */
function emptyResult(command: string): pg.QueryResult {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] };
}

/** Internals of `pg`'s Query that {@link BeginFoldedQuery} extends (not in `@types/pg`). */
interface PgQueryInternals {
  text: string;
  callback?: (err: Error | null, res?: unknown) => void;
  _results: unknown;
  requiresPreparation(): boolean;
  prepare(connection: PgConnection): void;
  handleReadyForQuery(connection: PgConnection): void;
}
interface PgConnection {
  parse(query: { text: string }): void;
  bind(config: Record<string, never>): void;
  execute(config: Record<string, never>): void;
}
const PgQuery = pg.Query as unknown as new (text: string, values?: unknown[]) => PgQueryInternals;

/**
 * A statement sent together with the `START TRANSACTION` that precedes it: one write and one wait instead of two.
 * A parameterised statement (extended protocol) is preceded by the `START TRANSACTION` message triple (parse, bind,
 * execute) before its own messages and the one `Sync`: PostgreSQL runs both up to the `Sync` and skips the statement
 * if `START TRANSACTION` fails, so the statement never runs outside the transaction. A statement without parameters
 * (simple protocol) is sent as `START TRANSACTION; <text>`, with the same effect. The caller gets the statement's own
 * result, as if it had been sent alone.
 */
class BeginFoldedQuery extends PgQuery {
  /** Marks the query for counters that tell transactions apart (a spec counting `START TRANSACTION`s). */
  readonly beginsTransaction = true;

  constructor(text: string, values: unknown[] | undefined) {
    super(text, values);
    if (!this.requiresPreparation()) this.text = `START TRANSACTION; ${text}`;
  }

  override prepare(connection: PgConnection): void {
    connection.parse({ text: 'START TRANSACTION' });
    connection.bind({});
    connection.execute({});
    super.prepare(connection);
  }

  override handleReadyForQuery(connection: PgConnection): void {
    // The results are `[START TRANSACTION's, the statement's…]`: the caller sees the statement's as if sent alone.
    if (Array.isArray(this._results)) {
      const own = this._results.slice(1);
      this._results = own.length === 1 ? own[0] : own;
    }
    super.handleReadyForQuery(connection);
  }
}

/**
 * The pooled client of TypeORM's data sources: a {@link CountedPgClient} that sends a transaction's
 * `START TRANSACTION` together with the transaction's first statement ({@link BeginFoldedQuery}), saving a round trip
 * (a socket write in this process, a wake-up of the backend) in every transaction: the consumers' batch transactions,
 * the outbox relay's rounds, every writer. `START TRANSACTION` is answered at once and remembered; a `COMMIT` or
 * `ROLLBACK` before any statement ends a transaction that never reached PostgreSQL, so neither is sent. Statements are
 * counted as before (`START TRANSACTION` when it is sent). Only the promise form `query(text[, values])`, the one
 * TypeORM uses, is folded; any other call form while a `START TRANSACTION` is remembered sends it first, on its own.
 * The transaction starts (its `now()`, its snapshot) at its first statement instead of at the `START TRANSACTION`
 * round trip before it: under READ COMMITTED every statement takes its own snapshot anyway.
 */
export class BeginFoldingPgClient extends CountedPgClient {
  private beginPending = false;
  private readonly folds: boolean;

  /** `config[FOLD_TRANSACTION_START] === false` (from the pool's settings) sends every statement on its own. */
  constructor(config?: pg.ClientConfig & { [FOLD_TRANSACTION_START]?: boolean }) {
    super(config);
    this.folds = config?.[FOLD_TRANSACTION_START] !== false;
  }
}

BeginFoldingPgClient.prototype.query = function foldingQuery(this: BeginFoldingPgClient, ...args: unknown[]): unknown {
  const self = this as unknown as { beginPending: boolean; folds: boolean };
  // The counting query is looked up at call time, so a spec that wraps CountedPgClient.prototype.query sees these too.
  const send = (...a: unknown[]): unknown => (CountedPgClient.prototype.query as (...x: unknown[]) => unknown).apply(this, a);
  const [config, values, callback] = args;
  const promiseForm = typeof config === 'string' && callback === undefined && (values === undefined || Array.isArray(values));
  if (!self.beginPending) {
    if (self.folds && promiseForm && BEGIN_TEXT.test(config)) {
      self.beginPending = true;
      return Promise.resolve(emptyResult('BEGIN'));
    }
    return send(...args);
  }
  self.beginPending = false;
  if (!promiseForm) {
    void (send('START TRANSACTION') as Promise<unknown>).catch(() => undefined);
    return send(...args);
  }
  const end = END_TEXT.exec(config);
  if (end) return Promise.resolve(emptyResult(end[1]!.toUpperCase()));
  RoundTripMeter.get().pgStatement(true);
  const query = new BeginFoldedQuery(config, values as unknown[] | undefined);
  return new Promise((resolve, reject) => {
    query.callback = (err, res) => (err ? reject(err) : resolve(res));
    send(query);
  });
} as typeof CountedPgClient.prototype.query;

/** A `pg` Pool whose connections are {@link BeginFoldingPgClient}s. */
export class CountedPgPool extends pg.Pool {
  constructor(config?: pg.PoolConfig) {
    super({ ...config, Client: BeginFoldingPgClient });
  }
}

/**
 * The `pg` module as TypeORM loads it (its `driver` option), with Client and Pool swapped for the counting ones;
 * type parsers, defaults and errors are pg's own.
 */
export const countedPg: typeof pg = { ...pg, Client: CountedPgClient, Pool: CountedPgPool } as typeof pg;
