import { setTimeout as sleep } from 'node:timers/promises';
import { BaseRpcContext, type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { type Contract } from '@textback/contracts';
import { deadLetterErrorText, type DeadLetterLabel, isInfrastructureUnavailable, RetryPolicy } from '@textback/observability';
import {
  DEFAULT_SAFETY_POLL_MS,
  type DatabaseWakeups,
  entityManagerOf,
  OUTBOX_WAKEUP_QUEUE,
  quoteSchema,
  type RelationalStore,
  runMigrations,
  type TransactionContext,
  type TransactionRunner,
  type WakeupSubscription,
} from '@textback/persistence';
import { type Logger } from 'pino';
import { isObservable, lastValueFrom } from 'rxjs';
import { type Counter } from 'prom-client';
import { type EntityManager } from 'typeorm';
import { CONSUME_EVENT_EXTRAS, CONSUME_TOGETHER_EXTRAS, type ConsumeEventOptions } from '../../port/consume-event.decorator';
import { HandlerFailureWitness, isPermanentFailure } from '../../port/consumer-failure';
import { type InboxClaim, type OwnTransaction } from '../../port/inbox-transactions';
import { BUS_MIGRATIONS, BUS_SCHEMA } from './bus-schema.migration';

/** State of an {@link InProcessBusServer} as readiness sees it. */
export type InProcessBusState = 'starting' | 'running' | 'stopped' | 'crashed';

/** Metrics the in-process bus reports (the same series as the Kafka consumer's); optional so tests run without a registry. */
export interface InProcessBusMetrics {
  /** Labels: topic, outcome (handled | dead_lettered | retried | failed). */
  messages: Counter<'topic' | 'outcome'>;
  /** `textback_dead_letters_total` (source `in_process_bus`, queue = topic, reason). */
  deadLetters?: Counter<DeadLetterLabel>;
}

/** Settings of {@link InProcessBusServer}; see {@link createInProcessBusServer}. */
export interface InProcessBusOptions {
  /** The embedded relational store every service of the process shares (must be `pglite`, see the class comment). */
  store: RelationalStore;
  /**
   * The consuming service's transaction runner (its own data source and schema): handlers get its
   * `TransactionContext`, inbox claims go to its schema's inbox, and the bus moves its cursor in the same transaction.
   */
  runner: TransactionRunner;
  /** Consumer group: the consuming service's name (the inbox's default group and the cursor's key). */
  group: string;
  /** Schemas whose outbox this group reads: every service schema of the process (its own included when it consumes what it produces). */
  producerSchemas: readonly string[];
  /** Contracts of the topics the group consumes; an event of another topic is dead-lettered (`no_contract`). */
  contracts: readonly Contract[];
  log: Logger;
  metrics?: InProcessBusMetrics;
  /** Failed handler attempts after which an event is dead-lettered (and in-process tries of an outage before the round is given up and retried). */
  maxAttempts: number;
  /** First delay between attempts, ms, doubling; default 500. */
  retryBaseDelayMs?: number;
  /** Longest delay between attempts, ms; default 10 000. */
  retryMaxDelayMs?: number;
  /** The process's wake-ups on `store`, started by the caller; without it the server creates, starts and stops its own. */
  wakeups?: DatabaseWakeups;
  /** Longest sleep between rounds without a wake-up, ms; default 30 000 (DEFAULT_SAFETY_POLL_MS). */
  safetyPollMs?: number;
  /** Outbox rows read per round and most events applied in one transaction; default 100. */
  batchMaxRecords?: number;
  /** How long outbox rows every group has passed are kept (marked published) before deletion, ms; default 86 400 000 (the relay's). */
  retentionMs?: number;
}

/** One outbox row as the bus reads it. */
interface OutboxRow {
  seq: number;
  topic: string;
  value: string;
}

/** How a topic's handler is applied (as in ContractKafkaServer). */
type Route = { kind: 'inbox'; group: string; transaction: 'batch' | 'own' } | { kind: 'together' } | { kind: 'plain' };

/** A row that parsed against its contract. */
interface BusEvent {
  kind: 'event';
  row: OutboxRow;
  event: { id: string; correlationId: string; type: string };
  route: Route;
}

/** A row refused before any handler ran (no contract, schema failure): dead-lettered. */
interface RefusedRow {
  kind: 'refused';
  row: OutboxRow;
  reason: 'no_contract' | 'schema';
  detail: string;
}

/** The reading position of this group in one producer schema's outbox, and the loop that moves it. */
interface ProducerCursor {
  schema: string;
  /** `seq` of the last row passed; equals `bus.cursors.last_seq` after every commit. */
  lastSeq: number;
  subscription: WakeupSubscription;
  /** Aborts the loop's backoff sleeps on close. */
  stop: AbortController;
  done: Promise<void>;
  /** Set on the copy a replay applies rows with: the position is neither moved nor stored (a replayed row may lie ahead of it). */
  holdsPosition?: boolean;
}

/** Thrown out of a round when the server closes during a backoff: nothing is dead-lettered, the cursor stays. */
class BusStopping extends Error {}

/**
 * Context handed to plain `@EventPattern` handlers by the in-process bus (`@Ctx()`): `[topic, producer schema, outbox seq]`.
 * Handlers declared with `@ConsumeEvent` get a transaction instead, `@ConsumeEventsTogether` handlers nothing they use.
 */
export class InProcessBusContext extends BaseRpcContext<[string, string, number]> {}

/**
 * The in-process adapter of the bus port, for the embedded mode (every service in one Node process on one PGlite
 * store): a Nest custom transport that delivers the events services write to their transactional outbox
 * (`<schema>.outbox`) to the handlers of the other services in the process, durably, with no broker.
 *
 * One server per consuming service (consumer group). For each producer schema it keeps a cursor
 * (`bus.cursors(consumer_group, producer_schema, last_seq)`) and a loop that reads the rows after it in `seq` order,
 * for the topics it has handlers for, and applies them as ContractKafkaServer applies Kafka records:
 * 1. the row's value is parsed against its topic's contract (`@textback/contracts`); a row that fails (or has no
 *    contract) goes to `bus.dead_letters` (reason `schema` | `no_contract`) and the loop moves on;
 * 2. `@ConsumeEvent` handlers (`transaction: 'batch'`) get `(event, tx)`: the inbox claim `(group, event id)`, the
 *    handler's writes and outbox rows, and the cursor move commit in one transaction, so a row is applied exactly once
 *    even across a crash (a redelivered row is claimed already: skipped). Consecutive such rows share one transaction
 *    (at most `batchMaxRecords`); when it fails they are applied again one transaction each.
 *    `transaction: 'own'` handlers get an {@link OwnTransaction} and are called with no transaction open (the outside
 *    call happens between transactions); `once(work)` commits claim, writes and cursor together.
 *    `@ConsumeEventsTogether` handlers get a run of rows together; plain `@EventPattern` handlers are called one row at
 *    a time with an {@link InProcessBusContext}; both have no inbox, so their cursor moves in a transaction after them
 *    (a crash in between delivers the row again; they de-duplicate themselves);
 * 3. a failing handler is retried with a capped exponential backoff (RetryPolicy); after `maxAttempts` failures the row
 *    goes to `bus.dead_letters` (reason `retries_exhausted`, or `handler` at once for a permanent failure) and the loop
 *    moves on: one bad event never stalls the events behind it; rows an operator marked for replay
 *    (`textback dead-letters replay`: `replay_requested_at`) are applied again at the next start, before the cursor is
 *    followed, and deleted once applied;
 * 4. an infrastructure failure (isInfrastructureUnavailable) never dead-letters: after `maxAttempts` tries the round is
 *    given up with the cursor where it was and started again after a pause.
 * Order: per producer schema in `seq` order (stronger than Kafka's per key); producer schemas are read concurrently.
 * Wake-ups: the outbox write's NOTIFY (`<schema>.outbox`, sent by `TransactionContext.publish`) reaches the loop
 * through the store's {@link DatabaseWakeups}; otherwise the loop sleeps for the safety poll (default 30 s), so an idle
 * process sends one query per producer schema and group every 30 s. Rows every group has passed are marked published
 * and deleted after `retentionMs`, as the relay does (the relay does not run in the embedded mode).
 *
 * EMBEDDED MODE ONLY: a cursor on a `bigserial` is correct only because the PGlite store serialises transactions, so
 * `seq` order is commit order. On a PostgreSQL server with concurrent transactions a row with a lower `seq` can commit
 * after the cursor passed a higher one and would be skipped for good; the constructor refuses any store but `pglite`.
 * The distributed mode uses the relay and ContractKafkaServer.
 */
export class InProcessBusServer extends Server implements CustomTransportStrategy {
  private readonly contractsByTopic: Map<string, Contract>;
  private readonly retryPolicy: RetryPolicy;
  private readonly batchMaxRecords: number;
  private readonly safetyPollMs: number;
  private readonly retentionMs: number;
  private readonly cursors: ProducerCursor[] = [];
  private ownWakeups: DatabaseWakeups | null = null;
  private state: InProcessBusState = 'starting';
  private filterWarningGiven = false;

  /** @throws Error when the store is not the embedded one (see the class comment) or a producer schema name is not plain. */
  constructor(private readonly options: InProcessBusOptions) {
    super();
    if (options.store.kind !== 'pglite') {
      throw new Error(`the in-process bus needs the embedded store (transactions serialised, so outbox seq order is commit order); got ${options.store.kind}`);
    }
    for (const schema of options.producerSchemas) quoteSchema(schema);
    this.contractsByTopic = new Map(options.contracts.map((c) => [c.topic, c]));
    this.retryPolicy = new RetryPolicy({ maxAttempts: options.maxAttempts, baseDelayMs: options.retryBaseDelayMs ?? 500, maxDelayMs: options.retryMaxDelayMs ?? 10_000 });
    this.batchMaxRecords = options.batchMaxRecords ?? 100;
    this.safetyPollMs = options.safetyPollMs ?? DEFAULT_SAFETY_POLL_MS;
    this.retentionMs = options.retentionMs ?? 86_400_000;
  }

  /** Consumer group of this server. */
  get group(): string {
    return this.options.group;
  }

  /** Current state (for /health/ready: `running` is ready). */
  get busState(): InProcessBusState {
    return this.state;
  }

  /** Where each producer schema's cursor stands (`seq` of the last row passed), for tests and status pages. */
  get positions(): Record<string, number> {
    return Object.fromEntries(this.cursors.map((c) => [c.schema, c.lastSeq]));
  }

  /**
   * Creates the `bus` schema's tables if missing (under the store's migration lock, so servers starting together migrate
   * once), loads this group's cursors and starts one loop per producer schema. Calls `callback(err)` when that fails.
   */
  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      (err: unknown) => {
        this.state = 'crashed';
        callback(err);
      },
    );
  }

  /** Stops the loops (a handler in flight finishes; a backoff is cut short), then the wake-ups it created itself. */
  async close(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    for (const cursor of this.cursors) {
      cursor.stop.abort();
      cursor.subscription.close();
    }
    await Promise.all(this.cursors.map((c) => c.done));
    await this.ownWakeups?.stop();
    this.ownWakeups = null;
  }

  /** No transport events to subscribe to. */
  on(): void {}

  /** There is no client library under this transport. */
  unwrap<T>(): T {
    throw new Error('the in-process bus has no client to unwrap');
  }

  private async start(): Promise<void> {
    const migrator = this.options.store.createDataSource({ schema: BUS_SCHEMA, applicationName: 'bus:migrate', migrations: BUS_MIGRATIONS });
    await migrator.initialize();
    try {
      await runMigrations(migrator, BUS_SCHEMA);
    } finally {
      await migrator.destroy();
    }
    let wakeups = this.options.wakeups;
    if (!wakeups) {
      wakeups = this.ownWakeups = this.options.store.createWakeups(`${this.options.group}:bus`, this.options.log.child({ component: 'bus-wakeups' }));
      await wakeups.start();
    }
    const topics = [...this.messageHandlers.keys()];
    if (topics.length === 0) {
      this.state = 'running';
      return;
    }
    for (const schema of this.options.producerSchemas) {
      const lastSeq = await this.loadCursor(schema);
      const cursor: ProducerCursor = { schema, lastSeq, subscription: wakeups.subscribe(schema, OUTBOX_WAKEUP_QUEUE), stop: new AbortController(), done: Promise.resolve() };
      this.cursors.push(cursor);
    }
    this.state = 'running';
    for (const cursor of this.cursors) cursor.done = this.follow(cursor, topics);
    this.options.log.info({ group: this.options.group, topics, positions: this.positions }, 'in-process bus consuming');
  }

  private async loadCursor(schema: string): Promise<number> {
    return this.options.runner.run(async (tx) => {
      const m = entityManagerOf(tx.handle);
      await m.query(`INSERT INTO ${quoteSchema(BUS_SCHEMA)}.cursors (consumer_group, producer_schema) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [this.options.group, schema]);
      const rows = (await m.query(`SELECT last_seq::text AS last_seq FROM ${quoteSchema(BUS_SCHEMA)}.cursors WHERE consumer_group = $1 AND producer_schema = $2`, [this.options.group, schema])) as { last_seq: string }[];
      return Number(rows[0]?.last_seq ?? 0);
    });
  }

  /**
   * The loop of one producer schema: rounds while rows come; then sleeps until a wake-up or the safety poll. A failed
   * round (the store unavailable, an outage outlasting the attempts) is retried after a backoff from the cursor.
   */
  private async follow(cursor: ProducerCursor, topics: string[]): Promise<void> {
    let failedRounds = 0;
    let replaysDone = false;
    while (this.state === 'running') {
      let read: number;
      try {
        if (!replaysDone) {
          await this.replayRequested(cursor);
          replaysDone = true;
        }
        read = await this.round(cursor, topics);
        failedRounds = 0;
      } catch (err) {
        if (this.state !== 'running') return;
        failedRounds++;
        const delayMs = this.retryPolicy.delayMs(failedRounds);
        this.options.log.error({ group: this.options.group, producerSchema: cursor.schema, lastSeq: cursor.lastSeq, failedRounds, retryInMs: delayMs, err }, 'in-process bus round failed; retrying from the cursor');
        await sleep(delayMs, undefined, { signal: cursor.stop.signal }).catch(() => undefined);
        continue;
      }
      if (read > 0) continue;
      if ((await cursor.subscription.wait(this.safetyPollMs)) === 'closed') return;
    }
  }

  /**
   * Reads up to `batchMaxRecords` rows after the cursor for `topics` and applies them in order (see the class comment).
   * @returns the number of rows read (0: nothing new).
   */
  private async round(cursor: ProducerCursor, topics: string[]): Promise<number> {
    const outbox = `${quoteSchema(cursor.schema)}.outbox`;
    const { rows, top } = await this.options.runner.run(async (tx) => {
      const m = entityManagerOf(tx.handle);
      // bigint as text (exact); aliased apart from `seq` so ORDER BY sorts the number, not the text.
      const found = (await m.query(`SELECT seq::text AS seq_text, topic, value FROM ${outbox} WHERE seq > $1 AND topic = ANY($2::text[]) ORDER BY seq LIMIT $3`, [cursor.lastSeq, topics, this.batchMaxRecords])) as { seq_text: string; topic: string; value: string }[];
      const [max] = (await m.query(`SELECT COALESCE(max(seq), 0)::text AS top FROM ${outbox}`)) as { top: string }[];
      return { rows: found.map((r) => ({ seq: Number(r.seq_text), topic: r.topic, value: r.value })), top: Number(max?.top ?? 0) };
    });
    // The store serialises transactions: every row up to `top` was committed when read, so rows not returned are of
    // other topics and may be passed (only up to the last row returned when the page was full).
    const last = rows[rows.length - 1];
    this.options.log.debug({ group: this.options.group, producerSchema: cursor.schema, lastSeq: cursor.lastSeq, seqs: rows.map((r) => r.seq), top }, 'bus round read');
    const horizon = last && rows.length >= this.batchMaxRecords ? last.seq : top;
    await this.applyRows(cursor, rows.map((row) => this.decode(row)));
    if (horizon > cursor.lastSeq) await this.moveCursorAlone(cursor, horizon);
    if (rows.length > 0) await this.markPassed(cursor.schema);
    return rows.length;
  }

  /**
   * Applies this group's dead letters from `cursor`'s schema that an operator asked to replay (`textback dead-letters
   * replay` set `bus.dead_letters.replay_requested_at` while the process was stopped), in `seq` order, by the rules of
   * a fresh row (the inbox skips an event applied already), and deletes each row once applied. A row that fails again
   * is dead-lettered again (its reason, error and attempts updated, the request cleared). A crash between the handler's
   * commit and the delete replays the row again at the next start (inbox-less handlers de-duplicate themselves).
   * @returns how many rows were requested.
   */
  private async replayRequested(cursor: ProducerCursor): Promise<number> {
    const bus = quoteSchema(BUS_SCHEMA);
    const requested = await this.options.runner.run(
      async (tx) =>
        (await entityManagerOf(tx.handle).query(
          `SELECT outbox_seq::text AS seq_text, topic, value FROM ${bus}.dead_letters
           WHERE consumer_group = $1 AND producer_schema = $2 AND replay_requested_at IS NOT NULL ORDER BY outbox_seq`,
          [this.options.group, cursor.schema],
        )) as { seq_text: string; topic: string; value: string }[],
    );
    // The rows are applied through a copy of the cursor that does not move: a replayed row ahead of the position (a
    // cursor moved back by an operator, a directory restored) must not make the loop skip the rows before it.
    const replaying: ProducerCursor = { ...cursor, holdsPosition: true };
    for (const r of requested) {
      if (this.state !== 'running') throw new BusStopping('in-process bus stopping');
      const row: OutboxRow = { seq: Number(r.seq_text), topic: r.topic, value: r.value };
      const item: BusEvent | RefusedRow = this.messageHandlers.has(row.topic) ? this.decode(row) : { kind: 'refused', row, reason: 'no_contract', detail: `group ${this.options.group} has no handler for topic ${row.topic} any more` };
      this.options.log.info({ group: this.options.group, producerSchema: cursor.schema, seq: row.seq, topic: row.topic }, 'replaying a dead letter (bus.dead_letters)');
      await this.applyAlone(replaying, item);
      await this.options.runner.run(async (tx) => {
        await entityManagerOf(tx.handle).query(`DELETE FROM ${bus}.dead_letters WHERE consumer_group = $1 AND producer_schema = $2 AND outbox_seq = $3 AND replay_requested_at IS NOT NULL`, [
          this.options.group,
          cursor.schema,
          row.seq,
        ]);
      });
    }
    return requested.length;
  }

  /** Applies decoded rows in order: runs of `batch` rows in one transaction, runs of `together` rows together, others alone. */
  private async applyRows(cursor: ProducerCursor, decoded: (BusEvent | RefusedRow)[]): Promise<void> {
    let pending: BusEvent[] = [];
    let pendingMode: 'batch' | 'together' = 'batch';
    const flush = async () => {
      const run = pending;
      pending = [];
      if (run.length === 0) return;
      await (pendingMode === 'batch' ? this.applyTogether(cursor, run) : this.handOverTogether(cursor, run));
    };
    for (const item of decoded) {
      if (this.state !== 'running') throw new BusStopping('in-process bus stopping');
      const mode = item.kind === 'event' ? groupable(item.route) : null;
      if (item.kind === 'event' && mode) {
        if (mode !== pendingMode) await flush();
        pendingMode = mode;
        pending.push(item);
        continue;
      }
      await flush();
      await this.applyAlone(cursor, item);
    }
    await flush();
  }

  /** Applies `events` (`transaction: 'batch'`) in one transaction with one claim statement and the cursor move; on failure, one by one. */
  private async applyTogether(cursor: ProducerCursor, events: BusEvent[]): Promise<void> {
    const [first] = events;
    const last = events[events.length - 1];
    if (!first || !last) return;
    if (events.length === 1) return this.applyAlone(cursor, first);
    const failed = new HandlerFailureWitness<BusEvent>();
    try {
      await this.options.runner.run(async (tx) => {
        const fresh = await tx.claimEvents(events.map((e) => claimOf(e)));
        for (const [i, e] of events.entries()) if (fresh[i]) await failed.watch(e, () => this.callHandler(e, tx));
        await this.moveCursorIn(tx, cursor, last.row.seq);
      });
    } catch (err) {
      this.options.log.warn({ group: this.options.group, producerSchema: cursor.schema, fromSeq: first.row.seq, toSeq: last.row.seq, err }, 'bus batch transaction failed; applying its events one by one');
      for (const e of events) await this.applyAlone(cursor, e, failed.priorFailuresOf(e));
      return;
    }
    cursor.lastSeq = Math.max(cursor.lastSeq, last.row.seq);
    for (const e of events) this.options.metrics?.messages.inc({ topic: e.row.topic, outcome: 'handled' });
  }

  /** Hands `events` to their `@ConsumeEventsTogether` handler together, then moves the cursor; on any failure, one by one. */
  private async handOverTogether(cursor: ProducerCursor, events: BusEvent[]): Promise<void> {
    const [first] = events;
    const last = events[events.length - 1];
    if (!first || !last) return;
    if (events.length === 1) return this.applyAlone(cursor, first);
    const results = await Promise.allSettled(events.map((e) => this.callHandler(e, this.contextOf(cursor, e))));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      this.options.log.warn({ group: this.options.group, producerSchema: cursor.schema, events: events.length, failed: failed.length, err: (failed[0] as PromiseRejectedResult).reason as unknown }, 'handing events over together failed; handling them one by one');
      for (const e of events) await this.applyAlone(cursor, e);
      return;
    }
    await this.moveCursorAlone(cursor, last.row.seq);
    for (const e of events) this.options.metrics?.messages.inc({ topic: e.row.topic, outcome: 'handled' });
  }

  /**
   * One row with the retry and dead-letter rules of the class comment; the cursor has passed it when this resolves.
   * `priorFailures`: failed attempts already made in a batch transaction (counted toward the cap; see {@link HandlerFailureWitness}).
   */
  private async applyAlone(cursor: ProducerCursor, item: BusEvent | RefusedRow, priorFailures = 0): Promise<void> {
    if (item.kind === 'refused') return this.deadLetter(cursor, item.row, null, item.reason, item.detail, 0);
    const { row, event } = item;
    const bindings = { group: this.options.group, producerSchema: cursor.schema, seq: row.seq, topic: row.topic, eventId: event.id, correlationId: event.correlationId };
    let failures = priorFailures;
    let outageAttempts = 0;
    for (;;) {
      try {
        await this.applyOnce(cursor, item);
        this.options.metrics?.messages.inc({ topic: row.topic, outcome: 'handled' });
        return;
      } catch (err) {
        this.warnIfFilterMissing(err);
        if (this.state !== 'running') throw new BusStopping('in-process bus stopping');
        if (isPermanentFailure(err)) {
          this.options.log.warn({ ...bindings, err }, 'permanent handler failure; dead-lettering');
          return this.deadLetter(cursor, row, event.id, 'handler', err instanceof Error ? err.message : String(err), failures + 1);
        }
        let delayMs: number;
        if (isInfrastructureUnavailable(err)) {
          outageAttempts++;
          if (outageAttempts >= this.options.maxAttempts) {
            this.options.metrics?.messages.inc({ topic: row.topic, outcome: 'failed' });
            throw err instanceof Error ? err : new Error(String(err));
          }
          delayMs = this.retryPolicy.delayMs(outageAttempts);
        } else {
          failures++;
          const decision = this.retryPolicy.decide(failures);
          if (decision.kind === 'dead_letter') {
            this.options.log.error({ ...bindings, attempts: failures, err }, 'handler failed on every attempt; dead-lettering');
            return this.deadLetter(cursor, row, event.id, 'retries_exhausted', deadLetterErrorText(err, 4000), failures);
          }
          delayMs = decision.delayMs;
        }
        this.options.metrics?.messages.inc({ topic: row.topic, outcome: 'retried' });
        this.options.log.warn({ ...bindings, failures, outageAttempts, retryInMs: delayMs, err }, 'handler failure; retrying');
        try {
          await sleep(delayMs, undefined, { signal: cursor.stop.signal });
        } catch {
          throw new BusStopping('in-process bus stopping');
        }
      }
    }
  }

  /** One attempt at one row: claim, handler and cursor in one transaction; the `own` handler with its `once`; or the inbox-less handler then the cursor. */
  private async applyOnce(cursor: ProducerCursor, item: BusEvent): Promise<void> {
    const { route, row } = item;
    if (route.kind === 'inbox' && route.transaction === 'batch') {
      await this.options.runner.run(async (tx) => {
        const [fresh] = await tx.claimEvents([claimOf(item)]);
        if (fresh) await this.callHandler(item, tx);
        await this.moveCursorIn(tx, cursor, row.seq);
      });
      cursor.lastSeq = Math.max(cursor.lastSeq, row.seq);
      return;
    }
    if (route.kind === 'inbox') {
      const own: OwnTransaction<TransactionContext> = {
        once: async (work) => {
          const outcome = await this.options.runner.run(async (tx) => {
            const [fresh] = await tx.claimEvents([claimOf(item)]);
            const result = fresh ? { duplicate: false as const, result: await work(tx) } : { duplicate: true as const };
            await this.moveCursorIn(tx, cursor, row.seq);
            return result;
          });
          cursor.lastSeq = Math.max(cursor.lastSeq, row.seq);
          return outcome;
        },
      };
      await this.callHandler(item, own);
    } else {
      await this.callHandler(item, this.contextOf(cursor, item));
    }
    // A handler without inbox, or an `own` handler that returned without calling `once` (nothing to write).
    if (cursor.lastSeq < row.seq) await this.moveCursorAlone(cursor, row.seq);
  }

  private contextOf(cursor: ProducerCursor, item: BusEvent): InProcessBusContext {
    return new InProcessBusContext([item.row.topic, cursor.schema, item.row.seq]);
  }

  /**
   * Calls the Nest handler of the row's topic with the parsed envelope and `context`, and waits for it to end: Nest's
   * `Server.handleEvent` does not wait for (and so loses the error of) a handler whose exception filter returned an
   * observable, so the handler is called directly and its observable awaited (as ServerKafka does).
   * @throws what the handler throws (the original error when RethrowRpcExceptionFilter is registered).
   */
  private async callHandler(item: BusEvent, context: unknown): Promise<void> {
    const handler = this.getHandlerByPattern(item.row.topic);
    if (!handler) throw new Error(`no handler for topic ${item.row.topic}`);
    const result: unknown = await handler(item.event, context as BaseRpcContext);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  /** Records `row` in `bus.dead_letters` (or updates its row there when it was a replay) and moves the cursor past it, in one transaction. */
  private async deadLetter(cursor: ProducerCursor, row: OutboxRow, eventId: string | null, reason: string, error: string, attempts: number): Promise<void> {
    await this.options.runner.run(async (tx) => {
      await entityManagerOf(tx.handle).query(
        `INSERT INTO ${quoteSchema(BUS_SCHEMA)}.dead_letters (consumer_group, producer_schema, outbox_seq, topic, event_id, value, reason, error, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT ON CONSTRAINT uq_dead_letters_group_row DO UPDATE
         SET event_id = EXCLUDED.event_id, reason = EXCLUDED.reason, error = EXCLUDED.error, attempts = EXCLUDED.attempts, dead_lettered_at = now(), replay_requested_at = NULL`,
        [this.options.group, cursor.schema, row.seq, row.topic, eventId, row.value, reason, error.slice(0, 4000), attempts],
      );
      await this.moveCursorIn(tx, cursor, row.seq);
    });
    cursor.lastSeq = Math.max(cursor.lastSeq, row.seq);
    this.options.metrics?.messages.inc({ topic: row.topic, outcome: 'dead_lettered' });
    this.options.metrics?.deadLetters?.inc({ source: 'in_process_bus', queue: row.topic, reason });
    this.options.log.warn({ group: this.options.group, producerSchema: cursor.schema, seq: row.seq, topic: row.topic, eventId, reason, error }, 'event dead-lettered (bus.dead_letters)');
  }

  private async moveCursorIn(tx: TransactionContext, cursor: ProducerCursor, seq: number): Promise<void> {
    if (cursor.holdsPosition) return;
    await moveCursor(entityManagerOf(tx.handle), this.options.group, cursor.schema, seq);
  }

  private async moveCursorAlone(cursor: ProducerCursor, seq: number): Promise<void> {
    if (cursor.holdsPosition) return;
    await this.options.runner.run((tx) => this.moveCursorIn(tx, cursor, seq));
    cursor.lastSeq = Math.max(cursor.lastSeq, seq);
  }

  /**
   * Marks the rows of `schema`'s outbox that every group with a cursor there has passed as published, and deletes those
   * published more than `retentionMs` ago (a group that starts later reads what is left, like a new Kafka group).
   */
  private async markPassed(schema: string): Promise<void> {
    const outbox = `${quoteSchema(schema)}.outbox`;
    await this.options.runner.run(async (tx) => {
      const m = entityManagerOf(tx.handle);
      await m.query(
        `UPDATE ${outbox} SET published_at = now() WHERE published_at IS NULL
           AND seq <= (SELECT min(last_seq) FROM ${quoteSchema(BUS_SCHEMA)}.cursors WHERE producer_schema = $1)`,
        [schema],
      );
      await m.query(`DELETE FROM ${outbox} WHERE published_at < now() - ($1::bigint * interval '1 millisecond')`, [this.retentionMs]);
    });
  }

  /** Parses the row's value (JSON, else the raw text) against its topic's contract. */
  private decode(row: OutboxRow): BusEvent | RefusedRow {
    const contract = this.contractsByTopic.get(row.topic);
    if (!contract) return { kind: 'refused', row, reason: 'no_contract', detail: `no contract registered for topic ${row.topic}` };
    let value: unknown = row.value;
    try {
      value = JSON.parse(row.value) as unknown;
    } catch {
      value = row.value;
    }
    const parsed = contract.envelope.safeParse(value);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      return { kind: 'refused', row, reason: 'schema', detail };
    }
    return { kind: 'event', row, event: parsed.data as BusEvent['event'], route: this.routeOf(row.topic) };
  }

  private routeOf(topic: string): Route {
    const extras = this.messageHandlers.get(topic)?.extras as Record<string, unknown> | undefined;
    if (extras?.[CONSUME_TOGETHER_EXTRAS] === true) return { kind: 'together' };
    const declared = extras?.[CONSUME_EVENT_EXTRAS] as ConsumeEventOptions | undefined;
    return declared ? { kind: 'inbox', group: declared.group ?? this.options.group, transaction: declared.transaction ?? 'batch' } : { kind: 'plain' };
  }

  /** Nest's default RPC filter turns errors into `{ status: 'error' }`, losing `retriable`. */
  private warnIfFilterMissing(err: unknown): void {
    if (this.filterWarningGiven || err instanceof Error || typeof err !== 'object' || err === null || (err as { status?: unknown }).status !== 'error') return;
    this.filterWarningGiven = true;
    this.options.log.error('handler errors reach the in-process bus as Nest RPC error objects: register RethrowRpcExceptionFilter on its microservice before its listeners');
  }
}

/** Moves the cursor of `group` on `schema` to `seq` (never back). */
async function moveCursor(m: EntityManager, group: string, schema: string, seq: number): Promise<void> {
  await m.query(`UPDATE ${quoteSchema(BUS_SCHEMA)}.cursors SET last_seq = GREATEST(last_seq, $3), updated_at = now() WHERE consumer_group = $1 AND producer_schema = $2`, [group, schema, seq]);
}

/** How consecutive rows of a route are grouped, or null when each is handled alone. */
function groupable(route: Route): 'batch' | 'together' | null {
  if (route.kind === 'together') return 'together';
  return route.kind === 'inbox' && route.transaction === 'batch' ? 'batch' : null;
}

function claimOf(item: BusEvent): InboxClaim {
  if (item.route.kind !== 'inbox') throw new Error(`topic ${item.row.topic} has no inbox route`);
  return { group: item.route.group, eventId: item.event.id, topic: item.row.topic };
}
