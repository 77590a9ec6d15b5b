import { type Contract, type EventEnvelope, isValidatedEnvelope } from '@textback/contracts';
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
 * CloudEvent with Textback headers). An envelope `createEvent` made for `contract` (and froze) is not parsed again.
 * @throws z.ZodError when the envelope does not satisfy the contract (producer-side validation).
 */
export function toKafkaRecord<T>(contract: Contract, event: EventEnvelope<T>): KafkaRecord {
  const parsed = (isValidatedEnvelope(contract, event) ? event : contract.envelope.parse(event)) as EventEnvelope<unknown>;
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

/**
 * Upper estimate of the bytes `record` takes in a Kafka produce request (record batch format v2, uncompressed):
 * UTF-8 key, value, header names and values, plus 32 bytes of framing per header and 96 per record (varint
 * lengths, offsets, timestamps, and a share of the 61-byte batch header). Compared with the broker's
 * `message.max.bytes` (default 1 048 588; https://kafka.apache.org/documentation/#brokerconfigs_message.max.bytes).
 */
export function estimateRecordBytes(record: Pick<KafkaRecord, 'key' | 'value' | 'headers'>): number {
  let bytes = 96 + Buffer.byteLength(record.key, 'utf8') + Buffer.byteLength(record.value, 'utf8');
  for (const [k, v] of Object.entries(record.headers)) bytes += 32 + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  return bytes;
}
