import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, providerSchema, timestampSchema } from '../../primitives';

/**
 * An inbound text from a caller that is not a compliance keyword (STOP/START/HELP are handled
 * by messaging and become consent events). `needsReview` marks natural-language stop requests.
 */
export const smsReceivedV1 = defineContract({
  type: 'messaging.sms.received.v1',
  kind: 'event',
  description: 'A caller texted a location number.',
  data: z.object({
    messageId: z.uuid(),
    provider: providerSchema,
    providerMessageId: z.string().min(1),
    from: e164Schema,
    to: e164Schema,
    body: z.string(),
    mediaUrls: z.array(z.string()).default([]),
    receivedAt: timestampSchema,
    /** Set when the text reads as a request to stop that is not a keyword: automation pauses. */
    needsReview: z.boolean().default(false),
  }),
  key: (e) => conversationKey(e.locationId, e.data.from),
});
export type SmsReceivedV1 = z.infer<typeof smsReceivedV1.data>;
