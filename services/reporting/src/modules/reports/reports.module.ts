import { type DynamicModule, Module } from '@nestjs/common';
import { REPORTING_SETTINGS } from '../../clickhouse/clickhouse.tokens';
import { joseBackend, type JwtSettings, type JwtSignatureBackend, JwtVerifier } from '../auth/jwt-verifier';
import { ReportAuthGuard } from '../auth/report-auth.guard';
import { RoiPageController } from './roi-page.controller';
import { ReportController } from './report.controller';
import { ReportLocationRepository } from './report-location.repository';
import { ReportQueryRepository } from './report-query.repository';
import { ReportService } from './report.service';
import { type ReportingSettings } from './reporting-settings.types';

/** The ROI API and the built-in ROI page. */
@Module({})
export class ReportsModule {
  static forRoot(settings: ReportingSettings, jwt: JwtSettings, jwtBackend?: JwtSignatureBackend): DynamicModule {
    return {
      module: ReportsModule,
      controllers: [ReportController, RoiPageController],
      providers: [
        { provide: REPORTING_SETTINGS, useValue: settings },
        { provide: JwtVerifier, useFactory: () => new JwtVerifier(jwtBackend ?? joseBackend(jwt)) },
        ReportAuthGuard,
        ReportLocationRepository,
        ReportQueryRepository,
        ReportService,
      ],
      exports: [ReportService],
    };
  }
}
