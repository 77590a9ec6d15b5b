/**
 * Connection and behaviour settings for one service's Kafka client.
 * - `clientId`: the service name; also the consumer group id.
 * - `brokers`: `host:port` list.
 * - `partitions` / `replicationFactor`: for topics this service creates at start-up.
 * - `maxAttempts`: attempts per message for transient handler failures before the message is
 *   handed back to kafkajs uncommitted (it is redelivered after kafkajs's own backoff).
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
  /** First retry delay for in-process retries, ms (doubles each attempt, capped at 5 s). */
  retryBaseDelayMs?: number;
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
} as const;

/** CloudEvents Kafka protocol binding, structured content mode. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';
