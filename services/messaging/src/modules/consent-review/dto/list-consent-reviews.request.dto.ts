import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** Query of `GET /v1/consent-reviews` (the tenant comes from the caller's token). */
export class ListConsentReviewsRequestDto {
  /** `open` (default) or `resolved`. */
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';

  /** Only reviews of this location (it must be one the caller sees). */
  @IsOptional()
  @IsUUID()
  locationId?: string;

  /** At most this many reviews (1-200, default 50). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
