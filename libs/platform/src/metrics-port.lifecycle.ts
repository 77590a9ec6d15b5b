import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type BaseServiceEnv } from '@textback/config';
import { METRICS_REGISTRY, MetricsListener } from '@textback/observability';
import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { PLATFORM_ENV, ROOT_LOGGER } from './platform.tokens';

/**
 * Serves `/metrics` on METRICS_PORT (HTTP_HOST) from application bootstrap to shutdown, when the
 * variable is set; {@link ServicePlatformModule} then leaves `/metrics` off the public HTTP port.
 */
@Injectable()
export class MetricsPortLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener: MetricsListener;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: BaseServiceEnv,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {
    this.listener = new MetricsListener(registry);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.METRICS_PORT === undefined) return;
    const port = await this.listener.listen(this.env.METRICS_PORT, this.env.HTTP_HOST);
    this.log.info({ port }, 'metrics listening');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
  }
}
