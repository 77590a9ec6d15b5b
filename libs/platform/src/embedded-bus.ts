import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { type BaseServiceEnv } from '@textback/config';
import { type DatabaseWakeups, type RelationalStore, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
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
  log: Logger;
}

/**
 * THE ONE PLACE the embedded mode creates a service's consumer transport (ServicePlatformModule provides its result as
 * {@link EMBEDDED_BUS_SERVER}; `connectContractConsumer` connects it like the Kafka server in the distributed mode).
 *
 * TODO(bus): return `createInProcessBusServer(...)` from `libs/bus` (`@textback/bus`) built from `context`. Until then it
 * returns {@link PendingBusServer}: handlers register, nothing is delivered; published events wait in the outbox
 * tables (durable), so the bus delivers them once plugged in.
 */
export function createEmbeddedBusServer(context: EmbeddedBusContext): BusServer {
  return new PendingBusServer(context.definition, context.log);
}

/**
 * Placeholder transport until the in-process bus lands: registers the service's handlers (so Nest starts), delivers
 * nothing, and says so at start. Not a bus.
 */
export class PendingBusServer extends Server implements CustomTransportStrategy {
  constructor(
    private readonly definition: ServiceDefinition,
    private readonly log: Logger,
  ) {
    super();
  }

  listen(callback: () => void): void {
    this.log.warn(
      { service: this.definition.name, consumes: this.definition.consumes.length },
      'embedded mode: the in-process bus is not plugged in yet (libs/bus createInProcessBusServer): events stay in the outbox tables, no handler runs',
    );
    callback();
  }

  close(): void {}

  on(): void {}

  unwrap<T>(): T {
    throw new Error('PendingBusServer has no underlying client');
  }
}
