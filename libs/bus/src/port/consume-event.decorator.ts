import { EventPattern } from '@nestjs/microservices';

/** Key under which {@link ConsumeEvent} stores its options in the Nest handler's `extras`. */
export const CONSUME_EVENT_EXTRAS = 'textbackConsumeEvent';

/**
 * How the consumer applies a handler's events.
 * - `group`: the inbox's consumer group (default: the service's Kafka consumer group); `(group, event id)` is claimed
 *   in the same transaction as the handler's writes, so a redelivered event is skipped without calling the handler.
 * - `transaction`: `'batch'` (default): the handler is `(event, tx)` and the consumer may apply many records of one
 *   Kafka batch in one transaction (all claims, all effects, all outbox rows commit together). `'own'`: for a handler
 *   that calls outside (a language model, a carrier) before it writes, and so must not run inside a transaction:
 *   the handler is `(event, inbox)` ({@link OwnTransaction}), records are applied one by one, and the handler opens
 *   its transaction with `inbox.once(work)` after the outside call (claim and writes commit together there).
 */
export interface ConsumeEventOptions {
  group?: string;
  transaction?: 'batch' | 'own';
}

/**
 * Declares an idempotent event handler: `(event, tx)` (or `(event, inbox)` with `transaction: 'own'`) where `event` is the envelope already parsed against its
 * topic's contract (`@Payload()`) and `tx` the transaction to write in (`@Ctx()`, the persistence port's
 * `TransactionContext`: repositories, `tx.publish` to the outbox). The consumer (a bus adapter: `ContractKafkaServer` of `@textback/kafka`, or the in-process bus) claims
 * the inbox before calling it and commits after it resolves; a thrown error is retried and dead-lettered as the
 * consumer documents. Nothing of the transport reaches the handler, so another bus can call the same handlers.
 */
export function ConsumeEvent(topics: string | string[], options: ConsumeEventOptions = {}): MethodDecorator {
  return EventPattern(topics, { [CONSUME_EVENT_EXTRAS]: { transaction: 'batch', ...options } satisfies ConsumeEventOptions });
}

/** Key under which {@link ConsumeEventsTogether} marks a handler in the Nest handler's `extras`. */
export const CONSUME_TOGETHER_EXTRAS = 'textbackConsumeTogether';

/**
 * Declares a handler `(event)` with no inbox and no transaction (it de-duplicates itself, as reporting's ClickHouse
 * store does by event id) whose calls for the records of one Kafka batch are started together, in offset order, and
 * awaited together, so a handler that buffers writes (reporting's one ClickHouse INSERT per batch) gets a whole batch
 * at once. When any call of a batch fails, its records are handled again one by one with the consumer's retries and
 * dead-lettering.
 */
export function ConsumeEventsTogether(topics: string | string[]): MethodDecorator {
  return EventPattern(topics, { [CONSUME_TOGETHER_EXTRAS]: true });
}
