import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /v1/consent-reviews/{reviewId}/resolve`. */
export class ResolveConsentReviewRequestDto {
  /** `opt_out`: the caller asked to stop (recorded in the consent ledger, one confirmation); `not_opt_out`: automation resumes. */
  @IsIn(['opt_out', 'not_opt_out'])
  decision!: 'opt_out' | 'not_opt_out';

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
