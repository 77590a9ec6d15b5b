import { type ClickHouseClient } from '@clickhouse/client';
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ClickHouseSettings, createReportingClickHouse } from './clickhouse-client.factory';
import { CLICKHOUSE_CLIENT } from './clickhouse.tokens';

/** Provides {@link CLICKHOUSE_CLIENT} to every reporting module; closes it on shutdown. */
@Global()
@Module({})
export class ClickHouseModule implements OnApplicationShutdown {
  constructor(@Inject(CLICKHOUSE_CLIENT) private readonly client: ClickHouseClient) {}

  static forRoot(settings: ClickHouseSettings): DynamicModule {
    return {
      module: ClickHouseModule,
      providers: [{ provide: CLICKHOUSE_CLIENT, useFactory: () => createReportingClickHouse(settings) }],
      exports: [CLICKHOUSE_CLIENT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
