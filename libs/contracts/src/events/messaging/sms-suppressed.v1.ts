import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, timestampSchema } from '../../primitives';
import { smsPurposeSchema } from './sms-send.cmd.v1';

/**
 * Why messaging's send decision refused a text (stable codes: stored on the message row, shown by the console).
 * - `opted_out`: the recipient's latest consent-ledger entry that reaches this send is an opt-out.
 * - `reserved_purpose`: a purpose only messaging itself may use (`keyword_reply`, `first_text`) arrived from another
 *   producer (a send command on the bus), or a keyword reply did not say which compliance reply it is.
 * - `not_opted_out`: a START confirmation for a number that was not opted out before the START (CTIA: confirm an
 *   opt-in only), or an opt-out confirmation whose ledger entry is no longer the number's current standing.
 * - `confirmation_already_sent`: that ledger entry (or that opt-out, through a second entry) was confirmed already.
 * - `confirmation_window_passed`: more than 5 minutes after the ledger entry it confirms (FCC 47 CFR 64.1200(a)(12)).
 * - `international`: the location's international policy is `callback_task` and the recipient is in another country.
 * - `loop_guard`: the same compliance reply went to this number within the loop window (auto-responder ping-pong).
 * - `hourly_cap`: the automated texts to this number from this location in the last hour reached the cap.
 * - `paused` / `human_active`: automation is paused for review, or a person has taken over the conversation.
 * - `quiet_hours_no_window`: no instant in the next 7 days is outside quiet hours in every candidate time zone.
 * - `template_unavailable`: the command's template cannot be rendered for this location.
 * - the others: the location is unknown or inactive, the address is not a full number, the recipient is one of our
 *   own numbers, no registered sending number, a landline or a number that failed delivery before.
 */
export const smsSuppressionReasonSchema = z.enum([
  'opted_out',
  'reserved_purpose',
  'not_opted_out',
  'confirmation_already_sent',
  'confirmation_window_passed',
  'international',
  'loop_guard',
  'hourly_cap',
  'paused',
  'human_active',
  'quiet_hours_no_window',
  'template_unavailable',
  'unknown_location',
  'not_replyable',
  'own_number',
  'sender_not_registered',
  'landline',
  'not_textable',
]);
export type SmsSuppressionReason = z.infer<typeof smsSuppressionReasonSchema>;

/**
 * messaging's send decision refused a text (it was never handed to a carrier): at enqueue time, or on the re-check
 * right before the carrier call. One event per refused message row.
 */
export const smsSuppressedV1 = defineContract({
  type: 'messaging.sms.suppressed.v1',
  kind: 'event',
  description: 'The send decision refused a text; carries the stable reason code.',
  data: z.object({
    messageId: z.uuid(),
    commandId: z.uuid(),
    to: e164Schema,
    purpose: smsPurposeSchema,
    automated: z.boolean(),
    reason: smsSuppressionReasonSchema,
    /** Who asked: a service name or a user id (the command's `requestedBy`). */
    requestedBy: z.string().min(1),
    /** The producer of the send command (envelope `source`), or `/textback/messaging` for messaging's own texts. */
    producer: z.string().min(1),
    suppressedAt: timestampSchema,
  }),
  key: (e) => conversationKey(e.locationId, e.data.to),
});
export type SmsSuppressedV1 = z.infer<typeof smsSuppressedV1.data>;
