import { randomUUID } from 'node:crypto';
import { type Consumer, type IHeaders, type Kafka } from 'kafkajs';
import { RECORDER_FETCH_MAX_WAIT_MS } from './kafka-group';

/** A record as a test sees it: decoded key, value and headers. */
export interface RecordedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Records every record published to `topics` from the moment `start()` is called (the topics'
 * end offsets then), in its own consumer group, so a test can assert on what was really
 * published to Kafka. It never reads what earlier runs left on the shared local topics (after a
 * benchmark that is hundreds of thousands of records). Pass `{ fromBeginning: true }` to read
 * everything.
 */
export class TopicRecorder {
  readonly messages: RecordedMessage[] = [];
  private consumer: Consumer | null = null;

  constructor(private readonly kafka: Kafka) {}

  async start(topics: string[], options: { fromBeginning?: boolean } = {}): Promise<void> {
    const starts = new Map<string, bigint>();
    if (!options.fromBeginning) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        for (const topic of topics) {
          const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
          for (const o of offsets) starts.set(`${topic}:${o.partition}`, BigInt(o.high));
        }
      } finally {
        await admin.disconnect();
      }
    }
    this.consumer = this.kafka.consumer({ groupId: `test-recorder-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: RECORDER_FETCH_MAX_WAIT_MS });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (BigInt(message.offset) < (starts.get(`${topic}:${partition}`) ?? 0n)) return;
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: decodeHeaders(message.headers),
        });
      },
    });
    for (const [key, offset] of starts) {
      const [topic, partition] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
      this.consumer.seek({ topic, partition, offset: offset.toString() });
    }
  }

  on(topic: string): RecordedMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  return out;
}
