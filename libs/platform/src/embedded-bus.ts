import { type CustomTransportStrategy, type Server } from '@nestjs/microservices';
import { createInProcessBusServer } from '@textback/bus';
import { type BaseServiceEnv } from '@textback/config';
import { deadLetterCounter } from '@textback/observability';
import { type DatabaseWakeups, type RelationalStore, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { type ServiceDefinition } from './service-definition';

/** Token of the embedded mode's consumer transport of one service (the in-process bus server), when it consumes. */
export const EMBEDDED_BUS_SERVER = Symbol('EmbeddedBusServer');

/** A Nest transport strategy: what `connectMicroservice({ strategy })` takes. */
export type BusServer = Server & CustomTransportStrategy;

/**
 * What the embedded mode hands the bus server of one service: the service's definition (`consumes`: topics, groups),
 * its data source and transaction runner (the inbox claim, handler writes and cursor move commit together), its
 * wake-ups (the outbox triggers' NOTIFYs), the process's relational store (to read the producers' outbox tables in
 * their schemas), its metrics registry (consumer and dead-letter counters) and a logger.
 */
export interface EmbeddedBusContext {
  definition: ServiceDefinition;
  env: BaseServiceEnv;
  store: RelationalStore;
  dataSource: DataSource;
  transactions: TransactionRunner;
  wakeups: DatabaseWakeups;
  registry: Registry;
  /** Schemas whose outbox the service's group reads: every service schema of the process ({@link processServiceSchemas}). */
  producerSchemas: readonly string[];
  log: Logger;
}

/**
 * THE ONE PLACE the embedded mode creates a service's consumer transport (ServicePlatformModule provides its result as
 * {@link EMBEDDED_BUS_SERVER}; `connectContractConsumer` connects it like the Kafka server in the distributed mode): the
 * in-process bus of `libs/bus` (`createInProcessBusServer`), one consumer group per service, reading the outbox tables
 * of every service schema of the process, with the Kafka consumer's attempts and retry delays (CONSUMER_* variables).
 * It creates its `bus` schema at `listen` (under the store's migration lock). It counts into the service's registry the
 * series the Kafka consumer does: `textback_consumer_messages_total{topic,outcome}` and `textback_dead_letters_total`.
 */
export function createEmbeddedBusServer(context: EmbeddedBusContext): BusServer {
  return createInProcessBusServer({
    store: context.store,
    runner: context.transactions,
    group: context.definition.name,
    producerSchemas: context.producerSchemas,
    contracts: context.definition.consumes,
    log: context.log,
    maxAttempts: context.env.CONSUMER_MAX_ATTEMPTS,
    retryBaseDelayMs: context.env.CONSUMER_RETRY_BASE_MS,
    retryMaxDelayMs: context.env.CONSUMER_RETRY_MAX_DELAY_MS,
    wakeups: context.wakeups,
    metrics: {
      messages: consumerMessagesCounter(context.registry),
      deadLetters: deadLetterCounter(context.registry),
    },
  });
}

/** `textback_consumer_messages_total{topic,outcome}` of `registry` (the Kafka consumer's series), created on first use. */
function consumerMessagesCounter(registry: Registry): Counter<'topic' | 'outcome'> {
  const existing = registry.getSingleMetric('textback_consumer_messages_total');
  if (existing) return existing as Counter<'topic' | 'outcome'>;
  return new Counter({ name: 'textback_consumer_messages_total', help: 'Consumed messages by topic and outcome', labelNames: ['topic', 'outcome'], registers: [registry] });
}
