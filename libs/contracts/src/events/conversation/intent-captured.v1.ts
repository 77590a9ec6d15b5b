import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { capturedDetailsSchema, conversationRefSchema } from './conversation-common';

/**
 * conversation-ai understood a caller's message. The details are the conversation's merged facts after that message
 * (a later text with only a zip or a name keeps the intent, urgency, service and need said before); `intent` is the
 * message's own intent only when it is new (callback, cancel, reschedule, emergency, spam, wrong number, opt-out).
 */
export const intentCapturedV1 = defineContract({
  type: 'conversation.intent.captured.v1',
  kind: 'event',
  description: "The conversation's intent, urgency and details as understood after a caller's message (merged with what earlier messages said).",
  data: conversationRefSchema.extend(capturedDetailsSchema.shape).extend({
    /** `rules` (deterministic) or `llm`. */
    method: z.enum(['rules', 'llm']),
    /** 0..1 confidence of the intent. */
    confidence: z.number().min(0).max(1),
  }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type IntentCapturedV1 = z.infer<typeof intentCapturedV1.data>;
