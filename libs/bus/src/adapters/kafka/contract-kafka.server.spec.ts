import { randomUUID } from 'node:crypto';
import { type Contract, defineContract, createEvent } from '@textback/contracts';
import { type EachBatchPayload, type KafkaMessage } from 'kafkajs';
import pino from 'pino';
import { z } from 'zod';
import { CONSUME_EVENT_EXTRAS, CONSUME_TOGETHER_EXTRAS } from '@textback/bus/port';
import { ContractKafkaServer } from './contract-kafka.server';
import { KAFKA_HEADERS } from './kafka.options';
import { type InboxClaim, type InboxTransactions, type OwnTransaction } from '@textback/bus/port';

const contract: Contract = defineContract({ type: 'testing.unit.recorded.v1', kind: 'event', description: 'unit probe', data: z.object({ n: z.number().int() }), key: (e) => e.locationId });
const attrs = { source: '/test', tenantId: randomUUID(), locationId: randomUUID(), correlationId: 'c-1' };

/** The inbox store port, in memory: counts transactions and remembers committed claims (rolled back with the transaction). */
class MemoryInbox implements InboxTransactions<{ claims: string[] }> {
  readonly committed = new Set<string>();
  transactions = 0;
  async run<T>(work: (tx: { claims: string[] }) => Promise<T>): Promise<T> {
    this.transactions++;
    const tx = { claims: [] as string[] };
    const result = await work(tx);
    for (const c of tx.claims) this.committed.add(c);
    return result;
  }
  claim(tx: { claims: string[] }, claims: readonly InboxClaim[]): Promise<boolean[]> {
    return Promise.resolve(
      claims.map((c) => {
        const key = `${c.group}|${c.eventId}`;
        if (this.committed.has(key) || tx.claims.includes(key)) return false;
        tx.claims.push(key);
        return true;
      }),
    );
  }
}

function setUp(extras: Record<string, unknown>, handler: (event: { id: string; data: { n: number } }, ctx: unknown) => Promise<void>, commitIntervalMs?: number) {
  const inbox = new MemoryInbox();
  const server = new ContractKafkaServer({ clientId: 'unit', brokers: ['127.0.0.1:1'], partitions: 1, replicationFactor: 1, maxAttempts: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 1, commitIntervalMs }, [contract], pino({ level: 'silent' }), undefined, inbox);
  server.addHandler(contract.topic, Object.assign((data: unknown, ctx: unknown) => handler(data as never, ctx), {}) as never, true, extras);
  const dlq: KafkaMessage[][] = [];
  // Plain and together handlers get a Kafka context built from the connected consumer and producer.
  (server as unknown as { consumer: unknown }).consumer = { disconnect: () => Promise.resolve() };
  (server as unknown as { producer: unknown }).producer = { send: (r: { messages: KafkaMessage[] }) => Promise.resolve(void dlq.push(r.messages)), disconnect: () => Promise.resolve() };
  const resolved: string[] = [];
  // kafkajs's offset manager, as the payload shows it: resolved offsets, commits (`due` when the interval has passed
  // since the last one, as kafkajs checks it; `all` when given explicit offsets).
  const offsets = { uncommitted: null as string | null, lastCommitAt: 0, commits: [] as Array<{ offset: string; how: 'due' | 'all' }> };
  const commit = (how: 'due' | 'all') => {
    if (offsets.uncommitted !== null) offsets.commits.push({ offset: offsets.uncommitted, how });
    offsets.uncommitted = null;
    offsets.lastCommitAt = Date.now();
  };
  const consume = (events: { id: string }[], firstOffset = 0) =>
    (server as unknown as { consumeBatch: (p: EachBatchPayload) => Promise<void> }).consumeBatch({
      batch: { topic: contract.topic, partition: 0, messages: events.map((e, i) => ({ offset: String(firstOffset + i), key: Buffer.from('k'), value: Buffer.from(JSON.stringify(e)), headers: {}, timestamp: '0', attributes: 0 })) },
      resolveOffset: (o: string) => void (resolved.push(o), (offsets.uncommitted = o)),
      heartbeat: () => Promise.resolve(),
      isRunning: () => true,
      isStale: () => false,
      uncommittedOffsets: () => ({ topics: offsets.uncommitted === null ? [] : [{ topic: contract.topic, partitions: [{ partition: '0', offset: offsets.uncommitted }] }] }),
      commitOffsetsIfNecessary: (explicit?: unknown) => {
        if (explicit) commit('all');
        else if (Date.now() >= offsets.lastCommitAt + (commitIntervalMs ?? 1_000)) commit('due');
        return Promise.resolve();
      },
    } as unknown as EachBatchPayload);
  return { inbox, consume, dlq, resolved, offsets, server };
}

const events = (count: number) => Array.from({ length: count }, (_, n) => createEvent(contract, attrs, { n }));

describe(ContractKafkaServer.name, () => {
  it('commits offsets at most once per interval: the first batch at once, a burst after it by one trailing commit', async () => {
    const { consume, offsets } = setUp({ [CONSUME_EVENT_EXTRAS]: { group: 'g', transaction: 'batch' } }, () => Promise.resolve(), 200);
    await consume(events(1), 0);
    expect(offsets.commits).toEqual([{ offset: '0', how: 'due' }]);
    await consume(events(1), 1);
    await consume(events(2), 2);
    expect(offsets.commits).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(offsets.commits).toEqual([
      { offset: '0', how: 'due' },
      { offset: '3', how: 'all' },
    ]);
  });

  it('commits every resolved offset when it closes, whatever the interval', async () => {
    const { consume, offsets, server } = setUp({ [CONSUME_EVENT_EXTRAS]: { group: 'g', transaction: 'batch' } }, () => Promise.resolve(), 60_000);
    await consume(events(1), 0);
    await consume(events(1), 1);
    expect(offsets.commits).toEqual([{ offset: '0', how: 'due' }]);
    await server.close();
    expect(offsets.commits).toEqual([
      { offset: '0', how: 'due' },
      { offset: '1', how: 'all' },
    ]);
  });

  it('applies the records of a batch in one transaction, each handler once, and resolves the last offset after it', async () => {
    const seen: number[] = [];
    const { inbox, consume, resolved } = setUp({ [CONSUME_EVENT_EXTRAS]: { group: 'g', transaction: 'batch' } }, (e) => Promise.resolve(void seen.push(e.data.n)));
    await consume(events(5));
    expect(inbox.transactions).toBe(1);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(resolved).toEqual(['4']);
  });

  it('skips a record whose event id was applied before, and the second copy of an id within one batch', async () => {
    const seen: number[] = [];
    const { consume } = setUp({ [CONSUME_EVENT_EXTRAS]: { group: 'g', transaction: 'batch' } }, (e) => Promise.resolve(void seen.push(e.data.n)));
    const batch = events(3);
    await consume([...batch, batch[1]!]);
    await consume(batch);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('falls back to one transaction per record when the batch fails, dead-lettering only the failing record', async () => {
    const seen: number[] = [];
    const { inbox, consume, dlq, resolved } = setUp({ [CONSUME_EVENT_EXTRAS]: { group: 'g', transaction: 'batch' } }, (e) => {
      if (e.data.n === 2) return Promise.reject(new Error('poison'));
      seen.push(e.data.n);
      return Promise.resolve();
    });
    await consume(events(5));
    // 1 batch transaction, then 4 good records and the poison one's last attempt alone: its failure in the batch
    // counts toward its cap of 2 attempts, so it is dead-lettered after 2 handler calls in all.
    expect(inbox.transactions).toBe(1 + 4 + 1);
    expect(String(dlq[0]?.[0]?.headers?.[KAFKA_HEADERS.dlqAttempts])).toBe('2');
    expect(inbox.committed.size).toBe(4);
    expect(dlq).toHaveLength(1);
    expect(resolved).toEqual(['0', '1', '2', '3', '4']);
    expect(seen.slice(-4)).toEqual([0, 1, 3, 4]);
  });

  it("gives an 'own' handler inbox.once, record by record, and once skips a redelivered event", async () => {
    const outcomes: boolean[] = [];
    const { inbox, consume } = setUp({ [CONSUME_EVENT_EXTRAS]: { group: 'g', transaction: 'own' } }, async (_e, ctx) => {
      const r = await (ctx as OwnTransaction).once(() => Promise.resolve('done'));
      outcomes.push(r.duplicate);
    });
    const batch = events(2);
    await consume([...batch, batch[0]!]);
    expect(outcomes).toEqual([false, false, true]);
    expect(inbox.transactions).toBe(3);
  });

  it('hands the records of a batch to a together handler concurrently, without transactions', async () => {
    let inFlight = 0;
    let most = 0;
    const { inbox, consume, resolved } = setUp({ [CONSUME_TOGETHER_EXTRAS]: true }, async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    await consume(events(4));
    expect(most).toBe(4);
    expect(inbox.transactions).toBe(0);
    expect(resolved).toEqual(['3']);
  });

  it("finds a topic's handler by name, without parsing the topic name as JSON (a thrown SyntaxError per record)", async () => {
    const seen: number[] = [];
    const { consume } = setUp({ [CONSUME_EVENT_EXTRAS]: { group: 'g', transaction: 'batch' } }, (e) => Promise.resolve(void seen.push(e.data.n)));
    const parse = jest.spyOn(JSON, 'parse');
    try {
      await consume(events(3));
      expect(parse.mock.calls.filter(([text]) => text === contract.topic)).toHaveLength(0);
    } finally {
      parse.mockRestore();
    }
    expect(seen).toEqual([0, 1, 2]);
  });

  it('dead-letters a record that fails its schema without calling the handler', async () => {
    const handler = jest.fn().mockResolvedValue(undefined);
    const { consume, dlq, resolved } = setUp({ [CONSUME_EVENT_EXTRAS]: { group: 'g', transaction: 'batch' } }, handler);
    await consume([{ ...events(1)[0]!, data: { n: 'x' } } as never]);
    expect(handler).not.toHaveBeenCalled();
    expect(dlq).toHaveLength(1);
    expect(resolved).toEqual(['0']);
  });
});
