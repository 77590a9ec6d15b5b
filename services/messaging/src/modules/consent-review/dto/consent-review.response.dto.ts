/** A consent review as the staff API returns it (instants RFC 3339 UTC). */
export class ConsentReviewResponseDto {
  reviewId!: string;
  locationId!: string;
  phoneE164!: string;
  sendingNumberE164!: string;
  /** The caller's text exactly as received. */
  originalText!: string;
  /** The @textback/opt-out rule that found it ambiguous, and the rule set's version. */
  rule!: string;
  rulesVersion!: string;
  language!: string | null;
  status!: 'open' | 'resolved';
  openedAt!: string;
  decision!: 'opt_out' | 'not_opt_out' | null;
  /** Staff user (JWT `sub`) who resolved it. */
  resolvedBy!: string | null;
  resolvedAt!: string | null;
  note!: string | null;
  /** The consent-ledger entry an `opt_out` decision wrote (null when the caller was already opted out). */
  consentId!: string | null;
}
