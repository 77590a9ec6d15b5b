import { ALL_CONTRACTS } from '@textback/contracts';
import { type Kafka } from 'kafkajs';

/**
 * Commits `groupId`'s offsets at the current end of `topics` (default: every contract topic;
 * topics that do not exist yet are skipped), so a new consumer group skips the shared topics'
 * history (every other test's, demo's and benchmark's events). One short-lived member joins the
 * group once and commits every high watermark (kafkajs admin.setOffsets joins the group once per
 * topic: minutes for reporting's topics). Call it while no other member is in the group.
 */
export async function startGroupAtTopicEnds(kafka: Kafka, groupId: string, topics: readonly string[] = ALL_CONTRACTS.map((c) => c.topic)): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  let present: string[];
  let ends: Array<{ topic: string; partition: number; offset: string }>;
  try {
    const existing = new Set(await admin.listTopics());
    present = topics.filter((t) => existing.has(t));
    ends = (await Promise.all(present.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map((o) => ({ topic, partition: o.partition, offset: o.high }))))).flat();
  } finally {
    await admin.disconnect();
  }
  if (present.length === 0) return;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.subscribe({ topics: present, fromBeginning: false });
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets(ends);
  } finally {
    await consumer.disconnect();
  }
}
