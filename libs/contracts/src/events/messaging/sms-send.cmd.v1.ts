import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, timestampSchema } from '../../primitives';

/** Why a text is being sent; the messaging policy treats each purpose differently. */
export const smsPurposeSchema = z.enum([
  'first_text',
  'conversation_reply',
  'follow_up',
  'dispatch_page',
  'caller_notice',
  'manual',
  'keyword_reply',
]);
export type SmsPurpose = z.infer<typeof smsPurposeSchema>;

/**
 * Command to messaging: send one text. `commandId` is the idempotency key: the same command
 * delivered twice sends one text (it is carried to the carrier in the message tag).
 */
export const smsSendCommandV1 = defineContract({
  type: 'messaging.sms.send.cmd.v1',
  kind: 'command',
  description: 'Ask messaging to send a text through the consent, quiet-hours and rate policy.',
  data: z.object({
    commandId: z.uuid(),
    to: e164Schema,
    /** Sending number; when absent messaging picks the location's registered sending number. */
    from: e164Schema.optional(),
    /** Literal body, or omitted when `templateId` is given. */
    body: z.string().min(1).max(1600).optional(),
    /** Template id with variables, rendered by messaging. */
    templateId: z.string().min(1).optional(),
    variables: z.record(z.string(), z.string()).optional(),
    purpose: smsPurposeSchema,
    /** True for anything a person did not type (bot replies, follow-ups): quiet hours and caps apply. */
    automated: z.boolean(),
    /** Do not send before this instant. */
    notBefore: timestampSchema.optional(),
    /** Do not send after this instant (time-to-live). */
    expiresAt: timestampSchema.optional(),
    /** Who asked: a service name or a user id. */
    requestedBy: z.string().min(1),
  }).refine((d) => d.body !== undefined || d.templateId !== undefined, { message: 'body or templateId is required' }),
  key: (e) => conversationKey(e.locationId, e.data.to),
});
export type SmsSendCommandV1 = z.infer<typeof smsSendCommandV1.data>;
