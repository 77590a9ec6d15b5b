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
