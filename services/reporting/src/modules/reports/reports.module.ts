import { type DynamicModule, Module } from '@nestjs/common';
import { REPORTING_CLOCK, REPORTING_SETTINGS, systemReportingClock } from './reports.constants';
import { RoiPageController } from './roi-page.controller';
import { ReportController } from './report.controller';
import { ReportLocationRepository } from './report-location.repository';
import { ReportQueryRepository } from './report-query.repository';
import { ReportService } from './report.service';
import { type ReportingSettings } from './reporting-settings.types';

/** The ROI API and the built-in ROI page. */
@Module({})
export class ReportsModule {
  static forRoot(settings: ReportingSettings): DynamicModule {
    return {
      module: ReportsModule,
      controllers: [ReportController, RoiPageController],
      providers: [
        { provide: REPORTING_SETTINGS, useValue: settings },
        { provide: REPORTING_CLOCK, useValue: systemReportingClock },
        ReportLocationRepository,
        ReportQueryRepository,
        ReportService,
      ],
      exports: [ReportService],
    };
  }
}
