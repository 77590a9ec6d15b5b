import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ReportingClient } from './reporting.client';
import { RoiSummaryController } from './roi-summary.controller';
import { RoiSummaryService } from './roi-summary.service';

/** The ROI screen's data, from reporting's ROI API as the signed-in user. */
@Module({
  imports: [AccountsModule],
  controllers: [RoiSummaryController],
  providers: [ReportingClient, RoiSummaryService],
})
export class ReportsModule {}
