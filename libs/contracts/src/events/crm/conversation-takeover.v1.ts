import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema } from '../../primitives';

const takeoverSchema = z.object({
  leadId: z.uuid(),
  callerE164: e164Schema,
  /** The staff user who took over or released. */
  userId: z.string().min(1),
});

/** Staff took over a conversation: bots and automated follow-ups pause. */
export const conversationTakenOverV1 = defineContract({
  type: 'crm.conversation.taken-over.v1',
  kind: 'event',
  description: 'A person took over the conversation; automation pauses.',
  data: takeoverSchema,
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type ConversationTakenOverV1 = z.infer<typeof conversationTakenOverV1.data>;

/** Staff released a conversation back to automation. */
export const conversationReleasedV1 = defineContract({
  type: 'crm.conversation.released.v1',
  kind: 'event',
  description: 'A person released the conversation; automation may resume.',
  data: takeoverSchema,
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type ConversationReleasedV1 = z.infer<typeof conversationReleasedV1.data>;
