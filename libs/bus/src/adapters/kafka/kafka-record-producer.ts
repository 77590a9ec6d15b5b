import { CompressionTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { RoundTripMeter } from '@textback/observability';
import { type KafkaRecord } from './kafka-record';

/**
 * An idempotent kafkajs producer with acks=all, sending pre-validated records. Used by the
 * outbox relay and the dead-letter path. `connect()` before use, `disconnect()` flushes.
 */
export class KafkaRecordProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connected = false;
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * Sends records grouped by topic in one request, acks=all (every in-sync replica); counts them as produced in
   * `textback_kafka_records_total` once acknowledged.
   * @throws kafkajs errors after its own retries; nothing is acknowledged then.
   */
  async send(records: readonly KafkaRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push({ key: r.key, value: r.value, headers: r.headers });
      byTopic.set(r.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    RoundTripMeter.get().kafka('produced', records.length);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    this.connected = false;
  }
}
