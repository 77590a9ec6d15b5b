import { IsIn, IsOptional, IsUUID } from 'class-validator';

/** Query of `GET /api/consent-reviews`. */
export class ConsentReviewsListRequestDto {
  /** `open` (default: waiting for a decision, oldest first) or `resolved`. */
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';

  /** Only this location's reviews (one the user sees; another answers an empty list). */
  @IsOptional()
  @IsUUID()
  locationId?: string;
}
