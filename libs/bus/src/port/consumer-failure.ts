import { isInfrastructureUnavailable } from '@textback/observability';

/**
 * Classifies a consumer handler failure. An error whose `retriable` property is `false` is
 * permanent: retrying cannot help (a domain rule rejects the event), so the message goes to the
 * dead-letter topic (in-process bus: dead-letter table) at once. Anything else is retried with backoff (RetryPolicy in
 * @textback/observability) and dead-lettered after the consumer's attempts, unless the
 * infrastructure itself is unavailable (then the offset is left uncommitted and it is redelivered).
 */
export function isPermanentFailure(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === false;
}

/** Marks a failure as permanent for the consumer: the message is dead-lettered (`<topic>.dlq`, or the in-process bus's `bus.dead_letters`). */
export class PermanentEventError extends Error {
  readonly retriable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentEventError';
  }
}

/**
 * Remembers which record's handler failed inside a batch transaction (many records applied in one transaction), so
 * that when the consumer then applies the batch's records one by one, the failed attempt counts toward that record's
 * attempt cap: a record that always fails gets `CONSUMER_MAX_ATTEMPTS` handler calls in all, whether it arrived alone
 * or in a batch, and its dead letter says so. A permanent failure or an outage of the infrastructure is not counted
 * (those follow their own rules in the consumer), nor is a failure outside the handlers (the claim, the commit).
 * One witness per batch transaction; used by the Kafka adapter and the in-process bus alike.
 */
export class HandlerFailureWitness<R> {
  private failed: { record: R; err: unknown } | null = null;

  /** Runs one record's handler; when it throws, remembers the record and rethrows the same error. */
  async watch<T>(record: R, handler: () => Promise<T>): Promise<T> {
    try {
      return await handler();
    } catch (err) {
      this.failed = { record, err };
      throw err;
    }
  }

  /** Failed attempts (0 or 1) already made for `record` in the batch transaction, as the attempt cap counts them. */
  priorFailuresOf(record: R): number {
    if (this.failed?.record !== record) return 0;
    const { err } = this.failed;
    return isPermanentFailure(err) || isInfrastructureUnavailable(err) ? 0 : 1;
  }
}
