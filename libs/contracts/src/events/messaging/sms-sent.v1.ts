import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, providerSchema, timestampSchema } from '../../primitives';
import { smsPurposeSchema } from './sms-send.cmd.v1';

/** The carrier accepted a text for delivery (Bandwidth 202 / Twilio 201). */
export const smsSentV1 = defineContract({
  type: 'messaging.sms.sent.v1',
  kind: 'event',
  description: 'A text was handed to the carrier.',
  data: z.object({
    messageId: z.uuid(),
    commandId: z.uuid(),
    provider: providerSchema,
    providerMessageId: z.string().min(1),
    from: e164Schema,
    to: e164Schema,
    purpose: smsPurposeSchema,
    automated: z.boolean(),
    /** Number of SMS segments billed (GSM-7: 160/153 chars, UCS-2: 70/67). */
    segments: z.number().int().positive(),
    encoding: z.enum(['GSM-7', 'UCS-2']),
    sentAt: timestampSchema,
  }),
  key: (e) => conversationKey(e.locationId, e.data.to),
});
export type SmsSentV1 = z.infer<typeof smsSentV1.data>;
