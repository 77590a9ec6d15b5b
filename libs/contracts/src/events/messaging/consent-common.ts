import { z } from 'zod';
import { e164Schema, timestampSchema } from '../../primitives';

/** How far an opt-out reaches: the sending number, the location, or the whole tenant. */
export const consentScopeSchema = z.enum(['sending_number', 'location', 'tenant']);
/** How consent changed: a keyword, a fuzzy natural-language match, a carrier report, or staff. */
export const consentMethodSchema = z.enum(['keyword', 'fuzzy', 'carrier', 'manual']);

/** Fields of a consent-ledger entry. */
export const consentChangeSchema = z.object({
  consentId: z.uuid(),
  phoneE164: e164Schema,
  /** Our number the keyword was sent to. */
  sendingNumberE164: e164Schema,
  scope: consentScopeSchema,
  method: consentMethodSchema,
  channel: z.enum(['sms', 'voice', 'api']),
  keyword: z.string().optional(),
  providerMessageId: z.string().optional(),
  at: timestampSchema,
  /** The caller's text exactly as received (opt-outs recognised in a text; absent for carrier reports). */
  originalText: z.string().max(2000).optional(),
  /** Id of the @textback/opt-out rule that fired (e.g. `keyword.en.stop`), or `review.staff` for a reviewed text. */
  rule: z.string().min(1).optional(),
  /** Version of the opt-out rule set that classified the text (`OPT_OUT_RULES_VERSION`). */
  rulesVersion: z.string().min(1).optional(),
  /** BCP-47 language of the rule that fired (`en`, `es`, `fr`...). */
  language: z.string().min(2).max(35).optional(),
  /** The consent review this change resolves (`messaging.consent.review-resolved.v1`). */
  reviewId: z.uuid().optional(),
  /** Staff user (JWT `sub`) who resolved the review that led to this change. */
  resolvedBy: z.string().min(1).optional(),
});
