import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { type BaseServiceEnv } from '@textback/config';
import { ContractKafkaServer, createKafkaClient, KafkaRecordProducer } from '@textback/kafka';
import { createMetricsRegistry, createRootLogger, deadLetterCounter, HealthController, METRICS_REGISTRY, MetricsController, READINESS_PROBES } from '@textback/observability';
import { createServiceDataSource, DatabaseWakeups, inboxTransactions, OutboxRelay, TRANSACTION_RUNNER, type TransactionRunner, TypeormTransactionRunner } from '@textback/persistence';
import { type Kafka } from 'kafkajs';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream, type Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { MetricsPortLifecycle } from './metrics-port.lifecycle';
import { PlatformLifecycle } from './platform-lifecycle';
import { DATA_SOURCE, KAFKA_CLIENT, PLATFORM_ENV, ROOT_LOGGER, SERVICE_DEFINITION } from './platform.tokens';
import { databaseProbe, kafkaProbe, outboxProbe } from './probes';
import { type ServiceDefinition } from './service-definition';

/** Test hooks: fault injection for the outbox relay; where the root logger writes (default stdout). */
export interface PlatformTestHooks {
  outboxFaults?: ConstructorParameters<typeof OutboxRelay>[2]['faults'];
  logDestination?: DestinationStream;
}

/**
 * The infrastructure every service shares, wired once: JSON logging (pino, redacted), metrics
 * (`/metrics` on HTTP_PORT, or on METRICS_PORT only when set), health (`/health/live`, `/health/ready`), the service's PostgreSQL data source
 * and {@link TRANSACTION_RUNNER} (outbox + inbox), the service's {@link DatabaseWakeups} (one LISTEN connection that
 * wakes the outbox relay and the service's queue workers), the Kafka producer, the outbox relay and,
 * when the service consumes topics, the {@link ContractKafkaServer} transport. Global, so
 * feature modules inject the tokens without importing it again.
 */
@Module({})
export class ServicePlatformModule {
  static forService(definition: ServiceDefinition, env: BaseServiceEnv, hooks: PlatformTestHooks = {}): DynamicModule {
    const rootLogger = createRootLogger(definition.name, env.LOG_LEVEL, hooks.logDestination);
    const consumes = definition.consumes.length > 0;
    return {
      module: ServicePlatformModule,
      global: true,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: {
            logger: rootLogger,
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            customProps: (req) => {
              const id = req.headers['x-correlation-id'];
              return typeof id === 'string' ? { correlationId: id } : {};
            },
          },
        }),
      ],
      // With METRICS_PORT, /metrics answers only on that port (MetricsPortLifecycle), never on HTTP_PORT.
      controllers: env.METRICS_PORT === undefined ? [HealthController, MetricsController] : [HealthController],
      providers: [
        { provide: SERVICE_DEFINITION, useValue: definition },
        { provide: PLATFORM_ENV, useValue: env },
        { provide: ROOT_LOGGER, useValue: rootLogger },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(definition.name) },
        {
          provide: DATA_SOURCE,
          useFactory: async () => {
            const ds = createServiceDataSource({
              url: env.DATABASE_URL,
              schema: definition.schema,
              applicationName: definition.name,
              poolSize: env.DATABASE_POOL_SIZE,
              connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
              statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
              entities: definition.entities ?? [],
              migrations: definition.migrations,
            });
            return ds.initialize();
          },
        },
        { provide: DatabaseWakeups, useFactory: () => new DatabaseWakeups({ databaseUrl: env.DATABASE_URL, applicationName: `${definition.name}:wakeups` }, rootLogger.child({ component: 'wakeups' })) },
        { provide: TRANSACTION_RUNNER, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new TypeormTransactionRunner(ds, definition.schema) },
        { provide: KAFKA_CLIENT, useFactory: () => createKafkaClient({ clientId: definition.name, brokers: env.KAFKA_BROKERS }, rootLogger.child({ component: 'kafka' })) },
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
                databaseUrl: env.DATABASE_URL,
                wakeups,
                batchSize: env.OUTBOX_BATCH_SIZE,
                pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
                lingerMs: env.OUTBOX_LINGER_MS,
                maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
                maxBatchBytes: env.OUTBOX_MAX_BATCH_BYTES,
                deadLetters: deadLetterCounter(registry),
                ...(hooks.outboxFaults ? { faults: hooks.outboxFaults } : {}),
              },
              rootLogger.child({ component: 'outbox-relay' }),
            ),
        },
        ...(consumes
          ? [
              {
                provide: ContractKafkaServer,
                inject: [METRICS_REGISTRY, TRANSACTION_RUNNER],
                useFactory: (registry: Registry, runner: TransactionRunner) =>
                  new ContractKafkaServer(
                    {
                      clientId: definition.name,
                      brokers: env.KAFKA_BROKERS,
                      partitions: env.KAFKA_TOPIC_PARTITIONS,
                      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
                      maxAttempts: env.CONSUMER_MAX_ATTEMPTS,
                      retryBaseDelayMs: env.CONSUMER_RETRY_BASE_MS,
                      retryMaxDelayMs: env.CONSUMER_RETRY_MAX_DELAY_MS,
                      partitionsConsumedConcurrently: env.CONSUMER_CONCURRENCY ?? definition.consumerConcurrency ?? 3,
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
            ]
          : []),
        {
          provide: READINESS_PROBES,
          inject: [DATA_SOURCE, KafkaRecordProducer, OutboxRelay, ...(consumes ? [ContractKafkaServer] : [])],
          useFactory: (ds: DataSource, producer: KafkaRecordProducer, relay: OutboxRelay, server?: ContractKafkaServer) => {
            const wanted = new Set(definition.readiness ?? ['database', 'kafka', 'outbox']);
            return [
              ...(wanted.has('database') ? [databaseProbe(ds)] : []),
              ...(wanted.has('kafka') ? [kafkaProbe(producer, server)] : []),
              ...(wanted.has('outbox') ? [outboxProbe(relay)] : []),
            ];
          },
        },
        PlatformLifecycle,
        MetricsPortLifecycle,
      ],
      exports: [READINESS_PROBES, SERVICE_DEFINITION, PLATFORM_ENV, ROOT_LOGGER, METRICS_REGISTRY, DATA_SOURCE, TRANSACTION_RUNNER, DatabaseWakeups, KAFKA_CLIENT, KafkaRecordProducer, OutboxRelay, ...(consumes ? [ContractKafkaServer] : [])],
    };
  }
}

export type { Logger };
