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
  /**
   * Which shared dependencies `/health/ready` checks (default all: `database`, `kafka`, `outbox`). A service that
   * answers from memory while they are down (telephony-ingest: the phone path fails open) lists fewer, so an outage
   * of PostgreSQL or Kafka does not take it out of the load balancer; it adds its own probes (READINESS_PROBES is
   * an array its providers may push onto at module init).
   */
  readiness?: readonly ('database' | 'kafka' | 'outbox')[];
}
