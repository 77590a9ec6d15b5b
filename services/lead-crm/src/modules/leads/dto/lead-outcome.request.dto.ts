import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

/** Body of `POST /v1/leads/:id/outcome`: mark the lead won (with the job's value) or lost. */
export class LeadOutcomeRequestDto {
  @ApiProperty({ enum: ['won', 'lost'] })
  @IsIn(['won', 'lost'])
  outcome!: 'won' | 'lost';

  @ApiPropertyOptional({ description: 'Actual value of the job, in cents.', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  actualValueCents?: number;

  @ApiPropertyOptional({ description: 'Why the lead was lost.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
