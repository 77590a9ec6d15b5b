import { type Contract, type EventEnvelope } from '@textback/contracts';

/** Opaque handle to the current database transaction; only repositories unwrap it. */
export interface TransactionHandle {
  readonly __transaction: unique symbol;
}

/**
 * What a service sees inside a unit of work: it can publish events through the outbox and
 * claim an inbound event id through the inbox, both committed atomically with its own writes.
 */
export interface TransactionContext {
  /** Handle that repositories use to run their SQL in this transaction. */
  readonly handle: TransactionHandle;
  /**
   * Adds `event` to the outbox; it is published after commit. Adding the same event id twice is
   * a no-op.
   * @throws z.ZodError when the event does not satisfy `contract`.
   */
  publish<T>(contract: Contract, event: EventEnvelope<T>): Promise<void>;
  /**
   * Records that `consumerGroup` applied `eventId`. Returns false when it was already recorded
   * (a redelivery): the caller must then skip its effect.
   */
  claimEvent(consumerGroup: string, eventId: string, topic: string): Promise<boolean>;
  /**
   * {@link claimEvent} for many events in one statement (the batch consumer's claim): per entry, whether it was new.
   * An entry repeating an earlier entry's `(group, eventId)` is not new.
   */
  claimEvents(claims: readonly { group: string; eventId: string; topic: string }[]): Promise<boolean[]>;
  /**
   * Calls `callback` once the transaction has committed (never when it rolls back), e.g. to wake an in-process worker
   * for a row written here: in a batch transaction the handler returns long before the commit. `callback` must not
   * throw; it runs synchronously after the commit, in registration order.
   */
  afterCommit(callback: () => void): void;
}

/**
 * Port: runs `work` in one database transaction (READ COMMITTED), committing when it resolves
 * and rolling back when it throws. Services depend on this, not on TypeORM.
 */
export interface TransactionRunner {
  run<T>(work: (tx: TransactionContext) => Promise<T>): Promise<T>;
  /**
   * Runs `work` once per `(consumerGroup, event.id)`: the inbox claim and the effect commit
   * together; a duplicate delivery returns `{ duplicate: true }` without calling `work`.
   */
  runOnce<T>(consumerGroup: string, event: { id: string; type: string }, work: (tx: TransactionContext) => Promise<T>): Promise<{ duplicate: true } | { duplicate: false; result: T }>;
}

/** Injection token of the {@link TransactionRunner} port. */
export const TRANSACTION_RUNNER = Symbol('TransactionRunner');
