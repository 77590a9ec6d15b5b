import { deadLetterTopic } from '@textback/contracts';
import { createKafkaClient, provisionTopics } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { loadStackEnv, probeContract } from '@textback/testing';

const stack = loadStackEnv();

describe('provisionTopics', () => {
  it('lets services that create the same new topics at the same moment all start, each seeing a leader on every partition', async () => {
    const logger = createRootLogger('it-topics', 'silent');
    const contracts = [probeContract(), probeContract(), probeContract()];
    const topics = contracts.flatMap((c) => [c.topic, deadLetterTopic(c.topic)]);
    // Six processes, as the six services on a fresh cluster, each with its own client (its own metadata cache).
    const clients = Array.from({ length: 6 }, (_, i) => createKafkaClient({ clientId: `it-topics-${i}`, brokers: stack.KAFKA_BROKERS.split(',') }, logger));
    const created = await Promise.all(clients.map((k) => provisionTopics(k, contracts, { partitions: 3, replicationFactor: 1 })));
    // Between them the callers report every topic as created (each was missing when one of them looked).
    expect(new Set(created.flat())).toEqual(new Set(topics));
    const admin = clients[0]!.admin();
    await admin.connect();
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      expect(meta.map((t) => [t.name, t.partitions.length, t.partitions.every((p) => p.leader >= 0)]).sort()).toEqual(topics.map((t) => [t, 3, true]).sort());
      // A second round finds everything in place and creates nothing.
      expect(await provisionTopics(clients[1]!, contracts, { partitions: 3, replicationFactor: 1 })).toEqual([]);
    } finally {
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('provisions nothing and waits for nothing for a service with no topics (an empty metadata request would list the whole cluster)', async () => {
    const kafka = createKafkaClient({ clientId: 'it-topics-none', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it-topics', 'silent'));
    expect(await provisionTopics(kafka, [], { partitions: 3, replicationFactor: 1, metadataTimeoutMs: 2_000 })).toEqual([]);
  });
});
