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

/** A `pg` Pool whose connections are {@link CountedPgClient}s. */
export class CountedPgPool extends pg.Pool {
  constructor(config?: pg.PoolConfig) {
    super({ ...config, Client: CountedPgClient });
  }
}

/**
 * The `pg` module as TypeORM loads it (its `driver` option), with Client and Pool swapped for the counting ones;
 * type parsers, defaults and errors are pg's own.
 */
export const countedPg: typeof pg = { ...pg, Client: CountedPgClient, Pool: CountedPgPool } as typeof pg;
