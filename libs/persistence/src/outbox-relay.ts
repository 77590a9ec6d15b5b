import { setTimeout as sleep } from 'node:timers/promises';
import { estimateRecordBytes, type KafkaRecord, type KafkaRecordProducer } from '@textback/kafka';
import { deadLetterErrorText, type DeadLetterLabel, isInfrastructureUnavailable } from '@textback/observability';
import { type Logger } from 'pino';
import { type Counter } from 'prom-client';
import { type DataSource, type QueryRunner } from 'typeorm';
import { DatabaseWakeups, type WakeupSubscription } from './database-wakeups';
import { quoteSchema } from './schema-name';
import { OUTBOX_WAKEUP_QUEUE } from './typeorm-transaction-runner';

/** Points where a test can crash the relay to prove nothing is lost (kill -9 semantics). */
export interface OutboxRelayFaults {
  /** Called after rows are locked, before they are sent to Kafka. */
  beforePublish?: () => void;
  /** Called after Kafka acknowledged the batch, before the rows are marked published. */
  afterPublish?: () => void;
}

/** Settings of the relay. Times in milliseconds. */
export interface OutboxRelayOptions {
  schema: string;
  /** Connection string for the LISTEN connection (same database as the data source), when no `wakeups` is given. */
  databaseUrl: string;
  /** The service's wake-ups (shared LISTEN connection); without it the relay opens its own. */
  wakeups?: DatabaseWakeups;
  batchSize: number;
  /** Safety poll: longest wait between rounds when no wake-up arrives (env OUTBOX_POLL_INTERVAL_MS, default 30 s). */
  pollIntervalMs: number;
  /**
   * After a wake-up, wait this much longer before the round so a burst of writer transactions goes out in one batch
   * (env OUTBOX_LINGER_MS, default 0 here, 10 in services): fewer rounds (3 statements each: `BEGIN`, the claim, `COMMIT`) per event, for at most
   * this much latency.
   */
  lingerMs?: number;
  /**
   * Longest linger when writer transactions come often (env OUTBOX_LINGER_MAX_MS, default 0 here, 40 in services):
   * while wake-ups come on average less than this apart ({@link WakeupSubscription.meanWakeGapMs}), the relay lingers
   * about one such gap (at least `lingerMs`), so a round usually takes the next writer's transaction too instead of
   * running once per transaction. Slower than that (a quiet service), it lingers `lingerMs`; faster, the gap is
   * short and so is the linger. Adds at most this much latency per event, only at those rates.
   */
  maxLingerMs?: number;
  /** Published rows older than this are deleted (default 24 h). */
  retentionMs?: number;
  /** Failed publishes of one row (broker refused it, not an outage) before it is dead-lettered; default 5. */
  maxAttempts?: number;
  /**
   * Most bytes in one Kafka request (by {@link estimateRecordBytes}), and the largest row the relay publishes at
   * all; default 900 000, under the broker's `message.max.bytes` (1 048 588 by default).
   */
  maxBatchBytes?: number;
  /** `textback_dead_letters_total` (source `outbox`, queue = topic, reason `too_large` | `retries_exhausted`). */
  deadLetters?: Counter<DeadLetterLabel>;
  faults?: OutboxRelayFaults;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  bytes: number;
}

/**
 * Publishes a service's outbox to Kafka, oldest first. Each batch runs in one transaction:
 * an advisory transaction lock makes one relay per schema active at a time (so per-key order
 * holds across replicas), rows are taken with `FOR UPDATE SKIP LOCKED` and marked published in the same statement,
 * sent with acks=all, and the transaction commits (rows the broker did not take are unmarked first). A crash between send and commit re-sends the batch on restart
 * (at-least-once); consumers de-duplicate by event id. It wakes on the NOTIFY writers send with their
 * outbox rows ({@link DatabaseWakeups}, queue `outbox`) and otherwise polls every `pollIntervalMs` (the safety poll).
 * A batch goes out in requests of at most `maxBatchBytes`, in order. A row larger than that can never be
 * published and is dead-lettered at once (`too_large`); a row the broker refuses (not an outage) has its attempt
 * and error recorded, is retried on the following rounds (the relay backs off: 0.2 s doubling to 5 s), and after
 * `maxAttempts` failures is dead-lettered (`retries_exhausted`). Dead rows (`dead_lettered_at` set) stay in the
 * table with their error, are counted in `textback_dead_letters_total`, and later events flow past them: per-key
 * order is given up for that one event, which `textback dead-letters replay` publishes late. A Kafka outage spends
 * no attempts.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | null = null;
  private ownWakeups: DatabaseWakeups | null = null;
  private wakeup: WakeupSubscription | null = null;
  private lastCleanup = 0;
  private publishedCount = 0;
  private readonly schemaSql: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: KafkaRecordProducer,
    private readonly options: OutboxRelayOptions,
    private readonly log: Logger,
  ) {
    this.schemaSql = quoteSchema(options.schema);
  }

  /** Events published since start. */
  get published(): number {
    return this.publishedCount;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts LISTENing and the relay loop. Idempotent. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let wakeups = this.options.wakeups;
    if (!wakeups) {
      wakeups = this.ownWakeups = new DatabaseWakeups({ databaseUrl: this.options.databaseUrl, applicationName: `outbox-relay:${this.options.schema}` }, this.log);
      await wakeups.start();
    }
    this.wakeup = wakeups.subscribe(this.options.schema, OUTBOX_WAKEUP_QUEUE);
    this.loop = this.run();
  }

  /** Stops after the batch in flight (which is committed or rolled back, never half-done). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeup?.close();
    await this.loop;
    this.loop = null;
    this.wakeup = null;
    const own = this.ownWakeups;
    this.ownWakeups = null;
    await own?.stop();
  }

  /**
   * Publishes one batch. Returns the number of events published (0 when another relay holds
   * the lock or nothing is pending).
   * @throws Kafka or database errors; the batch's transaction is rolled back.
   */
  async relayOnce(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // READ COMMITTED is the connection's default (no `SET TRANSACTION` round trip). One statement takes the advisory
      // lock (when another relay holds it, no rows come back), locks the batch and marks it published in this
      // transaction, which commits only after Kafka acknowledged; rows that did not go out are unmarked before the
      // commit, and a crash or an error before it rolls every mark back (at-least-once, as before). The statement ends
      // in a SELECT so that TypeORM answers with the rows (an UPDATE's answer is [rows, count]).
      await runner.startTransaction();
      const rows = sortBySeq(
        (await runner.query(
          `WITH relay_lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtext($2)) AS locked),
           batch AS MATERIALIZED (
             SELECT o.id FROM ${this.schemaSql}.outbox o, relay_lock
             WHERE relay_lock.locked AND o.published_at IS NULL AND o.dead_lettered_at IS NULL
             ORDER BY o.seq LIMIT $1 FOR UPDATE OF o SKIP LOCKED),
           claimed AS (
             UPDATE ${this.schemaSql}.outbox u SET published_at = now() FROM batch WHERE u.id = batch.id
             RETURNING u.id, u.seq::text AS seq, u.topic, u.key, u.value, u.headers)
           SELECT * FROM claimed`,
          [this.options.batchSize, `textback:outbox:${this.options.schema}`],
        )) as (Omit<OutboxRow, 'bytes'> & { seq: string })[],
      ).map(({ seq: _seq, ...r }) => ({ ...r, bytes: estimateRecordBytes(r) }));
      if (rows.length === 0) {
        await runner.rollbackTransaction();
        return 0;
      }
      this.options.faults?.beforePublish?.();
      const maxBytes = this.options.maxBatchBytes ?? 900_000;
      const sendable: OutboxRow[] = [];
      for (const row of rows) {
        if (row.bytes <= maxBytes) sendable.push(row);
        else await this.deadLetter(runner, row, 'too_large', `event of about ${row.bytes} bytes exceeds OUTBOX_MAX_BATCH_BYTES=${maxBytes}`);
      }
      const { published, failure } = await this.publishInChunks(sendable, maxBytes);
      if (published.length > 0) this.options.faults?.afterPublish?.();
      if (published.length < sendable.length) {
        const sent = new Set(published.map((r) => r.id));
        const unsent = sendable.filter((r) => !sent.has(r.id)).map((r) => r.id);
        await runner.query(`UPDATE ${this.schemaSql}.outbox SET published_at = NULL WHERE id = ANY($1::uuid[])`, [unsent]);
      }
      let failed: unknown;
      if (failure) {
        if (isInfrastructureUnavailable(failure.err)) failed = failure.err;
        else if (!(await this.recordFailure(runner, failure.row, failure.err))) failed = failure.err;
      }
      await runner.commitTransaction();
      this.publishedCount += published.length;
      if (failed !== undefined) throw failed instanceof Error ? failed : new Error(String(failed));
      return published.length;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /**
   * Sends `rows` in order, in requests of at most `maxBytes`. When a request of several rows is refused, its rows
   * are sent one at a time to find the one the broker refuses. Stops at the first refused row (order is kept).
   */
  private async publishInChunks(rows: readonly OutboxRow[], maxBytes: number): Promise<{ published: OutboxRow[]; failure?: { row: OutboxRow; err: unknown } }> {
    const published: OutboxRow[] = [];
    let chunk: OutboxRow[] = [];
    let chunkBytes = 0;
    const flush = async (): Promise<{ row: OutboxRow; err: unknown } | undefined> => {
      const sending = chunk;
      chunk = [];
      chunkBytes = 0;
      if (sending.length === 0) return undefined;
      try {
        await this.producer.send(sending.map(toRecord));
        published.push(...sending);
        return undefined;
      } catch (err) {
        if (sending.length === 1 || isInfrastructureUnavailable(err)) return { row: sending[0] as OutboxRow, err };
        for (const row of sending) {
          try {
            await this.producer.send([toRecord(row)]);
            published.push(row);
          } catch (rowErr) {
            return { row, err: rowErr };
          }
        }
        return undefined;
      }
    };
    for (const row of rows) {
      if (chunk.length > 0 && chunkBytes + row.bytes > maxBytes) {
        const failure = await flush();
        if (failure) return { published, failure };
      }
      chunk.push(row);
      chunkBytes += row.bytes;
    }
    const failure = await flush();
    return failure ? { published, failure } : { published };
  }

  /**
   * Records a refused publish of `row` in the batch's transaction.
   * @returns true when the row has now used its attempts and was dead-lettered.
   */
  private async recordFailure(runner: QueryRunner, row: OutboxRow, err: unknown): Promise<boolean> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const [updated] = (await runner.query(
      `UPDATE ${this.schemaSql}.outbox SET attempts = attempts + 1, last_error = $2,
         dead_lettered_at = CASE WHEN attempts + 1 >= $3 THEN now() END
       WHERE id = $1 RETURNING attempts, dead_lettered_at IS NOT NULL AS dead`,
      [row.id, deadLetterErrorText(err), maxAttempts],
    )) as [{ attempts: number; dead: boolean }[], number];
    const result = updated?.[0];
    if (result?.dead) {
      this.countDeadLetter(row, 'retries_exhausted', err, result.attempts);
      return true;
    }
    this.log.warn({ err, schema: this.options.schema, eventId: row.id, topic: row.topic, attempts: result?.attempts }, 'broker refused an outbox event; retrying');
    return false;
  }

  /** Dead-letters `row` at once (it can never be published) in the batch's transaction. */
  private async deadLetter(runner: QueryRunner, row: OutboxRow, reason: 'too_large', error: string): Promise<void> {
    await runner.query(`UPDATE ${this.schemaSql}.outbox SET last_error = $2, dead_lettered_at = now(), published_at = NULL WHERE id = $1`, [row.id, error]);
    this.countDeadLetter(row, reason, error, 0);
  }

  private countDeadLetter(row: OutboxRow, reason: string, err: unknown, attempts: number): void {
    this.options.deadLetters?.inc({ source: 'outbox', queue: row.topic, reason });
    this.log.error({ schema: this.options.schema, eventId: row.id, topic: row.topic, reason, attempts, bytes: row.bytes, err }, 'outbox event dead-lettered; later events go on');
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const n = await this.relayOnce();
        failures = 0;
        await this.cleanupIfDue();
        if (n === this.options.batchSize) continue;
      } catch (err) {
        failures++;
        this.log.error({ err, schema: this.options.schema, failures }, 'outbox relay batch failed; will retry');
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
        continue;
      }
      await this.waitForWork();
    }
  }

  private async waitForWork(): Promise<void> {
    if (!this.running || !this.wakeup) return;
    const wakeup = this.wakeup;
    await wakeup.wait(this.options.pollIntervalMs, () => relayLingerMs(wakeup.meanWakeGapMs, this.options.lingerMs ?? 0, this.options.maxLingerMs ?? 0));
  }

  private async cleanupIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 60_000) return;
    this.lastCleanup = now;
    const retention = this.options.retentionMs ?? 86_400_000;
    await this.dataSource.query(`DELETE FROM ${this.schemaSql}.outbox WHERE published_at < now() - ($1::bigint * interval '1 millisecond')`, [retention]);
  }
}

/**
 * How long the relay lingers after a wake-up, ms: `lingerMs`, or about one mean gap between wake-ups when those come
 * less than `maxLingerMs` apart (see {@link OutboxRelayOptions.maxLingerMs}).
 */
export function relayLingerMs(meanWakeGapMs: number, lingerMs: number, maxLingerMs: number): number {
  return meanWakeGapMs <= maxLingerMs ? Math.max(lingerMs, Math.ceil(meanWakeGapMs)) : lingerMs;
}

/** `rows` in publishing order (`seq`, a bigserial returned as text): `RETURNING` keeps no order. */
function sortBySeq<R extends { seq: string }>(rows: R[]): R[] {
  return rows.sort((a, b) => a.seq.length - b.seq.length || (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
}

function toRecord(row: OutboxRow): KafkaRecord {
  return { topic: row.topic, key: row.key, value: row.value, headers: row.headers };
}
