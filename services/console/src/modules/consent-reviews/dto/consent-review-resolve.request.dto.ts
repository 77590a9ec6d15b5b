import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { type ConsentReviewDecision } from '../consent-review.types';

/** Body of `POST /api/consent-reviews/:reviewId/resolve`. */
export class ConsentReviewResolveRequestDto {
  /** `opt_out`: recorded in the consent ledger (one confirmation text); `not_opt_out`: the review's pause is lifted. */
  @IsIn(['opt_out', 'not_opt_out'])
  decision!: ConsentReviewDecision;

  /** Why, kept with the review (at most 500 characters). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
