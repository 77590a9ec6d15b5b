import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { DateTime } from 'luxon';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date that exists (ISO 8601 `YYYY-MM-DD`, checked by luxon): `2026-02-30` or
 * `2026-13-01` match the pattern but are not days, and are refused with 400.
 */
function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid,
      defaultMessage: (args) => `${args?.property ?? 'date'} must be an existing calendar date (YYYY-MM-DD)`,
    },
  });
}

/** Query of every report: an inclusive local-date range and optional filters. */
export class ReportRequestDto {
  @ApiProperty({ description: 'First local day (YYYY-MM-DD, in each location\'s time zone), inclusive', example: '2026-11-01' })
  @Matches(DATE)
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ description: 'Last local day (YYYY-MM-DD), inclusive', example: '2026-11-30' })
  @Matches(DATE)
  @IsCalendarDate()
  to!: string;

  @ApiPropertyOptional({ description: 'Only these locations (comma-separated or repeated)', type: [String] })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @IsString({ each: true })
  locationIds?: string[];

  @ApiPropertyOptional({ description: 'Only locations of this region' })
  @IsOptional()
  @IsString()
  regionId?: string;

  @ApiPropertyOptional({ description: 'Only leads from this tracking source (e.g. google-ads)' })
  @IsOptional()
  @IsString()
  trackingSource?: string;
}

/** Trend query: the report range plus a grain and an optional split. */
export class TrendRequestDto extends ReportRequestDto {
  @ApiPropertyOptional({ enum: ['day', 'week', 'month'], default: 'day' })
  @IsOptional()
  @IsIn(['day', 'week', 'month'])
  grain?: 'day' | 'week' | 'month';

  @ApiPropertyOptional({ enum: ['tenant', 'region', 'location', 'tracking_source'] })
  @IsOptional()
  @IsIn(['tenant', 'region', 'location', 'tracking_source'])
  groupBy?: 'tenant' | 'region' | 'location' | 'tracking_source';
}
