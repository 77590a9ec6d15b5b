import { randomUUID } from 'node:crypto';
import { type Consumer, type IHeaders, type Kafka } from 'kafkajs';

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
 * Reads topics from the beginning in its own consumer group and keeps every record, so a test
 * can assert on what was really published to Kafka.
 */
export class TopicRecorder {
  readonly messages: RecordedMessage[] = [];
  private consumer: Consumer | null = null;

  constructor(private readonly kafka: Kafka) {}

  async start(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `test-recorder-${randomUUID()}`, allowAutoTopicCreation: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
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
