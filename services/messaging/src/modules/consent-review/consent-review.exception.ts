/** Domain error codes of consent reviews (mapped to HTTP by ConsentReviewExceptionFilter). */
export enum ConsentReviewExceptionCode {
  /** Unknown, another tenant's, or at a location the caller may not see. */
  REVIEW_NOT_FOUND = 'REVIEW_NOT_FOUND',
  /** Already resolved with another decision. */
  REVIEW_ALREADY_RESOLVED = 'REVIEW_ALREADY_RESOLVED',
  /** The review's location has no configuration here any more. */
  LOCATION_NOT_FOUND = 'LOCATION_NOT_FOUND',
}

/** A consent-review rule was broken or the review is missing. */
export class ConsentReviewException extends Error {
  constructor(
    readonly code: ConsentReviewExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConsentReviewException';
  }
}
