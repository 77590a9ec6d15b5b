import { setTimeout as sleep } from 'node:timers/promises';
import { type KafkaRecord, type KafkaRecordProducer } from '@textback/kafka';
import { Client } from 'pg';
import { type Logger } from 'pino';
import { type DataSource } from 'typeorm';
import { quoteSchema } from './schema-name';
import { OUTBOX_NOTIFY_CHANNEL } from './typeorm-transaction-runner';

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
  /** Connection string for the LISTEN connection (same database as the data source). */
  databaseUrl: string;
  batchSize: number;
  /** Longest wait between polls when no NOTIFY arrives. */
  pollIntervalMs: number;
  /** Published rows older than this are deleted (default 24 h). */
  retentionMs?: number;
  faults?: OutboxRelayFaults;
}

/**
 * Publishes a service's outbox to Kafka, oldest first. Each batch runs in one transaction:
 * an advisory transaction lock makes one relay per schema active at a time (so per-key order
 * holds across replicas), rows are taken with `FOR UPDATE SKIP LOCKED`, sent with acks=all,
 * then marked published. A crash between send and mark re-sends the batch on restart
 * (at-least-once); consumers de-duplicate by event id. It wakes on NOTIFY from writers and
 * otherwise polls every `pollIntervalMs`.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | null = null;
  private listener: Client | null = null;
  private wake: (() => void) | null = null;
  private pending = false;
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
    await this.listen();
    this.loop = this.run();
  }

  /** Stops after the batch in flight (which is committed or rolled back, never half-done). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
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
      await runner.startTransaction('READ COMMITTED');
      const lock = (await runner.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [`textback:outbox:${this.options.schema}`])) as { locked: boolean }[];
      if (!lock[0]?.locked) {
        await runner.rollbackTransaction();
        return 0;
      }
      const rows = (await runner.query(
        `SELECT id, topic, key, value, headers FROM ${this.schemaSql}.outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      )) as { id: string; topic: string; key: string; value: string; headers: Record<string, string> }[];
      if (rows.length === 0) {
        await runner.rollbackTransaction();
        return 0;
      }
      this.options.faults?.beforePublish?.();
      const records: KafkaRecord[] = rows.map((r) => ({ topic: r.topic, key: r.key, value: r.value, headers: r.headers }));
      await this.producer.send(records);
      this.options.faults?.afterPublish?.();
      await runner.query(`UPDATE ${this.schemaSql}.outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      await runner.commitTransaction();
      this.publishedCount += rows.length;
      return rows.length;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        this.pending = false;
        const n = await this.relayOnce();
        failures = 0;
        await this.cleanupIfDue();
        if (n === this.options.batchSize || this.pending) continue;
      } catch (err) {
        failures++;
        this.log.error({ err, schema: this.options.schema, failures }, 'outbox relay batch failed; will retry');
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
        continue;
      }
      await this.waitForWork();
    }
  }

  private waitForWork(): Promise<void> {
    if (this.pending || !this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollIntervalMs);
      this.wake = done;
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: `outbox-relay:${this.options.schema}` });
    client.on('notification', (msg) => {
      if (msg.payload !== this.options.schema) return;
      this.pending = true;
      this.wake?.();
    });
    client.on('error', (err) => {
      // The poll interval still drives the relay; reconnect on the next start.
      this.log.warn({ err }, 'outbox LISTEN connection lost; falling back to polling');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.log.warn({ err }, 'outbox LISTEN unavailable; polling only');
      await client.end().catch(() => undefined);
    }
  }

  private async cleanupIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 60_000) return;
    this.lastCleanup = now;
    const retention = this.options.retentionMs ?? 86_400_000;
    await this.dataSource.query(`DELETE FROM ${this.schemaSql}.outbox WHERE published_at < now() - ($1::bigint * interval '1 millisecond')`, [retention]);
  }
}
