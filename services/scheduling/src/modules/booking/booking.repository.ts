import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { type Interval } from '../calendar/business-hours.calendar';
import { type Booking, type BookingOffer } from './booking.types';

/** PostgreSQL error code of an exclusion-constraint violation. */
const EXCLUSION_VIOLATION = '23P01';

interface OfferRow {
  offer_id: string;
  tenant_id: string;
  location_id: string;
  caller_e164: string;
  lead_id: string | null;
  conversation_id: string | null;
  service_id: string | null;
  correlation_id: string;
  slots: BookingOffer['slots'];
  created_at: Date;
  reschedule_of: string | null;
  preference_said: string | null;
  preference_at: Date | null;
}

interface BookingRow {
  booking_id: string;
  tenant_id: string;
  location_id: string;
  caller_e164: string;
  lead_id: string | null;
  conversation_id: string | null;
  service_id: string | null;
  offer_id: string | null;
  correlation_id: string;
  start_at: Date;
  end_at: Date;
  status: Booking['status'];
  estimated_value_cents: number;
  rescheduled_from: string | null;
}

/** SQL of offers and bookings. Bookings hold one capacity unit each; `ex_booking_unit_overlap` forbids overlaps per unit. */
@Injectable()
export class BookingRepository {
  private readonly s: string;

  constructor(@Inject(SERVICE_DEFINITION) definition: ServiceDefinition) {
    this.s = quoteSchema(definition.schema);
  }

  /** Closes the caller's open offers (`closed`) and stores `offer` as the open one. */
  async replaceOpenOffer(tx: TransactionHandle, offer: BookingOffer): Promise<void> {
    const m = entityManagerOf(tx);
    await m.query(`UPDATE ${this.s}.booking_offer SET status = 'closed' WHERE location_id = $1 AND caller_e164 = $2 AND status = 'open'`, [offer.locationId, offer.callerE164]);
    await m.query(
      `INSERT INTO ${this.s}.booking_offer (offer_id, tenant_id, location_id, caller_e164, lead_id, conversation_id, service_id, correlation_id, slots, created_at, reschedule_of, preference_said, preference_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (offer_id) DO NOTHING`,
      [offer.offerId, offer.tenantId, offer.locationId, offer.callerE164, offer.leadId, offer.conversationId, offer.serviceId, offer.correlationId, JSON.stringify(offer.slots), offer.createdAt, offer.rescheduleOf, offer.preferenceSaid, offer.preferenceAt],
    );
  }

  /** The caller's latest open offer at the location, locked for this transaction; null when none. */
  async lockOpenOffer(tx: TransactionHandle, locationId: string, callerE164: string): Promise<BookingOffer | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.s}.booking_offer WHERE location_id = $1 AND caller_e164 = $2 AND status = 'open' ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [locationId, callerE164],
    )) as OfferRow[];
    const r = rows[0];
    if (!r) return null;
    return { offerId: r.offer_id, tenantId: r.tenant_id, locationId: r.location_id, callerE164: r.caller_e164, leadId: r.lead_id, conversationId: r.conversation_id, serviceId: r.service_id, correlationId: r.correlation_id, slots: r.slots, createdAt: new Date(r.created_at), rescheduleOf: r.reschedule_of, preferenceSaid: r.preference_said ?? null, preferenceAt: r.preference_at ? new Date(r.preference_at) : null };
  }

  /** Closes the caller's open offers at the location (staff booked for them: a later "1" must not book again). */
  async closeOpenOffers(tx: TransactionHandle, locationId: string, callerE164: string): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.booking_offer SET status = 'closed' WHERE location_id = $1 AND caller_e164 = $2 AND status = 'open'`, [locationId, callerE164]);
  }

  /** Marks an offer booked. */
  async markOfferBooked(tx: TransactionHandle, offerId: string): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.booking_offer SET status = 'booked' WHERE offer_id = $1`, [offerId]);
  }

  /** Confirmed bookings at the location overlapping [from, to). */
  async confirmedOverlapping(tx: TransactionHandle, locationId: string, from: Date, to: Date): Promise<Interval[]> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT start_at, end_at FROM ${this.s}.booking WHERE location_id = $1 AND status = 'confirmed' AND start_at < $3 AND end_at > $2`,
      [locationId, from, to],
    )) as { start_at: Date; end_at: Date }[];
    return rows.map((r) => ({ start: new Date(r.start_at), end: new Date(r.end_at) }));
  }

  /**
   * Inserts `booking` on the first capacity unit (1..capacity) free for its interval. The
   * exclusion constraint decides under concurrency: a concurrent insert on the same unit waits
   * for the other transaction and fails if it committed, and the next unit is tried.
   * @returns the unit taken, or null when every unit is taken (the slot is full).
   */
  async insertOnFreeUnit(tx: TransactionHandle, booking: Booking, capacity: number, createdAt: Date): Promise<number | null> {
    const m = entityManagerOf(tx);
    for (let unit = 1; unit <= capacity; unit++) {
      await m.query('SAVEPOINT booking_unit');
      try {
        await m.query(
          `INSERT INTO ${this.s}.booking (booking_id, tenant_id, location_id, caller_e164, lead_id, conversation_id, service_id, offer_id, correlation_id, start_at, end_at, capacity_unit, status, estimated_value_cents, rescheduled_from, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'confirmed', $13, $14, $15)`,
          [booking.bookingId, booking.tenantId, booking.locationId, booking.callerE164, booking.leadId, booking.conversationId, booking.serviceId, booking.offerId, booking.correlationId, booking.startAt, booking.endAt, unit, booking.estimatedValueCents, booking.rescheduledFrom, createdAt],
        );
        await m.query('RELEASE SAVEPOINT booking_unit');
        return unit;
      } catch (err) {
        await m.query('ROLLBACK TO SAVEPOINT booking_unit');
        if ((err as { driverError?: { code?: string }; code?: string }).driverError?.code !== EXCLUSION_VIOLATION && (err as { code?: string }).code !== EXCLUSION_VIOLATION) throw err;
      }
    }
    return null;
  }

  /** A booking of the tenant, locked for update; null when unknown. */
  async lockBooking(tx: TransactionHandle, tenantId: string, bookingId: string): Promise<Booking | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.s}.booking WHERE tenant_id = $1 AND booking_id = $2 FOR UPDATE`, [tenantId, bookingId])) as BookingRow[];
    const r = rows[0];
    if (!r) return null;
    return {
      bookingId: r.booking_id, tenantId: r.tenant_id, locationId: r.location_id, callerE164: r.caller_e164, leadId: r.lead_id, conversationId: r.conversation_id, serviceId: r.service_id, offerId: r.offer_id,
      correlationId: r.correlation_id, startAt: new Date(r.start_at), endAt: new Date(r.end_at), status: r.status, estimatedValueCents: r.estimated_value_cents, rescheduledFrom: r.rescheduled_from,
    };
  }

  /** Marks a booking cancelled (its capacity unit frees at once). */
  async cancel(tx: TransactionHandle, bookingId: string, reason: string): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.booking SET status = 'cancelled', cancel_reason = $2 WHERE booking_id = $1`, [bookingId, reason]);
  }

  /** Undoes {@link cancel} within the same transaction (a reschedule whose new slot was taken). */
  async restore(tx: TransactionHandle, bookingId: string): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.booking SET status = 'confirmed', cancel_reason = NULL WHERE booking_id = $1`, [bookingId]);
  }

  /** The caller's next confirmed booking at the location that has not started by `now`, locked; null when none. */
  async lockUpcomingOfCaller(tx: TransactionHandle, tenantId: string, locationId: string, callerE164: string, now: Date): Promise<Booking | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT booking_id FROM ${this.s}.booking WHERE tenant_id = $1 AND location_id = $2 AND caller_e164 = $3 AND status = 'confirmed' AND start_at > $4 ORDER BY start_at LIMIT 1`,
      [tenantId, locationId, callerE164, now],
    )) as { booking_id: string }[];
    const id = rows[0]?.booking_id;
    return id ? this.lockBooking(tx, tenantId, id) : null;
  }
}
