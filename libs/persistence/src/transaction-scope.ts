import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What an adapter may know about the transaction whose async context a statement comes from: `holding` is true while
 * that transaction holds its connection (set and cleared by the adapter that hands connections out).
 */
export interface TransactionScope {
  holding: boolean;
}

const scopes = new AsyncLocalStorage<TransactionScope>();

/**
 * Runs `work` (a {@link TransactionRunner} transaction) in a fresh {@link TransactionScope}, so code called from inside
 * it (a location lookup through the data source, not the transaction) can be recognised by the connection adapter.
 * The PostgreSQL adapter ignores it (such a statement takes a second pooled connection and sees committed data only);
 * the embedded store's one session lets it join the transaction that holds the session, instead of waiting for a
 * session it will never get (a self-deadlock that ended in `PgliteSessionBusyException` after the connect timeout).
 */
export function runInTransactionScope<T>(work: () => Promise<T>): Promise<T> {
  return scopes.run({ holding: false }, work);
}

/** The {@link TransactionScope} of the calling async context, or undefined outside every runner transaction. */
export function currentTransactionScope(): TransactionScope | undefined {
  return scopes.getStore();
}
