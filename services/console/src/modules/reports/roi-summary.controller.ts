import { Controller, Get, HttpException, Query, UseGuards } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { SessionGuard, SignedInUser } from '../accounts/session.guard';
import { RoiSummaryRequestDto } from './dto/roi-summary.request.dto';
import { ReportingRefusal } from './reporting.client';
import { RoiSummaryService } from './roi-summary.service';
import { type RoiSummary } from './roi-summary.types';

/** `GET /api/reports/roi`: the ROI screen's data behind the console session (no bearer token in the browser). */
@Controller('api/reports')
@UseGuards(SessionGuard)
export class RoiSummaryController {
  constructor(private readonly roi: RoiSummaryService) {}

  @Get('roi')
  async summary(@SignedInUser() user: ConsoleUser, @Query() query: RoiSummaryRequestDto): Promise<RoiSummary> {
    try {
      return await this.roi.summary(user, query);
    } catch (err) {
      if (err instanceof ReportingRefusal) throw new HttpException({ statusCode: err.status, message: err.message }, err.status);
      throw err;
    }
  }
}
