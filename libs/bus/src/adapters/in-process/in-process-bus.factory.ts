import { type ReadinessProbe } from '@textback/observability';
import { type InProcessBusOptions, InProcessBusServer } from './in-process-bus.server';

/**
 * The embedded mode's bus for one consuming service (one consumer group): an {@link InProcessBusServer} to attach to the
 * service's Nest application with `connectBusConsumer` (which registers `RethrowRpcExceptionFilter` before the
 * listeners, as `connectContractConsumer` does for Kafka):
 *
 *     const server = createInProcessBusServer({ store, runner, group: definition.name, producerSchemas, contracts: definition.consumes,
 *       log, metrics, maxAttempts: env.CONSUMER_MAX_ATTEMPTS, retryBaseDelayMs: env.CONSUMER_RETRY_BASE_MS,
 *       retryMaxDelayMs: env.CONSUMER_RETRY_MAX_DELAY_MS, wakeups });
 *     connectBusConsumer(app, server); // before app.init(); app.startAllMicroservices() starts it
 *
 * Nothing is read or started until Nest calls `listen` (`app.startAllMicroservices()`); `close` stops it.
 * @throws Error when `options.store` is not the embedded (PGlite) store.
 */
export function createInProcessBusServer(options: InProcessBusOptions): InProcessBusServer {
  return new InProcessBusServer(options);
}

/** Readiness of an in-process bus: its loops run (not starting, stopped, or crashed at start). Name `bus`. */
export function inProcessBusProbe(server: InProcessBusServer): ReadinessProbe {
  return {
    name: 'bus',
    check: () => (server.busState === 'running' ? Promise.resolve() : Promise.reject(new Error(`in-process bus ${server.busState}`))),
  };
}
