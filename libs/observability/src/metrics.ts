import { Controller, Get, Header, Inject } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { RoundTripMeter } from './round-trip.metrics';

/** Injection token of the service's prom-client Registry. */
export const METRICS_REGISTRY = Symbol('MetricsRegistry');

/**
 * Creates a registry with Node.js default metrics, the process's round-trip counters ({@link RoundTripMeter}) and a
 * `service` label on every series. `eventLoopResolutionMs`: how often the event-loop delay histogram behind
 * `nodejs_eventloop_lag_*_seconds` samples (each sample is a wake-up of the process; prom-client's default is 10 ms).
 */
export function createMetricsRegistry(service: string, options: { eventLoopResolutionMs?: number } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, ...(options.eventLoopResolutionMs === undefined ? {} : { eventLoopMonitoringPrecision: options.eventLoopResolutionMs }) });
  RoundTripMeter.get().registerIn(registry);
  return registry;
}

/** `GET /metrics` in the Prometheus text exposition format. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
