import { type DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { ClickHouseModule } from './clickhouse/clickhouse.module';
import { type ReportingEnv } from './config/reporting.env';
import { type JwtSignatureBackend } from './modules/auth/jwt-verifier';
import { IngestModule } from './modules/ingest/ingest.module';
import { ReportsModule } from './modules/reports/reports.module';
import { reportingService } from './reporting.definition';

/** Root module of reporting: platform, ClickHouse, Kafka→ClickHouse ingestion, ROI API and page. */
@Module({})
export class AppModule {
  static forRoot(env: ReportingEnv, definition: ServiceDefinition = reportingService, jwtBackend?: JwtSignatureBackend): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService(definition, env),
        ClickHouseModule.forRoot({ url: env.CLICKHOUSE_URL, database: env.CLICKHOUSE_DATABASE, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD }),
        IngestModule,
        ReportsModule.forRoot(
          { smsPricePerSegmentCents: env.SMS_PRICE_PER_SEGMENT_CENTS, platformCostPerLocationMonthCents: env.PLATFORM_COST_PER_LOCATION_MONTH_CENTS },
          { ...(env.JWT_SECRET ? { secret: env.JWT_SECRET } : {}), ...(env.JWT_JWKS_URL ? { jwksUrl: env.JWT_JWKS_URL } : {}), ...(env.JWT_ISSUER ? { issuer: env.JWT_ISSUER } : {}), ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}) },
          jwtBackend,
        ),
      ],
    };
  }
}
