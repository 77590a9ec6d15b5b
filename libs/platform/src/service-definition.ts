import { type Contract } from '@textback/contracts';
import { type DeadLetterTable } from '@textback/persistence';

/**
 * What the platform needs to know about a service: its name (also its Kafka client id and
 * consumer group), its PostgreSQL schema and migrations, and the contracts it consumes and
 * produces (their topics and dead-letter topics are created at start-up).
 */
export interface ServiceDefinition {
  name: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  consumes: readonly Contract[];
  produces: readonly Contract[];
  /**
   * Partitions the consumer handles at once (kafkajs `partitionsConsumedConcurrently`; order is
   * kept per partition) unless CONSUMER_CONCURRENCY overrides it. Default 3.
   */
  consumerConcurrency?: number;
  /**
   * Tables besides the outbox where the service's retry loops park dead letters (durable jobs, queues), for
   * `textback dead-letters list|replay`.
   */
  deadLetterTables?: readonly DeadLetterTable[];
}
