import { type BatchItemResult, GroupCommitQueue } from './group-commit.queue';

interface Item {
  group: string;
  n: number;
}

/** A queue whose writes the test ends by hand: `batches` holds every batch sent, `finish(i)` ends the i-th. */
function harness(options: { maxBatch: number; maxInFlight: number }) {
  const batches: Item[][] = [];
  const enders: ((results: BatchItemResult<string>[] | Error) => void)[] = [];
  const queue = new GroupCommitQueue<Item, string>(
    { lingerMs: 0, ...options },
    (item) => item.group,
    (items) => {
      batches.push(items);
      return new Promise((resolve, reject) => enders.push((r) => (r instanceof Error ? reject(r) : resolve(r))));
    },
  );
  const finish = (i: number, results?: BatchItemResult<string>[] | Error) => enders[i]!(results ?? batches[i]!.map((item) => ({ ok: true, value: `${item.group}#${item.n}` })));
  return { queue, batches, finish };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe(GroupCommitQueue.name, () => {
  it('sends what arrived in one turn as one batch and gives each submitter its own result', async () => {
    const { queue, batches, finish } = harness({ maxBatch: 32, maxInFlight: 4 });
    const results = [queue.submit({ group: 'a', n: 1 }), queue.submit({ group: 'b', n: 1 }), queue.submit({ group: 'c', n: 1 })];
    await turn();
    expect(batches).toEqual([[{ group: 'a', n: 1 }, { group: 'b', n: 1 }, { group: 'c', n: 1 }]]);
    finish(0);
    await expect(Promise.all(results)).resolves.toEqual(['a#1', 'b#1', 'c#1']);
  });

  it('never puts two items of one group in a batch, nor in two batches at once, and keeps their order', async () => {
    const { queue, batches, finish } = harness({ maxBatch: 32, maxInFlight: 4 });
    const results = [queue.submit({ group: 'a', n: 1 }), queue.submit({ group: 'a', n: 2 }), queue.submit({ group: 'b', n: 1 }), queue.submit({ group: 'a', n: 3 })];
    await turn();
    expect(batches).toEqual([[{ group: 'a', n: 1 }, { group: 'b', n: 1 }]]);
    finish(0);
    await turn();
    expect(batches[1]).toEqual([{ group: 'a', n: 2 }]);
    finish(1);
    await turn();
    expect(batches[2]).toEqual([{ group: 'a', n: 3 }]);
    finish(2);
    await expect(Promise.all(results)).resolves.toEqual(['a#1', 'a#2', 'b#1', 'a#3']);
  });

  it('sends a full batch at once, at most maxInFlight batches at a time, and what waited goes when one ends', async () => {
    const { queue, batches, finish } = harness({ maxBatch: 2, maxInFlight: 1 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((group) => queue.submit({ group, n: 1 }));
    expect(batches).toEqual([[{ group: 'a', n: 1 }, { group: 'b', n: 1 }]]);
    await turn();
    expect(batches).toHaveLength(1);
    expect(queue.pending).toBe(3);
    finish(0);
    await turn();
    expect(batches[1]).toEqual([{ group: 'c', n: 1 }, { group: 'd', n: 1 }]);
    finish(1);
    await turn();
    expect(batches[2]).toEqual([{ group: 'e', n: 1 }]);
    finish(2);
    await expect(Promise.all(results)).resolves.toEqual(['a#1', 'b#1', 'c#1', 'd#1', 'e#1']);
  });

  it("fails only the items the write says failed, and every item of a batch whose write threw", async () => {
    const { queue, finish } = harness({ maxBatch: 32, maxInFlight: 4 });
    const first = [queue.submit({ group: 'a', n: 1 }), queue.submit({ group: 'b', n: 1 })];
    await turn();
    const refused = new Error('refused');
    finish(0, [{ ok: true, value: 'fine' }, { ok: false, err: refused }]);
    await expect(first[0]).resolves.toBe('fine');
    await expect(first[1]).rejects.toBe(refused);
    const second = [queue.submit({ group: 'a', n: 2 }), queue.submit({ group: 'c', n: 1 })];
    await turn();
    const down = new Error('database down');
    finish(1, down);
    await expect(second[0]).rejects.toBe(down);
    await expect(second[1]).rejects.toBe(down);
  });
});
