import { ALL_CONTRACTS } from '@textback/contracts';
import { type Kafka } from 'kafkajs';

/**
 * Longest fetch of the short-lived member of {@link startGroupAtTopicEnds}, ms (kafkajs `maxWaitTimeInMs`; a consumer's
 * disconnect waits for its fetch in flight, and at the topic ends a fetch finds nothing).
 */
const SET_UP_FETCH_MAX_WAIT_MS = 100;

/**
 * Test recorders' long poll, ms (kafkajs `maxWaitTimeInMs`, default 5 000): a record is fetched as soon as it is written
 * whatever this is; it bounds how long a recorder's `stop()` waits for its fetch in flight.
 */
export const RECORDER_FETCH_MAX_WAIT_MS = 250;

/**
 * KAFKA_FETCH_MAX_WAIT_MS of a service booted by a test (the same bound for its consumer: closing the app waits for the
 * fetch in flight, 5 s by default at rest). Records are fetched as soon as they are written either way.
 */
export const TEST_APP_FETCH_MAX_WAIT_MS = String(RECORDER_FETCH_MAX_WAIT_MS);

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
  // It never reads a record, and its disconnect waits for the fetch in flight: kafkajs's default long poll (5 s at the
  // topic ends) made every call take 5 s more than the join and the commit.
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: SET_UP_FETCH_MAX_WAIT_MS });
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
