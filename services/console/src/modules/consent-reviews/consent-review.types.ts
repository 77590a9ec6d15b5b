/** How staff decide an ambiguous reply: the caller asked to stop (`opt_out`), or not (`not_opt_out`: automation resumes). */
export type ConsentReviewDecision = 'opt_out' | 'not_opt_out';

/**
 * One review of messaging's opt-out review queue as the console shows it: messaging's `GET /v1/consent-reviews` item
 * (instants RFC 3339 UTC) plus the location's name.
 */
export interface ConsentReviewRow {
  reviewId: string;
  locationId: string;
  /** The location's name from the console's location directory ("Unknown location" when it has none). */
  locationName: string;
  /** The caller (E.164). */
  phoneE164: string;
  /** The business number the caller texted (E.164). */
  sendingNumberE164: string;
  /** The caller's text exactly as received. */
  originalText: string;
  /** The @textback/opt-out rule that found it ambiguous. */
  rule: string;
  language: string | null;
  status: 'open' | 'resolved';
  openedAt: string;
  decision: ConsentReviewDecision | null;
  /** Staff user id who resolved it (a console user's id when resolved here). */
  resolvedBy: string | null;
  resolvedAt: string | null;
  note: string | null;
}
