import { Controller, Get, Header, Inject } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { RoundTripMeter } from './round-trip.metrics';

/** Injection token of the service's prom-client Registry. */
export const METRICS_REGISTRY = Symbol('MetricsRegistry');

/**
 * Creates a registry with Node.js default metrics, the process's round-trip counters ({@link RoundTripMeter}) and a
 * `service` label on every series.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
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
