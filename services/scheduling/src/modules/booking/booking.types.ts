import { type slotSchema } from '@textback/contracts';
import { type z } from 'zod';

/** A slot as offered to a caller (instants in RFC 3339 UTC, label in the location's time zone). */
export type OfferedSlot = z.infer<typeof slotSchema>;

/** An open offer of slots to one caller at one location. */
export interface BookingOffer {
  offerId: string;
  tenantId: string;
  locationId: string;
  callerE164: string;
  leadId: string | null;
  conversationId: string | null;
  serviceId: string | null;
  correlationId: string;
  slots: OfferedSlot[];
  createdAt: Date;
  /** The booking this offer would move (the caller asked to reschedule); null for a new booking. */
  rescheduleOf: string | null;
  /** The caller's words the offer was ranked for (their stated preference); null when none was stated. */
  preferenceSaid: string | null;
  /** When the caller wrote `preferenceSaid` ("Friday" is read relative to it); null with it. */
  preferenceAt: Date | null;
}

/** A booking row. Money in cents. */
export interface Booking {
  bookingId: string;
  tenantId: string;
  locationId: string;
  callerE164: string;
  leadId: string | null;
  conversationId: string | null;
  serviceId: string | null;
  offerId: string | null;
  correlationId: string;
  startAt: Date;
  endAt: Date;
  status: 'confirmed' | 'cancelled';
  estimatedValueCents: number;
  rescheduledFrom: string | null;
}
