import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type AnalyticsStoreConfig, createAnalyticsStore } from './analytics-store.factory';
import { ANALYTICS_STORE, type AnalyticsStore } from './port/analytics-store.port';

/** Provides {@link ANALYTICS_STORE} (adapter picked by {@link createAnalyticsStore}) to every module; closes it on shutdown. */
@Global()
@Module({})
export class AnalyticsStoreModule implements OnApplicationShutdown {
  constructor(@Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore) {}

  static forRoot(config: AnalyticsStoreConfig): DynamicModule {
    return {
      module: AnalyticsStoreModule,
      providers: [{ provide: ANALYTICS_STORE, useFactory: () => createAnalyticsStore(config) }],
      exports: [ANALYTICS_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
