import { BadRequestException, Controller, Get, NotFoundException, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JwtAuthGuard, type ScopedRequest } from '@textback/auth';
import { type ReportPrincipal } from '../auth/report-principal.types';
import { ReportException, ReportExceptionCode } from './report.exception';
import { ReportRequestDto, TrendRequestDto } from './report-request.dto';
import { type FunnelReport, type RoiReport, ReportService, type TrendReport } from './report.service';

/** Maps report domain errors to HTTP (exhaustive). */
function toHttp(err: unknown): never {
  if (err instanceof ReportException) {
    switch (err.code) {
      case ReportExceptionCode.NOT_FOUND:
        throw new NotFoundException(err.message);
      case ReportExceptionCode.BAD_RANGE:
        throw new BadRequestException(err.message);
    }
  }
  throw err;
}

function principalOf(req: ScopedRequest): ReportPrincipal {
  if (!req.accessScope) throw new Error('JwtAuthGuard did not run');
  return req.accessScope;
}

/** The ROI API: funnel, trend and per-location ROI of a tenant, scoped by the caller's JWT. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiNotFoundResponse({ description: 'Tenant, region or location not visible to the caller' })
@UseGuards(JwtAuthGuard)
@Controller('v1/tenants/:tenantId')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('locations')
  @ApiOperation({ summary: 'Locations the caller may report on (for filters)' })
  async locations(@Param('tenantId') tenantId: string, @Req() req: ScopedRequest) {
    try {
      return { locations: await this.reports.visibleLocations(principalOf(req), tenantId) };
    } catch (err) {
      toHttp(err);
    }
  }

  @Get('reports/funnel')
  @ApiOperation({ summary: 'Missed call → first text → reply → qualified → booked → won → revenue, with cost and ROI' })
  @ApiOkResponse({ description: 'Totals over the range; counts, cents, seconds; breakdown by reason' })
  async funnel(@Param('tenantId') tenantId: string, @Query() q: ReportRequestDto, @Req() req: ScopedRequest): Promise<FunnelReport> {
    try {
      return await this.reports.funnel(principalOf(req), tenantId, q);
    } catch (err) {
      toHttp(err);
    }
  }

  @Get('reports/trend')
  @ApiOperation({ summary: 'Measures per local day, ISO week or month, optionally split by tenant, region, location or tracking source' })
  async trend(@Param('tenantId') tenantId: string, @Query() q: TrendRequestDto, @Req() req: ScopedRequest): Promise<TrendReport> {
    try {
      return await this.reports.trend(principalOf(req), tenantId, q, q.grain ?? 'day', q.groupBy);
    } catch (err) {
      toHttp(err);
    }
  }

  @Get('reports/roi')
  @ApiOperation({ summary: 'ROI per location: recovered revenue (won actual + booked estimate) over SMS and platform cost' })
  async roi(@Param('tenantId') tenantId: string, @Query() q: ReportRequestDto, @Req() req: ScopedRequest): Promise<RoiReport> {
    try {
      return await this.reports.roi(principalOf(req), tenantId, q);
    } catch (err) {
      toHttp(err);
    }
  }
}
