import { type DynamicModule, Module } from '@nestjs/common';
import { AccessAuthModule, accessTokenOptionsFromEnv } from '@textback/auth';
import { ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { ClickHouseModule } from './clickhouse/clickhouse.module';
import { type ReportingEnv } from './config/reporting.env';
import { IngestModule } from './modules/ingest/ingest.module';
import { ReportsModule } from './modules/reports/reports.module';
import { reportingService } from './reporting.definition';

/** Root module of reporting: platform, ClickHouse, Kafka→ClickHouse ingestion, ROI API and page. */
@Module({})
export class AppModule {
  static forRoot(env: ReportingEnv, definition: ServiceDefinition = reportingService): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService(definition, env),
        ClickHouseModule.forRoot({ url: env.CLICKHOUSE_URL, database: env.CLICKHOUSE_DATABASE, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD }),
        IngestModule,
        AccessAuthModule.forRoot(accessTokenOptionsFromEnv(env)),
        ReportsModule.forRoot(
          { smsPricePerSegmentCents: env.SMS_PRICE_PER_SEGMENT_CENTS, platformCostPerLocationMonthCents: env.PLATFORM_COST_PER_LOCATION_MONTH_CENTS },
        ),
      ],
    };
  }
}
