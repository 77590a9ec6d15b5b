/**
 * `@textback/bus`: the bus port (`port/`: how services declare idempotent event handlers, transport-neutral) and its
 * in-process adapter (`adapters/in-process/`: the embedded mode's durable bus on the outbox tables). The Kafka adapter,
 * `ContractKafkaServer` (`adapters/kafka/`), is imported as `@textback/kafka`, never through this barrel, so the
 * embedded mode never loads kafkajs; both call the same handlers.
 * `@textback/bus/port` is the port alone, without the adapter's dependency on `@textback/persistence`.
 */
export * from './port';
export * from './adapters/in-process';
export * from './connect-bus-consumer';
