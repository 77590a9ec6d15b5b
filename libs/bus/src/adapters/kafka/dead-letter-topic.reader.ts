import { randomUUID } from 'node:crypto';
import { type IHeaders, type Kafka, type Producer } from 'kafkajs';
import { KAFKA_HEADERS } from './kafka.options';

/** One record of a `<topic>.dlq` topic, as the consumer's dead-letter path wrote it. */
export interface DeadLetterRecord {
  /** `kafka:<dlq topic>:<partition>:<offset>`: stable, used by `textback dead-letters replay --id`. */
  id: string;
  dlqTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** Every header as a UTF-8 string: the original record's plus the `textback-dlq-*` ones. */
  headers: Record<string, string>;
}

/** The id of a DLQ record (`kafka:<dlq topic>:<partition>:<offset>`). */
export function deadLetterRecordId(dlqTopic: string, partition: number, offset: string): string {
  return `kafka:${dlqTopic}:${partition}:${offset}`;
}

/**
 * Reads every record now in `dlqTopics` (from the earliest retained offset to the high watermark at the call) with
 * a throw-away consumer group, deleted afterwards. Topics that do not exist are skipped.
 * @throws Error when the records are not all read within `timeoutMs` (default 30 000 ms).
 */
export async function readDeadLetterRecords(kafka: Kafka, dlqTopics: readonly string[], timeoutMs = 30_000): Promise<DeadLetterRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of dlqTopics.filter((t) => existing.has(t))) {
      for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > BigInt(p.low)) ends.set(`${topic}:${p.partition}`, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];
  const groupId = `textback-cli-dead-letters-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 10_485_760 });
  const records: DeadLetterRecord[] = [];
  const remaining = new Set(ends.keys());
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set([...ends.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dead letters not read within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const slot = `${topic}:${partition}`;
            const end = ends.get(slot);
            if (end === undefined || BigInt(message.offset) >= end) return;
            records.push({ id: deadLetterRecordId(topic, partition, message.offset), dlqTopic: topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers: decode(message.headers) });
            if (BigInt(message.offset) + 1n >= end) {
              remaining.delete(slot);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect();
  }
  return records.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Re-publishes a dead letter to its original topic (header `textback-dlq-original-topic`) with its original key,
 * value and headers (the `textback-dlq-*` ones removed, `textback-replayed-from` added), acks=all. Consumers are
 * idempotent on the event id, so a replay of an event some group already applied is a no-op there.
 * @throws Error when the record has no original-topic header; kafkajs errors when the broker refuses it.
 */
export async function replayDeadLetterRecord(producer: Producer, record: DeadLetterRecord): Promise<string> {
  const topic = record.headers[KAFKA_HEADERS.dlqOriginalTopic];
  if (!topic) throw new Error(`${record.id} has no ${KAFKA_HEADERS.dlqOriginalTopic} header`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(record.headers)) if (!k.startsWith('textback-dlq-')) headers[k] = v;
  headers[KAFKA_HEADERS.replayedFrom] = record.id;
  await producer.send({ topic, acks: -1, messages: [{ key: record.key, value: record.value, headers }] });
  return topic;
}

function decode(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}
