import { type DynamicModule, Module } from '@nestjs/common';
import { AnalyticsStoreModule } from '@textback/analytics';
import { AccessAuthModule, accessTokenOptionsFromEnv } from '@textback/auth';
import { reportingAnalyticsConfig } from './analytics/reporting-analytics.config';
import { ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { type ReportingEnv } from './config/reporting.env';
import { IngestModule } from './modules/ingest/ingest.module';
import { ReportsModule } from './modules/reports/reports.module';
import { reportingService } from './reporting.definition';

/** Root module of reporting: platform, the analytics store (port; ClickHouse adapter here), Kafka→analytics ingestion, ROI API and page. */
@Module({})
export class AppModule {
  static forRoot(env: ReportingEnv, definition: ServiceDefinition = reportingService): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService(definition, env),
        AnalyticsStoreModule.forRoot(reportingAnalyticsConfig(env)),
        IngestModule,
        AccessAuthModule.forRoot(accessTokenOptionsFromEnv(env)),
        ReportsModule.forRoot(
          { smsPricePerSegmentCents: env.SMS_PRICE_PER_SEGMENT_CENTS, platformCostPerLocationMonthCents: env.PLATFORM_COST_PER_LOCATION_MONTH_CENTS },
        ),
      ],
    };
  }
}
