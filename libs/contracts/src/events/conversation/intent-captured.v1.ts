import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { capturedDetailsSchema, conversationRefSchema } from './conversation-common';

/** conversation-ai understood a caller's message. */
export const intentCapturedV1 = defineContract({
  type: 'conversation.intent.captured.v1',
  kind: 'event',
  description: "The intent, urgency and details understood from a caller's message.",
  data: conversationRefSchema.extend(capturedDetailsSchema.shape).extend({
    /** `rules` (deterministic) or `llm`. */
    method: z.enum(['rules', 'llm']),
    /** 0..1 confidence of the intent. */
    confidence: z.number().min(0).max(1),
  }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type IntentCapturedV1 = z.infer<typeof intentCapturedV1.data>;
