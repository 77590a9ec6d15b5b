import { deadLetterTopic, type Contract } from '@textback/contracts';
import { type Kafka } from 'kafkajs';

/**
 * Creates the topics of `contracts` and their `<topic>.dlq` topics if they do not exist,
 * waiting for partition leaders so the first produce does not hit LEADER_NOT_AVAILABLE.
 * Existing topics are left as they are (partition counts are never changed here).
 * @returns the names of the topics it created.
 */
export async function provisionTopics(
  kafka: Kafka,
  contracts: readonly Contract[],
  settings: { partitions: number; replicationFactor: number },
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = new Map<string, Record<string, string>>();
    for (const c of contracts) {
      wanted.set(c.topic, { ...(c.topicConfig ?? {}) });
      wanted.set(deadLetterTopic(c.topic), {});
    }
    const missing = [...wanted].filter(([name]) => !existing.has(name));
    if (missing.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(([topic, config]) => ({
        topic,
        numPartitions: settings.partitions,
        replicationFactor: settings.replicationFactor,
        configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
      })),
    });
    return missing.map(([name]) => name);
  } finally {
    await admin.disconnect();
  }
}
