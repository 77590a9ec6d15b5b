import { type EventEnvelope } from '@textback/contracts';
import { PermanentEventError } from '@textback/kafka';
import { type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { SchedulingException, SchedulingExceptionCode } from './scheduling.exception';

/**
 * Applies `event` once per consumer group (inbox + effect in one transaction). An event for a
 * location scheduling does not know is dead-lettered (PermanentEventError); any other error is
 * rethrown so the message is redelivered.
 */
export async function applyOnce(runner: TransactionRunner, group: string, event: EventEnvelope<unknown>, work: (tx: TransactionContext) => Promise<unknown>): Promise<void> {
  try {
    await runner.runOnce(group, event, work);
  } catch (err) {
    if (err instanceof SchedulingException && err.code === SchedulingExceptionCode.LOCATION_NOT_FOUND) throw new PermanentEventError(err.message, { cause: err });
    throw err;
  }
}
