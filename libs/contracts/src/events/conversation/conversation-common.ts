import { z } from 'zod';
import { e164Schema } from '../../primitives';

/** What the caller wants (conversation-ai's taxonomy; see ../shared/eval labels). */
export const intentSchema = z.enum(['book', 'reschedule', 'cancel', 'question', 'callback', 'emergency', 'wrong_number', 'spam', 'opt_out', 'other']);
export type Intent = z.infer<typeof intentSchema>;

/** How soon the caller needs help. */
export const urgencySchema = z.enum(['emergency', 'soon', 'routine']);
export type Urgency = z.infer<typeof urgencySchema>;

/** Fields identifying one conversation: a caller at a location, started by a missed call or inbound text. */
export const conversationRefSchema = z.object({
  conversationId: z.uuid(),
  callerE164: e164Schema,
  /** The inbound message that led to this decision, if any. */
  messageId: z.uuid().optional(),
});

/** A preferred time as the caller said it, resolved in the location's time zone when possible. */
export const preferredTimeSchema = z.object({
  text: z.string(),
  /** RFC 3339 start/end of the window the text means, when it could be resolved. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  endAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * The caller's message the preference was read from (at most 480 characters), so that scheduling reads the whole
   * preference ("Friday morning if possible, not before 9") with @textback/booking-preference in the location's zone.
   */
  said: z.string().max(480).optional(),
});

/** Details captured so far. */
export const capturedDetailsSchema = z.object({
  intent: intentSchema,
  urgency: urgencySchema,
  serviceId: z.string().optional(),
  serviceText: z.string().optional(),
  city: z.string().optional(),
  zip: z.string().optional(),
  preferredTime: preferredTimeSchema.optional(),
  name: z.string().optional(),
});
