import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { capturedDetailsSchema, conversationRefSchema } from './conversation-common';

/** The conversation captured enough to act: scheduling offers slots or a callback. */
export const leadQualifiedV1 = defineContract({
  type: 'conversation.lead.qualified.v1',
  kind: 'event',
  description: 'A lead has the details needed to offer a booking or a callback.',
  data: conversationRefSchema.extend(capturedDetailsSchema.shape).extend({
    /** One-line summary for staff, built from captured facts. */
    summary: z.string(),
    /** The missed call that started the conversation, if any. */
    callId: z.uuid().optional(),
  }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type LeadQualifiedV1 = z.infer<typeof leadQualifiedV1.data>;
