import { setTimeout as sleep } from 'node:timers/promises';
import { deadLetterTopic, type Contract } from '@textback/contracts';
import { type KafkaContext, ServerKafka, type ReadPacket } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { type Logger } from 'pino';
import { type Counter } from 'prom-client';
import { isPermanentFailure, retryDelayMs } from './consumer-failure';
import { createKafkaClient } from './kafka-client.factory';
import { KAFKA_HEADERS, type KafkaOptions } from './kafka.options';

/** Consumer state as seen by readiness checks. */
export type ConsumerState = 'starting' | 'connected' | 'rebalancing' | 'stopped' | 'crashed' | 'disconnected';

/** Metrics the server reports; optional so tests can run without a registry. */
export interface ConsumerMetrics {
  /** Labels: topic, outcome (handled | dead_lettered | retried | failed). */
  messages: Counter<'topic' | 'outcome'>;
}

/**
 * Nest Kafka transport (a custom strategy over `ServerKafka`) that makes every consumer safe:
 * 1. parses each record's value against the contract of its topic before any handler runs;
 *    a record that fails its schema goes to `<topic>.dlq` with the error in headers, and the
 *    consumer moves on;
 * 2. retries a transient handler failure in-process with exponential backoff up to
 *    `maxAttempts`, then fails the message back to kafkajs so its offset is NOT committed and it
 *    is redelivered (never dropped, never a tight crash loop);
 * 3. sends a permanent failure (error with `retriable === false`) to the dead-letter topic.
 * Handlers receive the parsed envelope (`@Payload()`), and de-duplicate by event id through the
 * inbox in their own transaction. Consumer group = `clientId` (no "-server" suffix); a new group
 * starts from the earliest offset so nothing published before it existed is missed.
 */
export class ContractKafkaServer extends ServerKafka {
  private readonly contractsByTopic: Map<string, Contract>;
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
    for (let attempt = 1; ; attempt++) {
      try {
        await super.handleEvent(pattern, { ...packet, data: parsed.data }, context);
        this.metrics?.messages.inc({ topic: pattern, outcome: 'handled' });
        return;
      } catch (err) {
        this.warnIfFilterMissing(err);
        if (isPermanentFailure(err)) {
          this.log.warn({ ...bindings, err }, 'permanent handler failure; dead-lettering');
          await this.deadLetter(context, 'handler', err instanceof Error ? err.message : String(err));
          return;
        }
        if (attempt >= this.settings.maxAttempts) {
          this.log.error({ ...bindings, attempt, err }, 'transient handler failure; leaving offset uncommitted for redelivery');
          this.metrics?.messages.inc({ topic: pattern, outcome: 'failed' });
          throw err instanceof Error ? err : new Error(String(err));
        }
        this.metrics?.messages.inc({ topic: pattern, outcome: 'retried' });
        this.log.warn({ ...bindings, attempt, err }, 'transient handler failure; retrying');
        await sleep(retryDelayMs(attempt, this.settings.retryBaseDelayMs ?? 100));
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

  /** Copies the record to `<topic>.dlq` with the reason and error in headers, acks=all. */
  private async deadLetter(context: KafkaContext, reason: string, error: string): Promise<void> {
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
    });
    const key = message.key === null || message.key === undefined ? null : String(message.key);
    await context.getProducer().send({ topic: deadLetterTopic(topic), acks: -1, messages: [{ key, value: raw, headers }] });
    this.metrics?.messages.inc({ topic, outcome: 'dead_lettered' });
    this.log.warn({ topic, partition: context.getPartition(), offset: message.offset, reason, error }, 'message dead-lettered');
  }
}
