import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, providerSchema, timestampSchema } from '../../primitives';

/** The carrier reported the text delivered to the handset (Bandwidth `message-delivered`). */
export const smsDeliveredV1 = defineContract({
  type: 'messaging.sms.delivered.v1',
  kind: 'event',
  description: 'The carrier confirmed delivery of a text.',
  data: z.object({
    messageId: z.uuid(),
    provider: providerSchema,
    providerMessageId: z.string().min(1),
    to: e164Schema,
    deliveredAt: timestampSchema,
  }),
  key: (e) => conversationKey(e.locationId, e.data.to),
});
export type SmsDeliveredV1 = z.infer<typeof smsDeliveredV1.data>;
