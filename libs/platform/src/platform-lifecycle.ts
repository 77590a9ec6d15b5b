import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import { type BaseServiceEnv } from '@textback/config';
import { KafkaRecordProducer, provisionTopics } from '@textback/kafka';
import { DatabaseWakeups, OutboxRelay } from '@textback/persistence';
import { type Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { type DataSource } from 'typeorm';
import { CONSUMER_TRANSPORT, DATA_SOURCE, KAFKA_CLIENT, PLATFORM_ENV, ROOT_LOGGER, SERVICE_DEFINITION } from './platform.tokens';
import { type ServiceDefinition } from './service-definition';

/**
 * Starts and stops the shared infrastructure in a safe order.
 * Start: LISTEN for wake-ups, create topics (+ DLQs), connect the producer, then (after bootstrap) start the outbox
 * relay (the embedded mode has none of Kafka and relay: only the wake-ups). Stop (SIGTERM): stop consuming and finish in-flight messages, stop the relay after its
 * batch, flush and disconnect the producer, then close the wake-up connection and the database last (after HTTP
 * drained and every worker stopped).
 */
@Injectable()
export class PlatformLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
    @Inject(PLATFORM_ENV) private readonly env: BaseServiceEnv,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    private readonly wakeups: DatabaseWakeups,
    @Optional() @Inject(KAFKA_CLIENT) private readonly kafka?: Kafka,
    @Optional() private readonly producer?: KafkaRecordProducer,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() @Inject(CONSUMER_TRANSPORT) private readonly server?: { close(): unknown },
  ) {}

  async onModuleInit(): Promise<void> {
    await this.wakeups.start();
    // Embedded mode: no Kafka (the in-process bus reads the outbox tables), nothing to provision or connect.
    if (!this.kafka || !this.producer) return;
    const created = await provisionTopics(this.kafka, [...this.definition.consumes, ...this.definition.produces], {
      partitions: this.env.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: this.env.KAFKA_REPLICATION_FACTOR,
    });
    if (created.length > 0) this.log.info({ topics: created }, 'created topics');
    await this.producer.connect();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay?.start();
    this.log.info({ service: this.definition.name }, 'service started');
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.log.info({ signal }, 'shutting down: stopping consumer');
    await this.server?.close();
    await this.relay?.stop();
    await this.producer?.disconnect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.wakeups.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.log.info('shutdown complete');
    this.log.flush();
  }
}
