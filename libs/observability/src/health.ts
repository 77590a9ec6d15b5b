import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

/** A dependency that must be up for the service to take traffic. `check` throws when it is not. */
export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<void>;
}

/** Injection token: the service's readiness probes (database, Kafka, consumer, ...). */
export const READINESS_PROBES = Symbol('ReadinessProbes');

/**
 * `GET /health/live`: the process answers (no dependency checked, so a database outage does
 * not get the pod killed). `GET /health/ready`: every readiness probe passes within 3 s;
 * 503 with the failing probes otherwise.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.probes.map((probe) => () => this.run(probe)));
  }

  private async run(probe: ReadinessProbe): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(probe.name);
    try {
      await withTimeout(probe.check(), 3_000, `${probe.name} check timed out`);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
