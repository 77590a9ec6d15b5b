import { ALL_CONTRACTS } from '@textback/contracts';
import { type Kafka } from 'kafkajs';

/**
 * Commits `groupId`'s offsets at the end of every existing contract topic, so a new test consumer
 * group skips the shared topics' history (every other test's and benchmark's events). One
 * short-lived member joins the group once and commits every high watermark (admin.setOffsets
 * joins the group once per topic: minutes for reporting's ~40 topics on this machine).
 */
export async function startGroupAtTopicEnds(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const topics = ALL_CONTRACTS.map((c) => c.topic).filter((t) => existing.has(t));
  const ends = (await Promise.all(topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map((o) => ({ topic, partition: o.partition, offset: o.high }))))).flat();
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.subscribe({ topics, fromBeginning: false });
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets(ends);
  } finally {
    await consumer.disconnect();
  }
}
