import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, timestampSchema } from '../../primitives';

/** Fields every consent-review event carries. */
const consentReviewCommonSchema = z.object({
  reviewId: z.uuid(),
  phoneE164: e164Schema,
  /** Our number the text was sent to. */
  sendingNumberE164: e164Schema,
  /** The caller's text exactly as received. */
  originalText: z.string().max(2000),
  /** Id of the @textback/opt-out rule that found the text ambiguous. */
  rule: z.string().min(1),
  /** Version of the opt-out rule set (`OPT_OUT_RULES_VERSION`). */
  rulesVersion: z.string().min(1),
  language: z.string().min(2).max(35).optional(),
  providerMessageId: z.string().optional(),
});

/**
 * A caller's text might be a request to stop texts (the recogniser said `ambiguous`): a person reviews it, and
 * automation for that caller at the location (bot, follow-ups, first texts) is paused until the review is resolved.
 */
export const consentReviewOpenedV1 = defineContract({
  type: 'messaging.consent.review-opened.v1',
  kind: 'event',
  description: 'An ambiguous caller text awaits a staff decision (opt-out or not); automation is paused meanwhile.',
  data: consentReviewCommonSchema.extend({ openedAt: timestampSchema }),
  key: (e) => conversationKey(e.locationId, e.data.phoneE164),
});
export type ConsentReviewOpenedV1 = z.infer<typeof consentReviewOpenedV1.data>;

/**
 * A staff member resolved a consent review: `opt_out` (an opt-out follows as `messaging.consent.opted-out.v1` with
 * the same `reviewId`) or `not_opt_out` (automation resumes).
 */
export const consentReviewResolvedV1 = defineContract({
  type: 'messaging.consent.review-resolved.v1',
  kind: 'event',
  description: 'A staff member decided whether an ambiguous caller text was an opt-out.',
  data: consentReviewCommonSchema.extend({
    decision: z.enum(['opt_out', 'not_opt_out']),
    /** Staff user (JWT `sub`). */
    resolvedBy: z.string().min(1),
    resolvedAt: timestampSchema,
    /** The ledger entry written for an `opt_out` decision. */
    consentId: z.uuid().optional(),
    note: z.string().max(500).optional(),
  }),
  key: (e) => conversationKey(e.locationId, e.data.phoneE164),
});
export type ConsentReviewResolvedV1 = z.infer<typeof consentReviewResolvedV1.data>;
