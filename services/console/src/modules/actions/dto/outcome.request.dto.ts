import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** Body of `POST /api/conversations/:id/outcome` (lead-crm's limits: value 0 to $1,000,000 in cents). */
export class OutcomeRequestDto {
  @IsIn(['won', 'lost'])
  outcome!: 'won' | 'lost';

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  actualValueCents?: number;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
