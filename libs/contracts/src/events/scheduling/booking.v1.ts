import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, timestampSchema } from '../../primitives';

/** A bookable slot: start/end instants and a label in the location's time zone ("Tue 3pm"). */
export const slotSchema = z.object({ slotId: z.string().min(1), startAt: timestampSchema, endAt: timestampSchema, label: z.string().min(1) });

const bookingRef = z.object({ leadId: z.uuid().optional(), conversationId: z.uuid().optional(), callerE164: e164Schema, serviceId: z.string().optional() });

/** scheduling offered slots to a qualified caller. */
export const bookingOfferedV1 = defineContract({
  type: 'scheduling.booking.offered.v1',
  kind: 'event',
  description: 'Booking slots were offered to a caller.',
  data: bookingRef.extend({ offerId: z.uuid(), slots: z.array(slotSchema).min(1) }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type BookingOfferedV1 = z.infer<typeof bookingOfferedV1.data>;

/** A booking was confirmed. `estimatedValueCents` from the service's average ticket. */
export const bookingConfirmedV1 = defineContract({
  type: 'scheduling.booking.confirmed.v1',
  kind: 'event',
  description: 'A caller booked a slot.',
  data: bookingRef.extend({ bookingId: z.uuid(), slot: slotSchema, estimatedValueCents: z.number().int().nonnegative(), rescheduledFrom: z.uuid().optional() }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type BookingConfirmedV1 = z.infer<typeof bookingConfirmedV1.data>;

/** A booking was cancelled (by the caller or staff). */
export const bookingCancelledV1 = defineContract({
  type: 'scheduling.booking.cancelled.v1',
  kind: 'event',
  description: 'A booking was cancelled.',
  data: bookingRef.extend({ bookingId: z.uuid(), reason: z.string().optional() }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type BookingCancelledV1 = z.infer<typeof bookingCancelledV1.data>;

/** A callback task was placed in the next staffed window. */
export const callbackScheduledV1 = defineContract({
  type: 'scheduling.callback.scheduled.v1',
  kind: 'event',
  description: 'A callback was scheduled in a staffed window.',
  data: z.object({ taskId: z.uuid(), callerE164: e164Schema.nullable(), leadId: z.uuid().optional(), windowStart: timestampSchema, windowEnd: timestampSchema, reason: z.string().min(1) }),
  key: (e) => (e.data.callerE164 ? conversationKey(e.locationId, e.data.callerE164) : `${e.locationId}:task:${e.data.taskId}`),
});
export type CallbackScheduledV1 = z.infer<typeof callbackScheduledV1.data>;
