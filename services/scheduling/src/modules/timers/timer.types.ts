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

/**
 * Which due timer fires first. `urgent`: kinds that page a human or protect a caller (an on-call escalation, a page
 * call); `routine`: everything else (follow-up steps). Among timers that are due, urgent ones are claimed first,
 * oldest first within a priority; every {@link OLDEST_FIRST_EVERY}th claim is oldest-first whatever the priority, so a
 * flood of urgent timers cannot starve routine ones. Stored as `timer.priority` (0 urgent, 1 routine).
 */
export type TimerPriority = 'urgent' | 'routine';

/** `timer.priority` of each {@link TimerPriority} (claimed in ascending order). */
export const TIMER_PRIORITY_VALUE: Record<TimerPriority, number> = { urgent: 0, routine: 1 };

/**
 * Every how many claims of one timer service the claim ignores priority and takes the oldest due timer: while urgent
 * timers keep coming due, routine ones still get at least 1 in 10 firings (and the oldest one is reached at last,
 * since newer urgent timers are due later). Not a lateness threshold: after an outage every routine timer is late,
 * and promoting them all would put an escalation behind the backlog again.
 */
export const OLDEST_FIRST_EVERY = 10;

/** Options of a timer kind's registration. */
export interface TimerKindOptions {
  /** Default `routine`. */
  priority?: TimerPriority;
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
