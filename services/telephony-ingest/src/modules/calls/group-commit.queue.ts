/** How one item of a batch ended: its value, or the error that item alone failed with. */
export type BatchItemResult<O> = { ok: true; value: O } | { ok: false; err: unknown };

/** Settings of a {@link GroupCommitQueue}. */
export interface GroupCommitOptions {
  /** How long the first waiting item waits for others before a batch is sent, ms (0: at the end of the event-loop turn). */
  lingerMs: number;
  /** Most items in one batch (1: every item alone). */
  maxBatch: number;
  /** Most batches being written at once. */
  maxInFlight: number;
}

interface Waiting<I, O> {
  item: I;
  group: string;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: items submitted close together are handed to `write` as one batch (one transaction), each submitter
 * getting its own item's result once the batch is written.
 * - A batch is sent when `maxBatch` items wait, `lingerMs` after the first of them arrived, or, while batches are
 *   written, as soon as one of them ends (what waited meanwhile goes together); at most `maxInFlight` at once.
 * - Items of one group (`groupOf`: a call) are never in one batch together nor in two batches at once, and go in
 *   the order submitted: the second waits for the first's batch. So concurrent batches lock disjoint calls (they
 *   cannot deadlock on each other) and a call's callbacks are applied in their order.
 * - `write` resolves with one result per item, in order; when it throws, every item of the batch fails with that error.
 */
export class GroupCommitQueue<I, O> {
  private waiting: Waiting<I, O>[] = [];
  /** Groups with an item in a batch being written. */
  private readonly busy = new Set<string>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;

  constructor(
    private readonly options: GroupCommitOptions,
    private readonly groupOf: (item: I) => string,
    private readonly write: (items: I[]) => Promise<BatchItemResult<O>[]>,
  ) {}

  /** Items waiting for a batch (not yet being written). */
  get pending(): number {
    return this.waiting.length;
  }

  /** Queues `item`; resolves with its result once its batch is written, rejects with its error. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, group: this.groupOf(item), resolve, reject });
      if (this.waiting.length >= this.options.maxBatch) this.flush();
      else if (this.timer === null && this.inFlight < this.options.maxInFlight) {
        this.timer = this.options.lingerMs > 0 ? setTimeout(() => this.onLinger(), this.options.lingerMs) : setImmediate(() => this.onLinger());
      }
    });
  }

  private onLinger(): void {
    this.timer = null;
    this.flush();
  }

  /** Sends batches while slots are free and something can go (the rest waits for a batch to end). */
  private flush(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const batch = this.take();
      if (batch.length === 0) break;
      this.send(batch);
    }
    if (this.waiting.length === 0 && this.timer !== null) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
  }

  /** The next batch, in submission order: at most one item per group, none of a group being written. */
  private take(): Waiting<I, O>[] {
    const batch: Waiting<I, O>[] = [];
    const kept: Waiting<I, O>[] = [];
    const seen = new Set<string>();
    for (const entry of this.waiting) {
      const free = !this.busy.has(entry.group) && !seen.has(entry.group);
      seen.add(entry.group);
      if (free && batch.length < this.options.maxBatch) batch.push(entry);
      else kept.push(entry);
    }
    this.waiting = kept;
    return batch;
  }

  private send(batch: Waiting<I, O>[]): void {
    this.inFlight++;
    for (const entry of batch) this.busy.add(entry.group);
    const settle = (results: BatchItemResult<O>[] | null, err?: unknown) => {
      this.inFlight--;
      for (const entry of batch) this.busy.delete(entry.group);
      batch.forEach((entry, i) => {
        const result = results?.[i];
        if (result?.ok) entry.resolve(result.value);
        else entry.reject(result ? result.err : (err ?? new Error('group commit: no result for the item')));
      });
      // What waited while this batch was written goes now (it has waited at least as long as a linger).
      if (this.waiting.length > 0) this.flush();
    };
    let written: Promise<BatchItemResult<O>[]>;
    try {
      written = this.write(batch.map((entry) => entry.item));
    } catch (err) {
      written = Promise.reject(err);
    }
    written.then(
      (results) => settle(results),
      (err: unknown) => settle(null, err),
    );
  }
}
