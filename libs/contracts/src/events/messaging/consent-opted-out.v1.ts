import { type z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { consentChangeSchema } from './consent-common';

/** A caller opted out (STOP and its synonyms, a carrier report, or staff). No automated text follows. */
export const consentOptedOutV1 = defineContract({
  type: 'messaging.consent.opted-out.v1',
  kind: 'event',
  description: 'A phone number opted out of texts within a scope.',
  data: consentChangeSchema,
  key: (e) => conversationKey(e.locationId, e.data.phoneE164),
});
export type ConsentOptedOutV1 = z.infer<typeof consentOptedOutV1.data>;
