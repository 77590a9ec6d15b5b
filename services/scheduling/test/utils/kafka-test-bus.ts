import { type Contract, type EventEnvelope } from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { pollUntil, type RecordedMessage, startGroupAtTopicEnds, TopicRecorder } from '@textback/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';

/** Publishes events to the real topics and records what scheduling publishes. */
export class KafkaTestBus {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private recorder: TopicRecorder | null = null;

  constructor(brokers: string) {
    this.kafka = createKafkaClient({ clientId: 'it-scheduling-bus', brokers: brokers.split(',') }, createRootLogger('it', 'warn'));
  }

  async start(recordTopics: string[]): Promise<void> {
    this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    this.recorder = new TopicRecorder(this.kafka);
    await this.recorder.start(recordTopics);
  }

  /** Starts consumer group `groupId` at the end of every contract topic (call before the app joins it). */
  async startGroupAtEnds(groupId: string): Promise<void> {
    await startGroupAtTopicEnds(this.kafka, groupId);
  }

  async stop(): Promise<void> {
    await this.recorder?.stop();
    await this.producer?.disconnect();
  }

  async publish(contract: Contract, event: EventEnvelope<unknown>): Promise<void> {
    const r = toKafkaRecord(contract, event);
    await this.producer?.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
  }

  /**
   * Waits until consumer group `groupId` has committed, on every partition of `topics`, the end
   * offset those partitions had when this was called: a fresh group reads the shared topics from
   * the beginning, and tests that script one-shot carrier failures must not race that history.
   * @throws Error after `timeoutMs`.
   */
  async waitForCatchUp(groupId: string, topics: string[], timeoutMs = 60_000): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = new Map<string, number>();
      for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${p.partition}`, Number(p.high));
      await pollUntil(
        async () => {
          const committed = await admin.fetchOffsets({ groupId, topics });
          return committed.every((t) => t.partitions.every((p) => Number(p.offset) >= (ends.get(`${t.topic}:${p.partition}`) ?? 0) || (ends.get(`${t.topic}:${p.partition}`) ?? 0) === 0));
        },
        `consumer group ${groupId} to catch up`,
        timeoutMs,
        200,
      );
    } finally {
      await admin.disconnect();
    }
  }

  /** Raw records on `topic` (value, key and headers). */
  records(topic: string): RecordedMessage[] {
    return this.recorder?.on(topic) ?? [];
  }

  /** Envelopes recorded on `topic` for `locationId`, in arrival order. */
  events<T>(topic: string, locationId: string): EventEnvelope<T>[] {
    return (this.recorder?.on(topic) ?? []).map((m) => JSON.parse(m.value ?? '{}') as EventEnvelope<T>).filter((e) => e.locationId === locationId);
  }
}
