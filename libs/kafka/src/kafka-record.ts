import { type Contract, type EventEnvelope } from '@textback/contracts';
import { CLOUDEVENTS_CONTENT_TYPE, KAFKA_HEADERS } from './kafka.options';

/** A record ready for kafkajs `send`: topic, key, JSON value and string headers. */
export interface KafkaRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Validates `event` against `contract` and turns it into a Kafka record (structured-mode
 * CloudEvent with Textback headers).
 * @throws z.ZodError when the envelope does not satisfy the contract (producer-side validation).
 */
export function toKafkaRecord<T>(contract: Contract, event: EventEnvelope<T>): KafkaRecord {
  const parsed = contract.envelope.parse(event) as EventEnvelope<unknown>;
  const headers: Record<string, string> = {
    [KAFKA_HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE,
    [KAFKA_HEADERS.eventId]: parsed.id,
    [KAFKA_HEADERS.eventType]: parsed.type,
    [KAFKA_HEADERS.schemaVersion]: String(contract.version),
    [KAFKA_HEADERS.correlationId]: parsed.correlationId,
    [KAFKA_HEADERS.tenantId]: parsed.tenantId,
  };
  if (parsed.causationId) headers[KAFKA_HEADERS.causationId] = parsed.causationId;
  return {
    topic: contract.topic,
    key: contract.key({ locationId: parsed.locationId, data: parsed.data }),
    value: JSON.stringify(parsed),
    headers,
  };
}
