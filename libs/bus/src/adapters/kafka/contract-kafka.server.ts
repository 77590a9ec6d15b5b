import { setTimeout as sleep } from 'node:timers/promises';
import { deadLetterTopic, type Contract } from '@textback/contracts';
import { KafkaContext, type MessageHandler, ServerKafka } from '@nestjs/microservices';
import { type Consumer, type EachBatchPayload, type KafkaMessage, Partitioners } from 'kafkajs';
import { deadLetterErrorText, type DeadLetterLabel, isInfrastructureUnavailable, RetryPolicy, RoundTripMeter } from '@textback/observability';
import { type Logger } from 'pino';
import { type Counter } from 'prom-client';
import { CONSUME_EVENT_EXTRAS, CONSUME_TOGETHER_EXTRAS, type ConsumeEventOptions } from '@textback/bus/port';
import { HandlerFailureWitness, isPermanentFailure } from '@textback/bus/port';
import { type InboxClaim, type InboxTransactions, type OwnTransaction } from '@textback/bus/port';
import { createKafkaClient } from './kafka-client.factory';
import { KAFKA_HEADERS, type KafkaOptions } from './kafka.options';

/** Consumer state as seen by readiness checks. */
export type ConsumerState = 'starting' | 'connected' | 'rebalancing' | 'stopped' | 'crashed' | 'disconnected';

/** Metrics the server reports; optional so tests can run without a registry. */
export interface ConsumerMetrics {
  /** Labels: topic, outcome (handled | dead_lettered | retried | failed). */
  messages: Counter<'topic' | 'outcome'>;
  /** `textback_dead_letters_total` (source `kafka_consumer`, queue = original topic, reason). */
  deadLetters?: Counter<DeadLetterLabel>;
  /** Labels: topic, outcome (committed: a multi-record transaction committed | split: it failed, records retried one by one). */
  batches?: Counter<'topic' | 'outcome'>;
}

/**
 * Nest Kafka transport (a custom strategy over `ServerKafka`, consuming with kafkajs `eachBatch`) that makes every
 * consumer safe:
 * 1. parses each record's value against the contract of its topic before any handler runs;
 *    a record that fails its schema goes to `<topic>.dlq` with the error in headers, and the
 *    consumer moves on;
 * 2. handlers declared with {@link ConsumeEvent} get the parsed envelope and a transaction; the inbox claim
 *    `(group, event id)` commits with their writes, so a redelivery has no effect. Consecutive records of a batch whose
 *    handlers allow it (`transaction: 'batch'`) share one transaction (one claim statement, one commit, at most
 *    `batchMaxRecords`); when it fails, its records are applied again one transaction each, so only the failing
 *    record is retried and dead-lettered. `transaction: 'own'` handlers (an outside call before the write) run record
 *    by record and open their transaction themselves ({@link OwnTransaction}). {@link ConsumeEventsTogether} handlers
 *    (no inbox: reporting's ClickHouse store) get a batch's records together; plain `@EventPattern` handlers (the
 *    location directory) are called record by record;
 * 3. retries a failing record in-process with a capped exponential backoff ({@link RetryPolicy}:
 *    `retryBaseDelayMs` doubling, at most `retryMaxDelayMs` between attempts); after `maxAttempts`
 *    failed attempts the record goes to `<topic>.dlq` (reason `retries_exhausted`, with the error
 *    and the attempt count in headers) and the partition moves on: one bad record never stalls the
 *    records behind it;
 * 4. an infrastructure outage (database or broker unreachable, {@link isInfrastructureUnavailable})
 *    does not spend the record's attempts: after `maxAttempts` in-process tries the batch is
 *    failed back to kafkajs with the record's offset unresolved and redelivered, as often as it takes, never dead-lettered;
 * 5. sends a permanent failure (error with `retriable === false`) to the dead-letter topic at once.
 * Offsets are resolved after the transaction that applied them commits, and committed at most every `commitIntervalMs`
 * (default 1 s; a trailing commit follows the last batch, and closing commits what is resolved); order per partition
 * (so per key) is kept. Every record handed to it is counted as consumed in
 * `textback_kafka_records_total` (a redelivery counts again), every dead letter as produced.
 * Trade-off: a failure that is really transient but does not look like an outage (a lock timeout
 * lasting longer than the whole backoff, ~7.5 s with the defaults) is dead-lettered; the operator
 * replays it with `textback dead-letters replay` (consumers are idempotent, so a replay is safe).
 * Consumer group = `clientId` (no "-server" suffix); a new group starts from the earliest offset so nothing
 * published before it existed is missed.
 */
export class ContractKafkaServer extends ServerKafka {
  private readonly contractsByTopic: Map<string, Contract>;
  private readonly retryPolicy: RetryPolicy;
  private readonly batchMaxRecords: number;
  private readonly commitIntervalMs: number;
  private state: ConsumerState = 'starting';
  /** Set by {@link close}: batches still running commit their offsets at once, before the consumer leaves the group. */
  private closing = false;
  /** The trailing commit after the last batch (see {@link commitResolved}). */
  private trailingCommit: NodeJS.Timeout | undefined;
  /** Commits every resolved, uncommitted offset now (through the latest batch's payload); undefined before the first batch. */
  private commitAllResolved: (() => Promise<void>) | undefined;

  constructor(
    private readonly settings: KafkaOptions,
    contracts: readonly Contract[],
    private readonly log: Logger,
    private readonly metrics?: ConsumerMetrics,
    private readonly transactions?: InboxTransactions,
  ) {
    super({
      postfixId: '',
      client: { clientId: settings.clientId, brokers: settings.brokers },
      consumer: {
        groupId: settings.groupId ?? settings.clientId,
        sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: settings.heartbeatIntervalMs ?? 3_000,
        maxWaitTimeInMs: settings.fetchMaxWaitMs ?? 5_000,
        retry: { initialRetryTime: 500, retries: 10, maxRetryTime: 10_000 },
        allowAutoTopicCreation: false,
      },
      subscribe: { fromBeginning: true },
      run: { partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently ?? 3 },
      producer: { createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false },
    });
    this.contractsByTopic = new Map(contracts.map((c) => [c.topic, c]));
    this.batchMaxRecords = settings.batchMaxRecords ?? 200;
    this.commitIntervalMs = settings.commitIntervalMs ?? 1_000;
    this.retryPolicy = new RetryPolicy({ maxAttempts: settings.maxAttempts, baseDelayMs: settings.retryBaseDelayMs ?? 500, maxDelayMs: settings.retryMaxDelayMs ?? 10_000 });
    this.status.subscribe((s) => {
      this.state = s as ConsumerState;
    });
  }

  /** Uses our pino-backed kafkajs client instead of Nest's logger bridge. */
  override createClient<T = unknown>(): T {
    return createKafkaClient({ ...this.settings, fixIdleLoop: this.settings.fixIdleLoop ?? true, requestTimeoutAtDeadline: this.settings.requestTimeoutAtDeadline ?? true }, this.log) as T;
  }

  /**
   * The handler of a topic, by its exact name first. Nest's own lookup (`getRouteFromPattern`) tries `JSON.parse` on
   * the pattern, which for a topic name throws a `SyntaxError` (with its stack) on every record consumed: about 1 ms of
   * CPU per missed call in a consuming service (bench profile, docs/round-trips-and-wake-ups.md). Patterns that are not
   * a registered topic name (regular expressions, JSON patterns) still go through Nest's lookup.
   */
  override getHandlerByPattern(pattern: string): MessageHandler | null {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  /** Current consumer state (for /health/ready). */
  get consumerState(): ConsumerState {
    return this.state;
  }

  /**
   * Subscribes to every handled topic and consumes with `eachBatch` (offsets resolved by {@link consumeBatch}, committed
   * by kafkajs after each batch). Fails when a handler declared with {@link ConsumeEvent} has no inbox store.
   */
  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    const inboxTopics = topics.filter((t) => this.routeOf(t).kind === 'inbox');
    if (inboxTopics.length > 0 && !this.transactions) throw new Error(`handlers of ${inboxTopics.join(', ')} use @ConsumeEvent but the consumer has no inbox store`);
    if (topics.length > 0) await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently ?? 3,
      eachBatchAutoResolve: false,
      // kafkajs commits after every eachBatch when autoCommit is on, whatever autoCommitInterval says; with it off, the
      // interval is what payload.commitOffsetsIfNecessary() checks (commitResolved).
      ...(this.commitIntervalMs > 0 ? { autoCommit: false, autoCommitInterval: this.commitIntervalMs } : {}),
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  /** Commits the offsets resolved so far (batches still running commit theirs as they end), then disconnects. */
  override async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.trailingCommit);
    this.trailingCommit = undefined;
    await this.commitAllResolved?.().catch((err: unknown) => this.log.warn({ err }, 'committing consumed offsets before closing failed; they will be redelivered'));
    await super.close();
  }

  /**
   * After a batch (with {@link KafkaOptions.commitIntervalMs} > 0): commits the resolved offsets when the interval has
   * passed since the last commit (at once with `now`, after a failed batch, or while closing), else makes sure a
   * trailing commit runs once it has, so
   * the last records of a burst are committed although no batch follows. A failed commit is logged, not thrown: the
   * next commit carries the same offsets, and at worst the records are redelivered (the inbox ignores them).
   */
  private async commitResolved(payload: EachBatchPayload, now: boolean): Promise<void> {
    if (this.commitIntervalMs <= 0) return;
    this.commitAllResolved = () => payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
    try {
      await (now || this.closing ? this.commitAllResolved() : payload.commitOffsetsIfNecessary());
    } catch (err) {
      this.log.warn({ err }, 'committing consumed offsets failed; the next commit carries them');
    }
    if (this.closing || this.trailingCommit || payload.uncommittedOffsets().topics.length === 0) return;
    this.trailingCommit = setTimeout(() => {
      this.trailingCommit = undefined;
      if (this.closing) return;
      // Explicit offsets: kafkajs's own interval check (Date.now) could find a timer that fired on time a millisecond early.
      payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()).catch((err: unknown) => this.log.warn({ err }, 'trailing offset commit failed; the next commit carries the offsets'));
    }, this.commitIntervalMs);
    this.trailingCommit.unref();
  }

  /**
   * One Kafka batch (one partition), in offset order: consecutive records of `transaction: 'batch'` handlers are
   * applied together in one transaction (at most `batchMaxRecords`); every other record alone. An offset is resolved
   * only after its record's transaction committed (or it was dead-lettered), so what is committed ({@link commitResolved}, at most every `commitIntervalMs`)
   * never runs ahead of the database. Heartbeats between transactions keep a long batch in the group.
   */
  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    try {
      await this.applyBatch(payload);
    } catch (err) {
      // As kafkajs does for a failed batch: what was applied before the failure is committed at once (kafkajs may rejoin
      // the group after the error, which drops offsets resolved and not committed).
      await this.commitResolved(payload, true);
      throw err;
    }
    await this.commitResolved(payload, false);
  }

  /** The records of one batch, as {@link consumeBatch} says. */
  private async applyBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const step: Step = { resolveOffset, heartbeat };
    let pending: ConsumedEvent[] = [];
    let pendingMode: 'batch' | 'together' = 'batch';
    const flush = async () => {
      if (pending.length === 0) return;
      const records = pending;
      pending = [];
      await (pendingMode === 'batch' ? this.applyTogether(records, step) : this.handOverTogether(records, step));
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      const record = this.decode(batch.topic, batch.partition, message);
      const mode = record.kind === 'event' ? groupable(record.route) : null;
      if (record.kind === 'event' && mode) {
        if (mode !== pendingMode) await flush();
        pendingMode = mode;
        pending.push(record);
        if (pending.length >= this.batchMaxRecords) await flush();
        continue;
      }
      await flush();
      await this.applyAlone(record, step);
    }
    if (isRunning() && !isStale()) await flush();
  }

  /**
   * Hands `records` to their {@link ConsumeEventsTogether} handler together (calls started in offset order, awaited
   * together); when any fails, handles each again alone ({@link applyAlone}: retries, dead-lettering).
   */
  private async handOverTogether(records: ConsumedEvent[], step: Step): Promise<void> {
    const [first] = records;
    const last = records[records.length - 1];
    if (!first || !last) return;
    if (records.length === 1) return this.applyAlone(first, step);
    const results = await Promise.allSettled(records.map((record) => this.applyOnce(record, step)));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      this.log.warn({ topic: first.topic, partition: first.partition, fromOffset: first.message.offset, toOffset: last.message.offset, records: records.length, failed: failed.length, err: (failed[0] as PromiseRejectedResult).reason as unknown }, 'handing a batch over together failed; handling its records one by one');
      for (const record of records) await this.applyAlone(record, step);
      return;
    }
    this.metrics?.messages.inc({ topic: first.topic, outcome: 'handled' }, records.length);
    step.resolveOffset(last.message.offset);
    await step.heartbeat();
  }

  /**
   * Applies `records` (same partition, in order) in one transaction: one inbox claim statement for all, then each new
   * record's handler. When that transaction fails, falls back to one transaction per record ({@link applyAlone}), so
   * the record that failed is retried and dead-lettered on its own while the others are applied.
   */
  private async applyTogether(records: ConsumedEvent[], step: Step): Promise<void> {
    const [first] = records;
    const last = records[records.length - 1];
    if (!first || !last) return;
    if (records.length === 1) return this.applyAlone(first, step);
    const transactions = this.inboxTransactions();
    const failed = new HandlerFailureWitness<ConsumedEvent>();
    try {
      await transactions.run(async (tx) => {
        const fresh = await transactions.claim(tx, records.map(claimOf));
        for (const [i, record] of records.entries()) if (fresh[i]) await failed.watch(record, () => this.callHandler(record, tx));
      });
    } catch (err) {
      this.metrics?.batches?.inc({ topic: first.topic, outcome: 'split' });
      this.log.warn({ topic: first.topic, partition: first.partition, fromOffset: first.message.offset, toOffset: last.message.offset, records: records.length, err }, 'batch transaction failed; applying its records one by one');
      for (const record of records) await this.applyAlone(record, step, failed.priorFailuresOf(record));
      return;
    }
    this.metrics?.batches?.inc({ topic: first.topic, outcome: 'committed' });
    this.metrics?.messages.inc({ topic: first.topic, outcome: 'handled' }, records.length);
    step.resolveOffset(last.message.offset);
    await step.heartbeat();
  }

  /**
   * Applies one record with the retry and dead-letter rules of this class (see the class comment), then resolves its
   * offset. An infrastructure outage that outlasts the in-process attempts throws, leaving the offset unresolved.
   */
  private async applyAlone(record: ConsumedRecord, step: Step, priorFailures = 0): Promise<void> {
    if (record.kind === 'refused') {
      await this.deadLetter(record, record.reason, record.detail);
    } else {
      await this.applyWithRetries(record, step, priorFailures);
    }
    step.resolveOffset(record.message.offset);
    await step.heartbeat();
  }

  /** `priorFailures`: failed attempts already made in a batch transaction (counted toward the cap; see {@link HandlerFailureWitness}). */
  private async applyWithRetries(record: ConsumedEvent, step: Step, priorFailures = 0): Promise<void> {
    const { topic } = record;
    const bindings = { topic, partition: record.partition, offset: record.message.offset, eventId: record.event.id, correlationId: record.event.correlationId };
    let recordFailures = priorFailures;
    let outageAttempts = 0;
    for (;;) {
      try {
        await this.applyOnce(record, step);
        this.metrics?.messages.inc({ topic, outcome: 'handled' });
        return;
      } catch (err) {
        this.warnIfFilterMissing(err);
        if (isPermanentFailure(err)) {
          this.log.warn({ ...bindings, err }, 'permanent handler failure; dead-lettering');
          await this.deadLetter(record, 'handler', err instanceof Error ? err.message : String(err), recordFailures + 1);
          return;
        }
        let delayMs: number;
        if (isInfrastructureUnavailable(err)) {
          outageAttempts++;
          if (outageAttempts >= this.settings.maxAttempts) {
            this.log.error({ ...bindings, outageAttempts, err }, 'infrastructure unavailable; leaving offset uncommitted for redelivery');
            this.metrics?.messages.inc({ topic, outcome: 'failed' });
            throw err instanceof Error ? err : new Error(String(err));
          }
          delayMs = this.retryPolicy.delayMs(outageAttempts);
        } else {
          recordFailures++;
          const decision = this.retryPolicy.decide(recordFailures);
          if (decision.kind === 'dead_letter') {
            this.log.error({ ...bindings, attempts: recordFailures, err }, 'handler failed on every attempt; dead-lettering');
            await this.deadLetter(record, 'retries_exhausted', deadLetterErrorText(err, 4000), recordFailures);
            return;
          }
          delayMs = decision.delayMs;
        }
        this.metrics?.messages.inc({ topic, outcome: 'retried' });
        this.log.warn({ ...bindings, recordFailures, outageAttempts, retryInMs: delayMs, err }, 'handler failure; retrying');
        await sleep(delayMs);
        await step.heartbeat();
      }
    }
  }

  /** One attempt at one record: inbox claim and handler in one transaction, the `own` handler with its `once`, or the plain handler. */
  private async applyOnce(record: ConsumedEvent, step: Step): Promise<void> {
    if (record.route.kind === 'plain' || record.route.kind === 'together') {
      if (!this.consumer || !this.producer) throw new Error('consumer not connected');
      await this.callHandler(record, new KafkaContext([record.message, record.partition, record.topic, this.consumer, step.heartbeat, this.producer]));
      return;
    }
    const transactions = this.inboxTransactions();
    if (record.route.transaction === 'own') {
      const own: OwnTransaction = {
        once: (work) =>
          transactions.run(async (tx) => {
            const [fresh] = await transactions.claim(tx, [claimOf(record)]);
            return fresh ? { duplicate: false as const, result: await work(tx) } : { duplicate: true as const };
          }),
      };
      await this.callHandler(record, own);
      return;
    }
    await transactions.run(async (tx) => {
      const [fresh] = await transactions.claim(tx, [claimOf(record)]);
      if (fresh) await this.callHandler(record, tx);
    });
  }

  /** Calls the Nest handler of the record's topic with the parsed envelope and `context` (a transaction, or for plain handlers the Kafka context). */
  private async callHandler(record: ConsumedEvent, context: unknown): Promise<void> {
    await this.handleEvent(record.topic, { pattern: record.topic, data: record.event }, context as KafkaContext);
  }

  /** Parses the record's value (JSON, else the raw text) against its topic's contract. */
  private decode(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
    RoundTripMeter.get().kafka('consumed');
    const base = { topic, partition, message };
    const contract = this.contractsByTopic.get(topic);
    if (!contract) return { ...base, kind: 'refused', reason: 'no_contract', detail: `no contract registered for topic ${topic}` };
    const text = message.value?.toString('utf8') ?? null;
    let value: unknown = text;
    if (text !== null) {
      try {
        value = JSON.parse(text) as unknown;
      } catch {
        value = text;
      }
    }
    const parsed = contract.envelope.safeParse(value);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      return { ...base, kind: 'refused', reason: 'schema', detail };
    }
    return { ...base, kind: 'event', event: parsed.data as ConsumedEvent['event'], route: this.routeOf(topic) };
  }

  private routeOf(topic: string): Route {
    const extras = this.messageHandlers.get(topic)?.extras as Record<string, unknown> | undefined;
    if (extras?.[CONSUME_TOGETHER_EXTRAS] === true) return { kind: 'together' };
    const declared = extras?.[CONSUME_EVENT_EXTRAS] as ConsumeEventOptions | undefined;
    return declared ? { kind: 'inbox', group: declared.group ?? this.groupId, transaction: declared.transaction ?? 'batch' } : { kind: 'plain' };
  }

  private inboxTransactions(): InboxTransactions {
    if (!this.transactions) throw new Error('no inbox store configured');
    return this.transactions;
  }

  private filterWarningGiven = false;

  /** Nest's default RPC filter turns errors into `{ status: 'error' }`, losing `retriable`. */
  private warnIfFilterMissing(err: unknown): void {
    if (this.filterWarningGiven || err instanceof Error || typeof err !== 'object' || err === null || (err as { status?: unknown }).status !== 'error') return;
    this.filterWarningGiven = true;
    this.log.error('handler errors reach the consumer as Nest RPC error objects: attach the transport with connectContractConsumer() so RethrowRpcExceptionFilter applies');
  }

  /**
   * Copies the record to `<topic>.dlq` (original key, value and headers) with the reason, error, attempts (count of
   * failed handler attempts; 0 when no handler ran) and origin (topic, partition, offset, group) in headers, acks=all.
   */
  private async deadLetter(record: { topic: string; partition: number; message: KafkaMessage }, reason: string, error: string, attempts = 0): Promise<void> {
    const { message, topic, partition } = record;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined && v !== null) headers[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
    Object.assign(headers, {
      [KAFKA_HEADERS.dlqReason]: reason,
      [KAFKA_HEADERS.dlqError]: error.slice(0, 4000),
      [KAFKA_HEADERS.dlqOriginalTopic]: topic,
      [KAFKA_HEADERS.dlqOriginalPartition]: String(partition),
      [KAFKA_HEADERS.dlqOriginalOffset]: message.offset,
      [KAFKA_HEADERS.dlqConsumerGroup]: this.groupId,
      [KAFKA_HEADERS.dlqFailedAt]: new Date().toISOString(),
      [KAFKA_HEADERS.dlqAttempts]: String(attempts),
    });
    const key = message.key === null ? null : message.key.toString();
    if (!this.producer) throw new Error('consumer producer not connected');
    await this.producer.send({ topic: deadLetterTopic(topic), acks: -1, messages: [{ key, value: message.value, headers }] });
    RoundTripMeter.get().kafka('produced');
    this.metrics?.messages.inc({ topic, outcome: 'dead_lettered' });
    this.metrics?.deadLetters?.inc({ source: 'kafka_consumer', queue: topic, reason });
    this.log.warn({ topic, partition, offset: message.offset, reason, error }, 'message dead-lettered');
  }
}

/** Offset bookkeeping of the batch being consumed. */
interface Step {
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
}

/** How a topic's handler is applied: claimed in the inbox inside a transaction ({@link ConsumeEvent}), handed a batch together ({@link ConsumeEventsTogether}), or called as is. */
type Route = { kind: 'inbox'; group: string; transaction: 'batch' | 'own' } | { kind: 'together' } | { kind: 'plain' };

/** How consecutive records of a route are grouped within a Kafka batch, or null when each is handled alone. */
function groupable(route: Route): 'batch' | 'together' | null {
  if (route.kind === 'together') return 'together';
  return route.kind === 'inbox' && route.transaction === 'batch' ? 'batch' : null;
}

interface RecordOrigin {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/** A record that parsed against its contract. */
interface ConsumedEvent extends RecordOrigin {
  kind: 'event';
  event: { id: string; correlationId: string; type: string };
  route: Route;
}

/** A record refused before any handler ran (no contract, schema failure): dead-lettered. */
interface RefusedRecord extends RecordOrigin {
  kind: 'refused';
  reason: string;
  detail: string;
}

type ConsumedRecord = ConsumedEvent | RefusedRecord;

function claimOf(record: ConsumedEvent): InboxClaim {
  if (record.route.kind !== 'inbox') throw new Error(`topic ${record.topic} has no inbox route`);
  return { group: record.route.group, eventId: record.event.id, topic: record.topic };
}
