import { type TransactionContext } from '@textback/persistence';

/** A durable timer as its handler sees it. `dueAt` is the instant it was due (UTC). */
export interface DueTimer {
  timerId: string;
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  /** Failed attempts so far (0 on the first firing). */
  attempts: number;
}

/** A timer to schedule; `key` is stable: scheduling the same key twice keeps the first. */
export interface TimerRequest {
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Runs when a timer of its kind is due, inside the transaction that marks the timer fired: its
 * writes, published events and newly scheduled timers commit together with "fired", so a crash
 * re-runs the whole firing and nothing is done twice. Throw to retry later with backoff.
 */
export type TimerHandler = (tx: TransactionContext, timer: DueTimer) => Promise<void>;

/**
 * Runs when a timer of its kind is due, with NO transaction open: for handlers that call outside the process (a
 * carrier), which must not hold a database transaction (and, on the embedded store's single session, would block
 * every other caller) for the call's duration. The timer is leased first (its due instant moved 2 minutes ahead in a
 * transaction of its own), so another poller takes it again only if this one dies; the handler opens its own short
 * transactions and must be safe to run again after such a crash. It is marked fired afterwards unless it rescheduled
 * itself. Throw to retry later with backoff.
 */
export type OutsideTimerHandler = (timer: DueTimer) => Promise<void>;
