/**
 * The one retry idiom of every retry loop (Kafka consumers, the outbox relay, job and queue workers): a bounded
 * number of attempts with a capped exponential backoff, then a dead-letter place. Infrastructure outages (the
 * database or the broker unreachable) are told apart from failures of one record, because an outage says nothing
 * about the record: loops retry those without spending the record's attempts (see {@link isInfrastructureUnavailable}).
 */

/** Settings of a {@link RetryPolicy}. Times in milliseconds. */
export interface RetrySettings {
  /** Attempts in all (the first try included) before the work is dead-lettered; at least 1. */
  maxAttempts: number;
  /** Delay after the first failed attempt, ms; doubles per further failure. */
  baseDelayMs: number;
  /** Longest single delay, ms. */
  maxDelayMs: number;
  /** Random spread of each delay as a fraction (0.2 = ±20 %); default 0 (deterministic). */
  jitter?: number;
}

/** What to do after a failed attempt: try again after `delayMs`, or give up and dead-letter. */
export type RetryDecision = { kind: 'retry'; delayMs: number } | { kind: 'dead_letter' };

/**
 * Attempt counting and backoff schedule. `failedAttempts` is 1-based: the number of attempts that have failed,
 * the one that just failed included. Delay after failure k = min(maxDelayMs, baseDelayMs * 2^(k-1)) (± jitter);
 * after `maxAttempts` failures the decision is `dead_letter`. Pure: no clock, no I/O.
 */
export class RetryPolicy {
  constructor(readonly settings: RetrySettings) {
    if (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1) throw new RangeError('maxAttempts must be an integer >= 1');
    if (settings.baseDelayMs < 0 || settings.maxDelayMs < 0) throw new RangeError('delays must be >= 0 ms');
  }

  /** Delay before the next attempt after `failedAttempts` failures, ms (no jitter). */
  delayMs(failedAttempts: number): number {
    const k = Math.max(1, failedAttempts);
    return Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** Math.min(k - 1, 40));
  }

  /** Decision after `failedAttempts` failures (1-based, the one that just failed included). */
  decide(failedAttempts: number, random: () => number = Math.random): RetryDecision {
    if (failedAttempts >= this.settings.maxAttempts) return { kind: 'dead_letter' };
    const spread = this.settings.jitter ?? 0;
    const factor = spread > 0 ? 1 - spread + 2 * spread * random() : 1;
    return { kind: 'retry', delayMs: Math.round(this.delayMs(failedAttempts) * factor) };
  }

  /** Longest total wait before a record is dead-lettered, ms (sum of the delays between attempts, no jitter). */
  get worstCaseMs(): number {
    let total = 0;
    for (let k = 1; k < this.settings.maxAttempts; k++) total += this.delayMs(k);
    return total;
  }
}

/**
 * Error codes that mean "the infrastructure is unreachable", not "this record is bad". Data, with sources:
 * - Node.js system errors (https://nodejs.org/api/errors.html#common-system-errors).
 * - PostgreSQL SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now),
 *   53300 (too many connections) — https://www.postgresql.org/docs/current/errcodes-appendix.html.
 * - kafkajs error names for broker connectivity (kafkajs src/errors.js); `KafkaJSNumberOfRetriesExceeded` is judged
 *   by its `cause`.
 */
export const UNAVAILABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
/** SQLSTATE class 08: connection exception (PostgreSQL Appendix A). */
const SQLSTATE_CONNECTION_CLASS = '08';
export const UNAVAILABLE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
]);
/**
 * Messages of node-postgres and its pool when the server went away; these errors carry no code
 * (https://github.com/brianc/node-postgres, pg and pg-pool sources).
 */
export const UNAVAILABLE_ERROR_MESSAGES: readonly RegExp[] = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * Whether `err` (or anything in its `cause` / `driverError` chain, up to 5 deep) says the database or the broker
 * is unreachable. Such a failure is retried without counting against a record's attempts: dead-lettering good
 * records because PostgreSQL restarted would turn a short outage into an operator's replay job.
 */
export function isInfrastructureUnavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; driverError?: unknown };
    if (typeof e.code === 'string' && (UNAVAILABLE_ERROR_CODES.has(e.code) || (e.code.length === 5 && e.code.startsWith(SQLSTATE_CONNECTION_CLASS)))) return true;
    if (typeof e.name === 'string' && UNAVAILABLE_ERROR_NAMES.has(e.name)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_ERROR_MESSAGES.some((re) => re.test(e.message as string))) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/** The error text stored with a dead letter: the message (no stack, no parameters), at most `max` characters. */
export function deadLetterErrorText(err: unknown, max = 2000): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, max);
}
