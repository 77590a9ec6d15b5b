import { type z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { consentChangeSchema } from './consent-common';

/** A caller opted back in (START/UNSTOP, or staff with the caller's consent). */
export const consentOptedInV1 = defineContract({
  type: 'messaging.consent.opted-in.v1',
  kind: 'event',
  description: 'A phone number opted back in to texts within a scope.',
  data: consentChangeSchema,
  key: (e) => conversationKey(e.locationId, e.data.phoneE164),
});
export type ConsentOptedInV1 = z.infer<typeof consentOptedInV1.data>;
