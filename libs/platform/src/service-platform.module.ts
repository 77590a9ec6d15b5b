import { type DynamicModule, Inject, type MiddlewareConsumer, Module, type NestModule, type Provider, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { InProcessBusServer, inProcessBusProbe } from '@textback/bus';
import { type BaseServiceEnv } from '@textback/config';
import { ContractKafkaServer, createKafkaClient, KafkaRecordProducer } from '@textback/kafka';
import { createMetricsRegistry, createRootLogger, deadLetterCounter, HealthController, METRICS_REGISTRY, MetricsController, READINESS_PROBES } from '@textback/observability';
import { DatabaseWakeups, inboxTransactions, OutboxRelay, type RelationalStore, TRANSACTION_RUNNER, type TransactionRunner, TypeormTransactionRunner } from '@textback/persistence';
import { type Kafka } from 'kafkajs';
import { type DestinationStream, type Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { MetricsPortLifecycle } from './metrics-port.lifecycle';
import { PlatformLifecycle } from './platform-lifecycle';
import { createEmbeddedBusServer, EMBEDDED_BUS_SERVER } from './embedded-bus';
import { CONSUMER_TRANSPORT, DATA_SOURCE, KAFKA_CLIENT, PLATFORM_ENV, RELATIONAL_STORE, ROOT_LOGGER, SERVICE_DEFINITION } from './platform.tokens';
import { processRelationalStore, processServiceSchemas } from './process-relational-store';
import { requestLoggingMiddleware } from './request-logging';
import { databaseProbe, kafkaProbe, outboxProbe } from './probes';
import { type ServiceDefinition } from './service-definition';

/** Test hooks: fault injection for the outbox relay; where the root logger writes (default stdout). */
export interface PlatformTestHooks {
  outboxFaults?: ConstructorParameters<typeof OutboxRelay>[2]['faults'];
  logDestination?: DestinationStream;
}

/**
 * The infrastructure every service shares, wired once: JSON logging (pino, redacted), metrics
 * (`/metrics` on HTTP_PORT, or on METRICS_PORT only when set), health (`/health/live`, `/health/ready`), the service's
 * relational store ({@link RELATIONAL_STORE}: PostgreSQL at DATABASE_URL, else the process's embedded store, see
 * {@link processRelationalStore}), its data source on it and {@link TRANSACTION_RUNNER} (outbox + inbox), the service's
 * {@link DatabaseWakeups} (wakes the outbox relay and the service's queue workers), and the bus by mode:
 * - distributed (KAFKA_BROKERS set): the Kafka client and producer, the outbox relay and, when the service consumes
 *   topics, the {@link ContractKafkaServer} transport; readiness probes database, kafka, outbox.
 * - embedded (no KAFKA_BROKERS): no Kafka client, no relay, no kafka or outbox probe; when the service consumes, the
 *   in-process bus server from {@link createEmbeddedBusServer} (the one place it is created).
 * Either transport is also {@link CONSUMER_TRANSPORT}, which `connectContractConsumer` connects. Global, so feature
 * modules inject the tokens without importing it again.
 */
@Module({})
export class ServicePlatformModule implements NestModule {
  constructor(@Inject(ROOT_LOGGER) private readonly rootLogger: Logger) {}

  /**
   * The request log on every route, on this service's own root logger (`requestLoggingMiddleware`); `{/*splat}` also
   * matches `/` and a prefix's root (path-to-regexp v8).
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestLoggingMiddleware(this.rootLogger)).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }

  static forService(definition: ServiceDefinition, env: BaseServiceEnv, hooks: PlatformTestHooks = {}): DynamicModule {
    const rootLogger = createRootLogger(definition.name, env.LOG_LEVEL, hooks.logDestination);
    const consumes = definition.consumes.length > 0;
    const distributed = env.KAFKA_BROKERS !== undefined;
    return {
      module: ServicePlatformModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      // With METRICS_PORT, /metrics answers only on that port (MetricsPortLifecycle), never on HTTP_PORT.
      controllers: env.METRICS_PORT === undefined ? [HealthController, MetricsController] : [HealthController],
      providers: [
        { provide: SERVICE_DEFINITION, useValue: definition },
        { provide: PLATFORM_ENV, useValue: env },
        { provide: ROOT_LOGGER, useValue: rootLogger },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(definition.name, { eventLoopResolutionMs: env.METRICS_EVENT_LOOP_RESOLUTION_MS }) },
        { provide: RELATIONAL_STORE, useFactory: () => processRelationalStore(definition.name, env) },
        {
          provide: DATA_SOURCE,
          inject: [RELATIONAL_STORE],
          useFactory: async (store: RelationalStore) => {
            const ds = store.createDataSource({
              schema: definition.schema,
              applicationName: definition.name,
              poolSize: env.DATABASE_POOL_SIZE,
              poolIdleTimeoutMs: env.DATABASE_POOL_IDLE_TIMEOUT_MS,
              connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
              statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
              foldTransactionStart: env.DATABASE_FOLD_TRANSACTION_START,
              entities: definition.entities ?? [],
              migrations: definition.migrations,
            });
            return ds.initialize();
          },
        },
        { provide: DatabaseWakeups, inject: [RELATIONAL_STORE], useFactory: (store: RelationalStore) => store.createWakeups(`${definition.name}:wakeups`, rootLogger.child({ component: 'wakeups' })) },
        { provide: TRANSACTION_RUNNER, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new TypeormTransactionRunner(ds, definition.schema) },
        ...(distributed ? kafkaProviders(definition, env, rootLogger, hooks) : embeddedProviders(definition, env, rootLogger)),
        {
          provide: READINESS_PROBES,
          inject: [DATA_SOURCE, { token: KafkaRecordProducer, optional: true }, { token: OutboxRelay, optional: true }, { token: ContractKafkaServer, optional: true }, { token: EMBEDDED_BUS_SERVER, optional: true }],
          useFactory: (ds: DataSource, producer?: KafkaRecordProducer, relay?: OutboxRelay, server?: ContractKafkaServer, bus?: unknown) => {
            // The embedded mode has no Kafka and no relay: its bus reads the outbox tables in the process ('kafka' = the bus).
            const wanted = new Set(definition.readiness ?? ['database', 'kafka', 'outbox']);
            return [
              ...(wanted.has('database') ? [databaseProbe(ds)] : []),
              ...(wanted.has('kafka') && producer ? [kafkaProbe(producer, server)] : []),
              ...(wanted.has('kafka') && bus instanceof InProcessBusServer ? [inProcessBusProbe(bus)] : []),
              ...(wanted.has('outbox') && relay ? [outboxProbe(relay)] : []),
            ];
          },
        },
        PlatformLifecycle,
        MetricsPortLifecycle,
      ],
      exports: [
        READINESS_PROBES,
        SERVICE_DEFINITION,
        PLATFORM_ENV,
        ROOT_LOGGER,
        METRICS_REGISTRY,
        RELATIONAL_STORE,
        DATA_SOURCE,
        TRANSACTION_RUNNER,
        DatabaseWakeups,
        ...(distributed ? [KAFKA_CLIENT, KafkaRecordProducer, OutboxRelay, ...(consumes ? [ContractKafkaServer] : [])] : consumes ? [EMBEDDED_BUS_SERVER] : []),
        ...(consumes ? [CONSUMER_TRANSPORT] : []),
      ],
    };
  }
}

/**
 * The distributed mode's bus: today's Kafka client, producer, outbox relay and (when the service consumes) contract
 * consumer, exactly as before the ports.
 * @throws Error when KAFKA_BROKERS is set without DATABASE_URL (the relay's wake-ups need the server).
 */
function kafkaProviders(definition: ServiceDefinition, env: BaseServiceEnv, rootLogger: Logger, hooks: PlatformTestHooks): Provider[] {
  const brokers = env.KAFKA_BROKERS ?? [];
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl === undefined) throw new Error(`${definition.name}: KAFKA_BROKERS is set without DATABASE_URL`);
  return [
    { provide: KAFKA_CLIENT, useFactory: () => createKafkaClient({ clientId: definition.name, brokers, fixIdleLoop: env.KAFKAJS_IDLE_LOOP_FIX, requestTimeoutAtDeadline: env.KAFKAJS_REQUEST_TIMEOUT_AT_DEADLINE }, rootLogger.child({ component: 'kafka' })) },
    { provide: KafkaRecordProducer, inject: [KAFKA_CLIENT], useFactory: (kafka: Kafka) => new KafkaRecordProducer(kafka) },
    {
      provide: OutboxRelay,
      inject: [DATA_SOURCE, KafkaRecordProducer, METRICS_REGISTRY, DatabaseWakeups],
      useFactory: (ds: DataSource, producer: KafkaRecordProducer, registry: Registry, wakeups: DatabaseWakeups) =>
        new OutboxRelay(
          ds,
          producer,
          {
            schema: definition.schema,
            databaseUrl,
            wakeups,
            batchSize: env.OUTBOX_BATCH_SIZE,
            pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
            lingerMs: env.OUTBOX_LINGER_MS,
            maxLingerMs: env.OUTBOX_LINGER_MAX_MS,
            maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
            maxBatchBytes: env.OUTBOX_MAX_BATCH_BYTES,
            deadLetters: deadLetterCounter(registry),
            ...(hooks.outboxFaults ? { faults: hooks.outboxFaults } : {}),
          },
          rootLogger.child({ component: 'outbox-relay' }),
        ),
    },
    ...(definition.consumes.length > 0
      ? [
          {
            provide: ContractKafkaServer,
            inject: [METRICS_REGISTRY, TRANSACTION_RUNNER],
            useFactory: (registry: Registry, runner: TransactionRunner) =>
              new ContractKafkaServer(
                {
                  clientId: definition.name,
                  brokers,
                  partitions: env.KAFKA_TOPIC_PARTITIONS,
                  replicationFactor: env.KAFKA_REPLICATION_FACTOR,
                  maxAttempts: env.CONSUMER_MAX_ATTEMPTS,
                  retryBaseDelayMs: env.CONSUMER_RETRY_BASE_MS,
                  retryMaxDelayMs: env.CONSUMER_RETRY_MAX_DELAY_MS,
                  partitionsConsumedConcurrently: env.CONSUMER_CONCURRENCY ?? definition.consumerConcurrency ?? 3,
                  fetchMaxWaitMs: env.KAFKA_FETCH_MAX_WAIT_MS,
                  heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS,
                  sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
                  commitIntervalMs: env.KAFKA_COMMIT_INTERVAL_MS,
                  fixIdleLoop: env.KAFKAJS_IDLE_LOOP_FIX,
                  requestTimeoutAtDeadline: env.KAFKAJS_REQUEST_TIMEOUT_AT_DEADLINE,
                },
                definition.consumes,
                rootLogger.child({ component: 'consumer' }),
                {
                  messages: new Counter({ name: 'textback_consumer_messages_total', help: 'Consumed messages by topic and outcome', labelNames: ['topic', 'outcome'], registers: [registry] }),
                  deadLetters: deadLetterCounter(registry),
                  batches: new Counter({ name: 'textback_consumer_batch_transactions_total', help: 'Transactions that applied several records of one Kafka batch, by topic and outcome (committed | split: failed and retried record by record)', labelNames: ['topic', 'outcome'], registers: [registry] }),
                },
                inboxTransactions(runner),
              ),
          },
          { provide: CONSUMER_TRANSPORT, useExisting: ContractKafkaServer },
        ]
      : []),
  ];
}

/**
 * The embedded mode's bus: nothing but, when the service consumes, its in-process bus server
 * ({@link createEmbeddedBusServer}, the one place it is built). No Kafka client, no outbox relay.
 */
function embeddedProviders(definition: ServiceDefinition, env: BaseServiceEnv, rootLogger: Logger): Provider[] {
  if (definition.consumes.length === 0) return [];
  return [
    {
      provide: EMBEDDED_BUS_SERVER,
      inject: [RELATIONAL_STORE, DATA_SOURCE, TRANSACTION_RUNNER, DatabaseWakeups, METRICS_REGISTRY],
      useFactory: (store: RelationalStore, dataSource: DataSource, transactions: TransactionRunner, wakeups: DatabaseWakeups, registry: Registry) =>
        createEmbeddedBusServer({ definition, env, store, dataSource, transactions, wakeups, registry, producerSchemas: processServiceSchemas(), log: rootLogger.child({ component: 'bus' }) }),
    },
    { provide: CONSUMER_TRANSPORT, useExisting: EMBEDDED_BUS_SERVER },
  ];
}

export type { Logger };
