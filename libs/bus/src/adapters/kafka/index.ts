export * from './kafka.options';
export * from './kafka-record';
export * from './kafka-client.factory';
export * from './kafkajs-idle-loop.fix';
export * from './kafkajs-request-timeout.fix';
export * from './kafka-record-producer';
export * from './topic-provisioner';
export * from './contract-kafka.server';
export * from './dead-letter-topic.reader';
/**
 * The bus port moved to `@textback/bus` (transport-neutral: the Kafka server and the in-process bus share it).
 * Re-exported here so code still importing it from `@textback/kafka` keeps compiling; new code imports `@textback/bus`.
 */
export { CONSUME_EVENT_EXTRAS, CONSUME_TOGETHER_EXTRAS, ConsumeEvent, type ConsumeEventOptions, ConsumeEventsTogether, isPermanentFailure, PermanentEventError, type InboxClaim, type InboxTransactions, type OwnTransaction, RethrowRpcExceptionFilter } from '@textback/bus/port';
