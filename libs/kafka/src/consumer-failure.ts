/**
 * Classifies a consumer handler failure. An error whose `retriable` property is `false` is
 * permanent: retrying cannot help (a domain rule rejects the event), so the message goes to the
 * dead-letter topic. Anything else is transient (database or network down) and is retried
 * without committing the offset.
 */
export function isPermanentFailure(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === false;
}

/** Marks a failure as permanent for the consumer: the message goes to `<topic>.dlq`. */
export class PermanentEventError extends Error {
  readonly retriable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentEventError';
  }
}

/** Delay before in-process attempt `attempt` (1-based): base * 2^(attempt-1), capped at 5 s. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(5_000, baseMs * 2 ** Math.max(0, attempt - 1));
}
