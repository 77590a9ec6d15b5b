import { deadLetterTopic, type Contract } from '@textback/contracts';
import { type Admin, type Kafka } from 'kafkajs';

/**
 * Creates the topics of `contracts` and their `<topic>.dlq` topics if they do not exist,
 * waiting for partition leaders so the first produce does not hit LEADER_NOT_AVAILABLE.
 * Existing topics are left as they are (partition counts are never changed here).
 *
 * Several services start at once on a fresh cluster and each creates the topics it shares with
 * the others: a topic another process is creating is reported as existing (or as already
 * existing by createTopics) before its metadata has propagated, and the first subscribe then
 * fails with UNKNOWN_TOPIC_OR_PARTITION. So this also waits, up to `metadataTimeoutMs`
 * (default 30 000 ms), until the broker returns metadata with a leader for every wanted topic.
 * @returns the names of the topics that were missing when this call looked (it or a concurrent caller created them).
 * @throws the last metadata error when a topic still has no leader after `metadataTimeoutMs`.
 */
export async function provisionTopics(
  kafka: Kafka,
  contracts: readonly Contract[],
  settings: { partitions: number; replicationFactor: number; metadataTimeoutMs?: number },
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
    // Nothing to provision (a service that neither consumes nor produces): an empty metadata request would list
    // every topic of the cluster, so return before waiting.
    if (wanted.size === 0) return [];
    const missing = [...wanted].filter(([name]) => !existing.has(name));
    if (missing.length > 0) {
      // Not kafkajs's waitForLeaders: its metadata wait retries only LEADER_NOT_AVAILABLE, and on a fresh broker a
      // topic another service is creating at the same moment answers UNKNOWN_TOPIC_OR_PARTITION, which failed the
      // service's start. TOPIC_ALREADY_EXISTS (the other service won) makes createTopics return false, not throw.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map(([topic, config]) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: settings.replicationFactor,
          configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    // Always, also when every topic was listed: one listed by another process may not have its leaders yet.
    await waitForLeaders(admin, [...wanted.keys()], settings.metadataTimeoutMs ?? 30_000);
    return missing.map(([name]) => name);
  } finally {
    await admin.disconnect();
  }
}

/** Polls topic metadata until every topic has a leader on each partition, or throws after `timeoutMs`. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 100; ; delayMs = Math.min(delayMs * 2, 1_000)) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const led = new Set(meta.filter((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)).map((t) => t.name));
      if (topics.every((t) => led.has(t))) return;
      if (Date.now() > deadline) throw new Error(`topics without a partition leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
