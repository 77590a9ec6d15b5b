import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

/** Query of `GET /v1/leads`. */
export class LeadListRequestDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ enum: ['new', 'engaged', 'qualified', 'booked', 'won', 'lost'] })
  @IsOptional()
  @IsIn(['new', 'engaged', 'qualified', 'booked', 'won', 'lost'])
  stage?: 'new' | 'engaged' | 'qualified' | 'booked' | 'won' | 'lost';

  @ApiPropertyOptional({ enum: ['emergency', 'soon', 'routine'] })
  @IsOptional()
  @IsIn(['emergency', 'soon', 'routine'])
  urgency?: 'emergency' | 'soon' | 'routine';

  @ApiPropertyOptional({ description: 'Created at or after (RFC 3339).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Created before (RFC 3339, exclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
