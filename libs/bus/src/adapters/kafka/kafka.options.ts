/**
 * Connection and behaviour settings for one service's Kafka client.
 * - `clientId`: the service name; also the consumer group id.
 * - `brokers`: `host:port` list.
 * - `partitions` / `replicationFactor`: for topics this service creates at start-up.
 * - `maxAttempts`: handler attempts per record before it is dead-lettered (`retries_exhausted`);
 *   for an infrastructure outage, in-process attempts before the record is handed back to kafkajs
 *   uncommitted (redelivered after kafkajs's own backoff, never dead-lettered).
 * - `partitionsConsumedConcurrently`: kafkajs `run` concurrency (order is kept per partition).
 */
export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  groupId?: string;
  partitions: number;
  replicationFactor: number;
  maxAttempts: number;
  partitionsConsumedConcurrently?: number;
  /** First retry delay for in-process retries, ms (doubles each attempt); default 500. */
  retryBaseDelayMs?: number;
  /** Longest delay between two in-process attempts, ms; default 10 000. */
  retryMaxDelayMs?: number;
  /** Most records of one batch applied in one shared transaction; default 200. */
  batchMaxRecords?: number;
  /** How long the broker holds a fetch that finds no record, ms (kafkajs `maxWaitTimeInMs`); default 5 000. */
  fetchMaxWaitMs?: number;
  /** Least time between two consumer heartbeats, ms (kafkajs `heartbeatInterval`); default 3 000. */
  heartbeatIntervalMs?: number;
  /** Consumer session timeout, ms; default 30 000. */
  sessionTimeoutMs?: number;
  /**
   * Least time between two offset commits of the consumer, ms; default 1 000. 0 commits after every batch (kafkajs's
   * `eachBatch` default: one OffsetCommit request per batch, which at low rates is one per record). Offsets are still
   * resolved only after their transaction committed; a crash or a rebalance redelivers at most this long's records,
   * which the inbox makes harmless. Closing the consumer commits what is resolved before it leaves the group.
   */
  commitIntervalMs?: number;
  /** Fix kafkajs's idle 1 ms timer loop ({@link fixKafkajsIdleLoop}); default true. */
  fixIdleLoop?: boolean;
  /**
   * Time kafkajs's request timeouts with one timer per connection at the earliest deadline of its requests in flight
   * (`timeKafkajsRequestTimeoutsAtDeadline`) instead of its 100 ms check per connected connection; default true.
   */
  requestTimeoutAtDeadline?: boolean;
}

/** Header names set on every record Textback publishes (values are UTF-8 strings). */
export const KAFKA_HEADERS = {
  contentType: 'content-type',
  eventId: 'textback-event-id',
  eventType: 'textback-event-type',
  schemaVersion: 'textback-schema-version',
  correlationId: 'textback-correlation-id',
  causationId: 'textback-causation-id',
  tenantId: 'textback-tenant-id',
  dlqReason: 'textback-dlq-reason',
  dlqError: 'textback-dlq-error',
  dlqOriginalTopic: 'textback-dlq-original-topic',
  dlqOriginalPartition: 'textback-dlq-original-partition',
  dlqOriginalOffset: 'textback-dlq-original-offset',
  dlqConsumerGroup: 'textback-dlq-consumer-group',
  dlqFailedAt: 'textback-dlq-failed-at',
  /** Failed handler attempts before the record was dead-lettered (0: refused before any handler ran). */
  dlqAttempts: 'textback-dlq-attempts',
  /** Set on a record re-published by `textback dead-letters replay`: the DLQ record it came from. */
  replayedFrom: 'textback-replayed-from',
} as const;

/** CloudEvents Kafka protocol binding, structured content mode. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';
