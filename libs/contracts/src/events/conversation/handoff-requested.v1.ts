import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { conversationRefSchema } from './conversation-common';

/** The bot stops and asks a human to take the conversation. */
export const handoffRequestedV1 = defineContract({
  type: 'conversation.handoff.requested.v1',
  kind: 'event',
  description: 'A person should take over this conversation.',
  data: conversationRefSchema.extend({
    reason: z.enum(['asked_for_human', 'no_progress', 'needs_review', 'message_cap', 'other']),
    detail: z.string().optional(),
  }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type HandoffRequestedV1 = z.infer<typeof handoffRequestedV1.data>;
