/** One inbox claim: `eventId` applied by `group`, recorded with the event's `topic`. */
export interface InboxClaim {
  group: string;
  eventId: string;
  topic: string;
}

/**
 * What a consumer needs from the relational store to apply events once (the persistence port's
 * `TransactionRunner` adapted by the platform): a transaction, and inbox claims inside it.
 * `Tx` is the transaction handed to handlers; the consumer never looks inside it.
 */
export interface InboxTransactions<Tx = unknown> {
  /** Runs `work` in one transaction: commits when it resolves, rolls back when it throws. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Claims every entry of `claims` in `tx` in one round trip; returns, per entry, whether it was new (false: already
   * applied in an earlier transaction, or an earlier entry of the same list had the same group and event id).
   */
  claim(tx: Tx, claims: readonly InboxClaim[]): Promise<boolean[]>;
}

/**
 * What a `transaction: 'own'` handler receives instead of a transaction: `once(work)` runs `work` in a new
 * transaction together with the inbox claim of the event being handled, and returns `{ duplicate: true }` without
 * calling `work` when the event was already applied.
 */
export interface OwnTransaction<Tx = unknown> {
  once<T>(work: (tx: Tx) => Promise<T>): Promise<{ duplicate: true } | { duplicate: false; result: T }>;
}
