import { type InboxTransactions } from '@textback/bus/port';
import { type TransactionContext, type TransactionRunner } from './port/transaction-runner';

/**
 * The consumer's inbox store ({@link InboxTransactions} of `@textback/kafka`) on the {@link TransactionRunner} port:
 * handlers declared with `@ConsumeEvent` receive the port's {@link TransactionContext}, and claims go to the service
 * schema's `inbox` table in one statement per transaction ({@link TransactionContext.claimEvents}).
 */
export function inboxTransactions(runner: TransactionRunner): InboxTransactions<TransactionContext> {
  return {
    run: (work) => runner.run(work),
    claim: (tx, claims) => tx.claimEvents(claims),
  };
}
