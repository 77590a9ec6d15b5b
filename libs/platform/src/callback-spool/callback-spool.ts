import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { type FileHandle, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** One carrier callback kept on local disk because it could not be persisted in time. */
export interface SpooledCallback {
  /** The carrier's identity of the event (e.g. `bandwidth:c-123:initiate`): what makes a replay idempotent. */
  key: string;
  provider: string;
  /** The hook (path segment) it arrived on, e.g. `initiate`, `dial-action`. */
  hook: string;
  /** Path and query as received. */
  endpoint: string;
  /** ISO-8601 UTC receipt time. */
  receivedAt: string;
  /**
   * Why it was spooled: `late` (the persistence budget ran out), `failed` (an error), `fallback` (fallback URL),
   * `queued` (an earlier callback of its group is still spooled, so it waits behind it to keep their order).
   */
  reason: 'late' | 'failed' | 'fallback' | 'queued';
  /**
   * Ordering group (e.g. the carrier's call leg): while any entry of a group is spooled ({@link CallbackSpool.hasPending}),
   * later callbacks of that group should be spooled behind it rather than applied directly, so they are applied in
   * the order they arrived.
   */
  group?: string;
  /** The exact body bytes, base64. */
  bodyBase64: string;
}

/** How a replay round ended. */
export interface SpoolDrainResult {
  replayed: number;
  /**
   * Entries not handed to `apply` because they were {@link CallbackSpool.settle}d in this process (the write they
   * stand for committed): their segment is deleted as if they were applied.
   */
  settled: number;
  /** True when an entry failed: the round stopped there and the rest stays spooled for the next round. */
  stopped: boolean;
}

const SEGMENT = /^callbacks-(\d{15})-(\d+)\.jsonl$/;
const DEAD_SUFFIX = '.dead';

/**
 * A local append-only spool of carrier callbacks (newline-delimited JSON in `dir`), for when the database cannot take
 * them in time (docs/operations.md "The phone path fails open"). Appends are group-committed: entries that arrive while
 * a write is in flight go out in the next single `write` + `fdatasync`, and {@link append} resolves only once its
 * entry is on disk. A new segment file is fsync'd into the directory before its first entry counts as written.
 *
 * {@link drain} seals the current segment and hands every spooled entry, oldest first, to `apply`; a segment is
 * deleted only when all its entries were applied, so a crash mid-replay re-applies some entries: `apply` must be
 * idempotent (by {@link SpooledCallback.key}). A torn last line (a crash during a write) is skipped and counted in
 * `torn`. One process owns a directory (Kubernetes: one PersistentVolumeClaim per pod).
 */
export class CallbackSpool {
  private current: { handle: FileHandle; path: string; openedAt: number } | null = null;
  private queue: { line: string; entry: Pick<SpooledCallback, 'key' | 'group'>; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private flushing = false;
  private seq = 0;
  private pendingEntries = 0;
  private readonly pendingGroups = new Map<string, number>();
  /** Spooled entries (by key) whose group count is held: written or found at start, not yet replayed. */
  private readonly counted = new Map<string, number>();
  /** Entries (by key) {@link settle}d: their group count was released before their replay. */
  private readonly settledKeys = new Map<string, number>();
  /** Lines skipped because they were not whole JSON entries (a crash during a write). */
  torn = 0;

  /** @param dir the spool directory (created when missing). @throws fs errors when it cannot be created or read. */
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const name of this.segments()) {
      const lines = readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l.trim() !== '');
      this.pendingEntries += lines.length;
      this.countGroups(lines, +1);
    }
  }

  /**
   * Releases the ordering hold of a spooled entry whose effect is known to be in the database already (the late
   * write that caused the spooling committed after all): later callbacks of its group no longer need to queue behind
   * it. The entry stays spooled until its segment is replayed, but {@link drain} no longer hands it (nor any entry of
   * the same key) to `apply`: its effect is in the database. After a restart nothing is settled, so a crash replays
   * it (idempotently). Only {@link hasPending} and the replay's work change. No-op for an entry not (or no longer)
   * spooled, or settled already.
   */
  settle(entry: Pick<SpooledCallback, 'key' | 'group'>): void {
    if (entry.group === undefined) return;
    if ((this.counted.get(entry.key) ?? 0) <= (this.settledKeys.get(entry.key) ?? 0)) return;
    this.settledKeys.set(entry.key, (this.settledKeys.get(entry.key) ?? 0) + 1);
    this.addToGroup(entry.group, -1);
  }

  /** Whether an entry of `group` is spooled and not yet replayed (its segment not yet deleted) nor {@link settle}d. */
  hasPending(group: string): boolean {
    return (this.pendingGroups.get(group) ?? 0) > 0;
  }

  /** Entries spooled and not yet replayed (counted at start-up from the files, then kept up to date). */
  get pending(): number {
    return this.pendingEntries;
  }

  /**
   * Appends one entry durably.
   * @throws fs errors (disk full, read-only volume): the caller decides; the entry is then NOT kept.
   */
  append(entry: SpooledCallback): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, entry, resolve, reject });
      if (!this.flushing) void this.exclusive(() => this.flush());
    });
  }

  /**
   * Replays everything spooled, oldest first, through `apply`; stops at the first entry `apply` throws for (it stays
   * spooled, with everything after it). Entries appended meanwhile wait for the next round. An entry whose key was
   * {@link settle}d (its write committed) is skipped, not applied (counted in `settled`).
   *
   * With `concurrency` above 1, up to that many entries are applied at once, but the entries of one group (a call)
   * always one after another in spool order, and an entry without a group alone; after a failure no further entry
   * starts, the ones in flight finish, and the segment stays (a later round re-applies what was applied: `apply` is
   * idempotent). One at a time (the default), a busy spool drains at the speed of one database round trip chain.
   *
   * `minSegmentAgeMs`: the open segment is sealed (and so replayed) only once it has been open that long; a younger
   * one keeps taking appends and waits for a later round. Each new segment costs a directory fsync in the path of the
   * next append, so a busy spool replayed in back-to-back rounds would otherwise pay one per round.
   */
  async drain(apply: (entry: SpooledCallback) => Promise<void>, concurrency = 1, minSegmentAgeMs = 0): Promise<SpoolDrainResult> {
    await this.exclusive(async () => {
      if (!this.current || Date.now() - this.current.openedAt >= minSegmentAgeMs) await this.seal();
    });
    const open = this.current?.path;
    let replayed = 0;
    let settled = 0;
    /** Whether `entry`'s effect is known to be in the database (settled in this process): nothing to apply. */
    const skip = (entry: SpooledCallback) => {
      if (!this.settledKeys.has(entry.key)) return false;
      settled++;
      return true;
    };
    for (const name of this.segments()) {
      const path = join(this.dir, name);
      if (path === open) break;
      const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      let failed = false;
      const inFlight = new Set<Promise<void>>();
      const groupTail = new Map<string, Promise<void>>();
      for (const line of lines) {
        let entry: SpooledCallback;
        try {
          entry = JSON.parse(line) as SpooledCallback;
        } catch {
          this.torn++;
          this.pendingEntries = Math.max(0, this.pendingEntries - 1);
          continue;
        }
        if (concurrency <= 1 || entry.group === undefined) {
          await Promise.all(inFlight);
          if (failed) break;
          if (skip(entry)) continue;
          try {
            await apply(entry);
          } catch {
            failed = true;
            break;
          }
          replayed++;
          continue;
        }
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        if (failed) break;
        const group = entry.group;
        const run: Promise<void> = (groupTail.get(group) ?? Promise.resolve()).then(async () => {
          if (failed || skip(entry)) return;
          try {
            await apply(entry);
            replayed++;
          } catch {
            failed = true;
          }
        });
        groupTail.set(group, run);
        inFlight.add(run);
        void run.then(() => {
          inFlight.delete(run);
          if (groupTail.get(group) === run) groupTail.delete(group);
        });
      }
      await Promise.all(inFlight);
      if (failed) return { replayed, settled, stopped: true };
      await unlink(path);
      this.pendingEntries = Math.max(0, this.pendingEntries - lines.length);
      this.countGroups(lines, -1);
      await this.syncDir();
    }
    return { replayed, settled, stopped: false };
  }

  /**
   * Sets the oldest segment aside as `<name>.dead` (kept on disk for an operator, never replayed again): for an entry
   * that fails every round for reasons other than the database (a bug).
   * @returns the file set aside, or null when nothing is spooled.
   */
  async setAsideOldest(): Promise<string | null> {
    await this.exclusive(() => this.seal());
    const [oldest] = this.segments();
    if (!oldest) return null;
    const from = join(this.dir, oldest);
    const lines = (await readFile(from, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    await rename(from, `${from}${DEAD_SUFFIX}`);
    this.pendingEntries = Math.max(0, this.pendingEntries - lines.length);
    this.countGroups(lines, -1);
    await this.syncDir();
    return `${from}${DEAD_SUFFIX}`;
  }

  /** Flushes what is queued and closes the open segment (shutdown). */
  async close(): Promise<void> {
    await this.exclusive(() => this.seal());
  }

  /** Adds `delta` to the pending count of the group of each line (unparsable lines have none); see {@link settle}. */
  private countGroups(lines: string[], delta: 1 | -1): void {
    for (const line of lines) {
      let entry: SpooledCallback;
      try {
        entry = JSON.parse(line) as SpooledCallback;
      } catch {
        continue;
      }
      this.countEntry(entry, delta);
    }
  }

  private countEntry(entry: Pick<SpooledCallback, 'key' | 'group'>, delta: 1 | -1): void {
    if (entry.group === undefined) return;
    const counted = (this.counted.get(entry.key) ?? 0) + delta;
    if (counted > 0) this.counted.set(entry.key, counted);
    else this.counted.delete(entry.key);
    if (delta < 0) {
      const settled = this.settledKeys.get(entry.key) ?? 0;
      if (settled > 0) {
        // Its group count was released by settle() already.
        if (settled > 1) this.settledKeys.set(entry.key, settled - 1);
        else this.settledKeys.delete(entry.key);
        return;
      }
    }
    this.addToGroup(entry.group, delta);
  }

  private addToGroup(group: string, delta: number): void {
    const n = (this.pendingGroups.get(group) ?? 0) + delta;
    if (n > 0) this.pendingGroups.set(group, n);
    else this.pendingGroups.delete(group);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        try {
          const segment = await this.segment();
          await segment.handle.write(batch.map((b) => b.line).join(''));
          await segment.handle.datasync();
          this.pendingEntries += batch.length;
          for (const b of batch) this.countEntry(b.entry, +1);
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async segment(): Promise<{ handle: FileHandle; path: string; openedAt: number }> {
    if (this.current) return this.current;
    const path = join(this.dir, `callbacks-${String(Date.now()).padStart(15, '0')}-${process.pid}${String(this.seq++).padStart(4, '0')}.jsonl`);
    const handle = await open(path, 'a');
    await this.syncDir();
    this.current = { handle, path, openedAt: Date.now() };
    return this.current;
  }

  private async seal(): Promise<void> {
    if (this.queue.length > 0) await this.flush();
    const current = this.current;
    this.current = null;
    if (current) await current.handle.close();
  }

  /** Segment file names, oldest first (the name starts with a zero-padded creation time). */
  private segments(): string[] {
    return readdirSync(this.dir)
      .filter((n) => SEGMENT.test(n))
      .sort();
  }

  private async syncDir(): Promise<void> {
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Runs `work` after every earlier exclusive operation (writes, seals) finished. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
