import { type ServiceDefinition } from '@textback/platform';
import { quoteSchema } from '@textback/persistence';
import { type Admin, type Kafka } from 'kafkajs';
import { type Client } from 'pg';

/** A service's unfinished work at one instant, read from the real stores. */
export interface WorkInFlight {
  /** Records on the service's topics its consumer group has not committed yet (high watermark minus committed offset, summed). */
  consumerLag: number;
  /** Rows in the service's outbox not yet marked published (committed state changes whose events are not on Kafka yet). */
  outboxPending: number;
}

/**
 * Reads, for a service of the pipeline, how much work it holds that a SIGKILL would cut into: its consumer
 * group's lag on the topics it consumes (Kafka admin: committed offsets of the group named after the service,
 * high watermarks of its topics) and its outbox's unpublished rows (PostgreSQL, the service's schema).
 * Either being non-zero at the kill means the restarted process must redeliver or re-publish that work.
 */
export class WorkInFlightProbe {
  private constructor(
    private readonly admin: Admin,
    private readonly db: Client,
  ) {}

  /** Connects a Kafka admin client; call {@link close} when done. */
  static async open(kafka: Kafka, db: Client): Promise<WorkInFlightProbe> {
    const admin = kafka.admin();
    await admin.connect();
    return new WorkInFlightProbe(admin, db);
  }

  /**
   * One reading for `service` (both stores read in parallel, a few milliseconds apart).
   * @throws the Kafka or PostgreSQL error when a store cannot be read.
   */
  async read(service: ServiceDefinition): Promise<WorkInFlight> {
    const topics = [...new Set(service.consumes.map((c) => c.topic))];
    const [consumerLag, outboxPending] = await Promise.all([this.lag(service.name, topics), this.pending(service.schema)]);
    return { consumerLag, outboxPending };
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }

  private async lag(groupId: string, topics: string[]): Promise<number> {
    if (topics.length === 0) return 0;
    const [committed, ends] = await Promise.all([
      this.admin.fetchOffsets({ groupId, topics }),
      Promise.all(topics.map(async (topic) => ({ topic, partitions: await this.admin.fetchTopicOffsets(topic) }))),
    ]);
    let lag = 0;
    for (const { topic, partitions } of ends) {
      const group = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const p of partitions) {
        const at = Number(group.find((g) => g.partition === p.partition)?.offset ?? '-1');
        // No committed offset (-1): the group starts at the end (LocalPipeline.prepare), so nothing is owed yet.
        if (at >= 0) lag += Math.max(0, Number(p.high) - at);
      }
    }
    return lag;
  }

  private async pending(schema: string): Promise<number> {
    const rows = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteSchema(schema)}.outbox WHERE published_at IS NULL`);
    return rows.rows[0]?.n ?? 0;
  }
}
