import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/**
 * Largest job value accepted, in cents: $1,000,000 — far above any job a home-service or
 * professional office books from a missed call, and far below PostgreSQL's `integer` limit
 * (2,147,483,647), so a typo or a hostile value gets 400 instead of an overflow (500) or a
 * dashboard ruined by one lead.
 */
export const MAX_JOB_VALUE_CENTS = 100_000_000;

/**
 * Body of `POST /v1/leads/:id/outcome`: mark the lead won (with the job's value) or lost. Only
 * roles in `OUTCOME_RECORDING_ROLES` (@textback/auth) may send it (403 otherwise).
 */
export class LeadOutcomeRequestDto {
  @ApiProperty({ enum: ['won', 'lost'] })
  @IsIn(['won', 'lost'])
  outcome!: 'won' | 'lost';

  @ApiPropertyOptional({ description: 'Actual value of the job, in whole cents (0 to 100,000,000 = $1M).', minimum: 0, maximum: MAX_JOB_VALUE_CENTS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_JOB_VALUE_CENTS)
  actualValueCents?: number;

  @ApiPropertyOptional({ description: 'Why the lead was lost.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
