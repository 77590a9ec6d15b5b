import { setTimeout as sleep } from 'node:timers/promises';
import { deadLetterTopic, type Contract } from '@textback/contracts';
import { type KafkaContext, ServerKafka, type ReadPacket } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { deadLetterErrorText, type DeadLetterLabel, isInfrastructureUnavailable, RetryPolicy, RoundTripMeter } from '@textback/observability';
import { type Logger } from 'pino';
import { type Counter } from 'prom-client';
import { isPermanentFailure } from './consumer-failure';
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
}

/**
 * Nest Kafka transport (a custom strategy over `ServerKafka`) that makes every consumer safe:
 * 1. parses each record's value against the contract of its topic before any handler runs;
 *    a record that fails its schema goes to `<topic>.dlq` with the error in headers, and the
 *    consumer moves on;
 * 2. retries a failing handler in-process with a capped exponential backoff ({@link RetryPolicy}:
 *    `retryBaseDelayMs` doubling, at most `retryMaxDelayMs` between attempts); after `maxAttempts`
 *    failed attempts the record goes to `<topic>.dlq` (reason `retries_exhausted`, with the error
 *    and the attempt count in headers) and the partition moves on: one bad record never stalls the
 *    records behind it;
 * 3. an infrastructure outage (database or broker unreachable, {@link isInfrastructureUnavailable})
 *    does not spend the record's attempts: after `maxAttempts` in-process tries the message is
 *    failed back to kafkajs uncommitted and redelivered, as often as it takes, never dead-lettered;
 * 4. sends a permanent failure (error with `retriable === false`) to the dead-letter topic at once.
 * Every record handed to it is counted as consumed in `textback_kafka_records_total` (a redelivery counts again),
 * every dead letter as produced.
 * Trade-off: a failure that is really transient but does not look like an outage (a lock timeout
 * lasting longer than the whole backoff, ~7.5 s with the defaults) is dead-lettered; the operator
 * replays it with `textback dead-letters replay` (consumers are idempotent, so a replay is safe).
 * Handlers receive the parsed envelope (`@Payload()`), and de-duplicate by event id through the
 * inbox in their own transaction. Consumer group = `clientId` (no "-server" suffix); a new group
 * starts from the earliest offset so nothing published before it existed is missed.
 */
export class ContractKafkaServer extends ServerKafka {
  private readonly contractsByTopic: Map<string, Contract>;
  private readonly retryPolicy: RetryPolicy;
  private state: ConsumerState = 'starting';

  constructor(
    private readonly settings: KafkaOptions,
    contracts: readonly Contract[],
    private readonly log: Logger,
    private readonly metrics?: ConsumerMetrics,
  ) {
    super({
      postfixId: '',
      client: { clientId: settings.clientId, brokers: settings.brokers },
      consumer: {
        groupId: settings.groupId ?? settings.clientId,
        sessionTimeout: 30_000,
        heartbeatInterval: 3_000,
        retry: { initialRetryTime: 500, retries: 10, maxRetryTime: 10_000 },
        allowAutoTopicCreation: false,
      },
      subscribe: { fromBeginning: true },
      run: { partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently ?? 3 },
      producer: { createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false },
    });
    this.contractsByTopic = new Map(contracts.map((c) => [c.topic, c]));
    this.retryPolicy = new RetryPolicy({ maxAttempts: settings.maxAttempts, baseDelayMs: settings.retryBaseDelayMs ?? 500, maxDelayMs: settings.retryMaxDelayMs ?? 10_000 });
    this.status.subscribe((s) => {
      this.state = s as ConsumerState;
    });
  }

  /** Uses our pino-backed kafkajs client instead of Nest's logger bridge. */
  override createClient<T = unknown>(): T {
    return createKafkaClient(this.settings, this.log) as T;
  }

  /** Current consumer state (for /health/ready). */
  get consumerState(): ConsumerState {
    return this.state;
  }

  override async handleEvent(pattern: string, packet: ReadPacket, context: KafkaContext): Promise<unknown> {
    const contract = this.contractsByTopic.get(pattern);
    const message = context.getMessage();
    RoundTripMeter.get().kafka('consumed');
    if (!contract) {
      await this.deadLetter(context, 'no_contract', `no contract registered for topic ${pattern}`);
      return;
    }
    const parsed = contract.envelope.safeParse(packet.data);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      await this.deadLetter(context, 'schema', detail);
      return;
    }
    const envelope = parsed.data as { id: string; correlationId: string; type: string };
    const bindings = { topic: pattern, partition: context.getPartition(), offset: message.offset, eventId: envelope.id, correlationId: envelope.correlationId };
    let recordFailures = 0;
    let outageAttempts = 0;
    for (;;) {
      try {
        await super.handleEvent(pattern, { ...packet, data: parsed.data }, context);
        this.metrics?.messages.inc({ topic: pattern, outcome: 'handled' });
        return;
      } catch (err) {
        this.warnIfFilterMissing(err);
        if (isPermanentFailure(err)) {
          this.log.warn({ ...bindings, err }, 'permanent handler failure; dead-lettering');
          await this.deadLetter(context, 'handler', err instanceof Error ? err.message : String(err), recordFailures + 1);
          return;
        }
        let delayMs: number;
        if (isInfrastructureUnavailable(err)) {
          outageAttempts++;
          if (outageAttempts >= this.settings.maxAttempts) {
            this.log.error({ ...bindings, outageAttempts, err }, 'infrastructure unavailable; leaving offset uncommitted for redelivery');
            this.metrics?.messages.inc({ topic: pattern, outcome: 'failed' });
            throw err instanceof Error ? err : new Error(String(err));
          }
          delayMs = this.retryPolicy.delayMs(outageAttempts);
        } else {
          recordFailures++;
          const decision = this.retryPolicy.decide(recordFailures);
          if (decision.kind === 'dead_letter') {
            this.log.error({ ...bindings, attempts: recordFailures, err }, 'handler failed on every attempt; dead-lettering');
            await this.deadLetter(context, 'retries_exhausted', deadLetterErrorText(err, 4000), recordFailures);
            return;
          }
          delayMs = decision.delayMs;
        }
        this.metrics?.messages.inc({ topic: pattern, outcome: 'retried' });
        this.log.warn({ ...bindings, recordFailures, outageAttempts, retryInMs: delayMs, err }, 'handler failure; retrying');
        await sleep(delayMs);
        await context.getHeartbeat()();
      }
    }
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
  private async deadLetter(context: KafkaContext, reason: string, error: string, attempts = 0): Promise<void> {
    const message = context.getMessage();
    const topic = context.getTopic();
    const value = message.value;
    const raw = value === null || value === undefined ? null : typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined && v !== null) headers[k] = String(v);
    Object.assign(headers, {
      [KAFKA_HEADERS.dlqReason]: reason,
      [KAFKA_HEADERS.dlqError]: error.slice(0, 4000),
      [KAFKA_HEADERS.dlqOriginalTopic]: topic,
      [KAFKA_HEADERS.dlqOriginalPartition]: String(context.getPartition()),
      [KAFKA_HEADERS.dlqOriginalOffset]: message.offset,
      [KAFKA_HEADERS.dlqConsumerGroup]: this.groupId,
      [KAFKA_HEADERS.dlqFailedAt]: new Date().toISOString(),
      [KAFKA_HEADERS.dlqAttempts]: String(attempts),
    });
    const key = message.key === null || message.key === undefined ? null : String(message.key);
    await context.getProducer().send({ topic: deadLetterTopic(topic), acks: -1, messages: [{ key, value: raw, headers }] });
    RoundTripMeter.get().kafka('produced');
    this.metrics?.messages.inc({ topic, outcome: 'dead_lettered' });
    this.metrics?.deadLetters?.inc({ source: 'kafka_consumer', queue: topic, reason });
    this.log.warn({ topic, partition: context.getPartition(), offset: message.offset, reason, error }, 'message dead-lettered');
  }
}
