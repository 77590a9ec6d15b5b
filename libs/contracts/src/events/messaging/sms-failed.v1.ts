import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, providerSchema, timestampSchema } from '../../primitives';

/** Why a text failed, mapped from the carrier's error code; never empty. */
export const smsFailureReasonSchema = z.enum([
  'landline_or_not_textable',
  'opted_out_at_carrier',
  'invalid_number',
  'carrier_rejected',
  'spam_filtered',
  'expired',
  'rate_limited',
  'unreachable',
  'unknown',
]);
export type SmsFailureReason = z.infer<typeof smsFailureReasonSchema>;

/** The carrier reported the text failed (Bandwidth `message-failed`, Twilio `failed`/`undelivered`). */
export const smsFailedV1 = defineContract({
  type: 'messaging.sms.failed.v1',
  kind: 'event',
  description: 'A text failed; carries the carrier error code and a mapped reason.',
  data: z.object({
    messageId: z.uuid(),
    provider: providerSchema,
    providerMessageId: z.string().min(1).optional(),
    to: e164Schema,
    /** Carrier error code as sent (Bandwidth 4-digit, Twilio 5-digit). */
    errorCode: z.string().min(1),
    errorDescription: z.string().optional(),
    reason: smsFailureReasonSchema,
    failedAt: timestampSchema,
  }),
  key: (e) => conversationKey(e.locationId, e.data.to),
});
export type SmsFailedV1 = z.infer<typeof smsFailedV1.data>;
