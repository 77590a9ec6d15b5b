/**
 * `@textback/bus`: the bus port (how services declare event handlers, transport-neutral) and its in-process adapter.
 * The Kafka adapter is `ContractKafkaServer` in `@textback/kafka` (it stays with the rest of the Kafka code).
 */
export * from './port';
