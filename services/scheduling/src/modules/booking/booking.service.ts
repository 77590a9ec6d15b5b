import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { bookingCancelledV1, bookingConfirmedV1, bookingOfferedV1, type EventEnvelope, type LeadQualifiedV1, type LocationConfig, smsSendCommandV1 } from '@textback/contracts';
import { type AccessScope, canSeeLocation } from '@textback/auth';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { type BookingPreference, changesMindToNewWindow, isOpenPreference, parseBookingPreference, rankOffers, type RankedOffers } from '@textback/booking-preference';
import { LocationDirectory, PLATFORM_ENV } from '@textback/platform';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { bookingHoursFor } from '../calendar/booking-hours.policy';
import { BusinessHoursCalendar } from '../calendar/business-hours.calendar';
import { slotLabel } from '../calendar/local-time.util';
import { CLOCK, type Clock } from '../clock/port/clock';
import { stableId } from '../clock/stable-id.util';
import { FollowUpService } from '../follow-up/follow-up.service';
import { LeadRefRepository } from '../lead/lead-ref.repository';
import { type Lineage, scheduledEvent, sendTextCommand } from '../shared/outbound-event.factory';
import { SchedulingException, SchedulingExceptionCode } from '../shared/scheduling.exception';
import { BookingRepository } from './booking.repository';
import { type Booking, type BookingOffer, type OfferedSlot } from './booking.types';
import { withStartsFor } from './offer-candidates';
import { offerIntro } from './offer-text';
import { parseSlotChoice } from './slot-choice.parser';

type LocationService = LocationConfig['services'][number];

/** Free slots and the caller's upcoming booking, as staff see them before booking ({@link BookingService.slotsForStaff}). */
export interface StaffSlots {
  /** The location's IANA time zone (the labels' zone). */
  timeZone: string;
  slots: OfferedSlot[];
  upcoming: { bookingId: string; startAt: string; endAt: string; label: string } | null;
}

/** Outcome of a caller's reply to an open offer. */
export type SlotReplyOutcome = { kind: 'no_offer' } | { kind: 'before_offer' } | { kind: 'not_a_choice' } | { kind: 'booked'; bookingId: string } | { kind: 're_offered'; offerId: string } | { kind: 'none_left' };

/** A caller's stated preference: their words, when they wrote them, and what @textback/booking-preference read. */
interface StatedPreference {
  said: string;
  at: Date;
  preference: BookingPreference;
}

/** Most free candidate slots ranked for one offer (about two weeks of 2-hour slots with capacity 1). */
const MAX_CANDIDATES = 400;

/**
 * Bookings: availability per location and service (booking hours apart from answering hours, holidays, the
 * service's slot length, lead time and travel buffer, capacity = jobs at once), offers ranked for the caller's stated
 * preference (@textback/booking-preference, in the location's time zone), offers to qualified leads, confirmation when the caller picks a slot,
 * reschedule and cancel. Double-booking is impossible: each booking takes one capacity unit and
 * PostgreSQL's exclusion constraint rejects overlapping bookings on a unit, so of two
 * concurrent attempts at the last free slot exactly one commits and the other caller is
 * offered the next slots.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly directory: LocationDirectory,
    private readonly followUps: FollowUpService,
    private readonly leads: LeadRefRepository,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_ENV) private readonly env: SchedulingEnv,
  ) {}

  /**
   * Offers the next free slots to a qualified lead: stores the offer, publishes
   * `scheduling.booking.offered.v1` and a text listing the slots (labels in the location's time
   * zone), and starts a `not_booked` follow-up cadence.
   * @throws SchedulingException LOCATION_NOT_FOUND when the location is not in the directory.
   * @returns the offer id, or null when nothing is free within BOOKING_HORIZON_DAYS.
   */
  async offerForQualifiedLead(tx: TransactionContext, event: EventEnvelope<LeadQualifiedV1>): Promise<string | null> {
    const config = await this.requireConfig(event.locationId);
    const lineage: Lineage = { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id };
    const service = pickService(config, event.data.serviceId);
    const offerId = stableId(`offer|${event.id}`);
    const leadId = await this.leads.openLeadId(tx.handle, event.tenantId, event.locationId, event.data.callerE164);
    const said = event.data.preferredTime ? (event.data.preferredTime.said ?? event.data.preferredTime.text) : '';
    const at = new Date(event.time);
    const stated = said.trim() ? { said, at, preference: parseBookingPreference(said, { zone: config.timeZone, now: at }) } : null;
    const made = await this.makeOffer(tx, config, lineage, {
      offerId,
      callerE164: event.data.callerE164,
      leadId,
      conversationId: event.data.conversationId,
      service,
      intro: `${config.businessName}: here are the next openings${service ? ` for ${service.name}` : ''}:`,
      textKey: `offer|${offerId}`,
      stated,
    });
    if (made) await this.followUps.start(tx, lineage, event.data.callerE164, 'not_booked', leadId);
    return made ? offerId : null;
  }

  /**
   * Handles a caller's text when they have an open offer: a recognisable pick books that slot
   * (confirmed event + confirmation text, cadence stopped); if the slot was just taken, the next
   * free slots are offered instead. A change of mind gets new offers: "none of those" (the same
   * preference, without the slots already offered) or a new preference ("actually Saturday works
   * better", read in the location's time zone at the clock's now).
   *
   * A text received before the open offer was made (`receivedAt` earlier than the offer's `createdAt`) is not a reply
   * to it and changes nothing (`before_offer`): it is usually the very text that led to the offer ("Wednesday"
   * qualified the lead, and scheduling made Wednesday offers), read here after the offer because scheduling's inbound
   * texts and conversation-ai's lead events travel on different topics. Without this, whether "Wednesday" also
   * picked the first Wednesday slot depended on which consumer ran first. Clocks of different hosts only need to agree
   * to well under the seconds a caller takes to read an offer and answer it.
   * @param receivedAt when messaging received the text (`messaging.sms.received.v1` `receivedAt`); omitted: any open
   *   offer counts (staff tools and tests calling directly).
   */
  async handleReply(tx: TransactionContext, lineage: Lineage, callerE164: string, text: string, receivedAt?: Date): Promise<SlotReplyOutcome> {
    const offer = await this.bookings.lockOpenOffer(tx.handle, lineage.locationId, callerE164);
    if (!offer) return { kind: 'no_offer' };
    if (receivedAt && receivedAt.getTime() < offer.createdAt.getTime()) return { kind: 'before_offer' };
    const config = await this.requireConfig(lineage.locationId);
    const now = this.clock.now();
    const said = parseBookingPreference(text, { zone: config.timeZone, now });
    const slot = said.rejectsOffered || changesMindToNewWindow(text, said) ? null : parseSlotChoice(text, offer.slots, config.timeZone, now);
    if (slot) return this.book(tx, config, { ...lineage, correlationId: offer.correlationId }, offer, slot);
    if (!said.rejectsOffered && isOpenPreference(said)) return { kind: 'not_a_choice' };
    return this.reofferForChangeOfMind(tx, config, { ...lineage, correlationId: offer.correlationId }, offer, { said: text, at: now, preference: said });
  }

  /**
   * Acts on a caller's `cancel` or `reschedule` intent for their next upcoming booking: cancel it
   * (cancelled event + text), or offer other slots that would move it (picking one cancels the
   * old booking and confirms the new one with `rescheduledFrom`, in one transaction).
   * @returns false when the caller has no upcoming booking (nothing is done).
   */
  async handleBookingIntent(tx: TransactionContext, lineage: Lineage, callerE164: string, intent: 'cancel' | 'reschedule'): Promise<boolean> {
    const now = this.clock.now();
    const booking = await this.bookings.lockUpcomingOfCaller(tx.handle, lineage.tenantId, lineage.locationId, callerE164, now);
    if (!booking) return false;
    const config = await this.requireConfig(lineage.locationId);
    const label = slotLabel(booking.startAt, config.timeZone);
    if (intent === 'cancel') {
      await this.bookings.cancel(tx.handle, booking.bookingId, 'caller_asked');
      await tx.publish(bookingCancelledV1, scheduledEvent(bookingCancelledV1, `cancel|${booking.bookingId}`, lineage, now, { ...refOf(booking), bookingId: booking.bookingId, reason: 'caller_asked' }));
      await tx.publish(smsSendCommandV1, sendTextCommand(lineage, now, { key: `cancel|${booking.bookingId}`, to: callerE164, body: `${config.businessName}: your appointment on ${label} is cancelled. Reply any time to book again.`, purpose: 'conversation_reply', automated: true }));
      return true;
    }
    const offerId = stableId(`reschedule|${booking.bookingId}|${lineage.causationId ?? now.toISOString()}`);
    return this.makeOffer(tx, config, lineage, {
      offerId,
      callerE164,
      leadId: booking.leadId,
      conversationId: booking.conversationId,
      service: pickService(config, booking.serviceId ?? undefined),
      intro: `${config.businessName}: sure, instead of ${label} we can do:`,
      textKey: `offer|${offerId}`,
      rescheduleOf: booking.bookingId,
    });
  }

  /** {@link handleReply} in its own transaction (for callers outside a consumer). */
  async handleReplyNow(lineage: Lineage, callerE164: string, text: string): Promise<SlotReplyOutcome> {
    return this.runner.run((tx) => this.handleReply(tx, lineage, callerE164, text));
  }

  /**
   * Cancels a confirmed booking on behalf of a staff user and publishes `scheduling.booking.cancelled.v1`.
   * @throws SchedulingException BOOKING_NOT_FOUND (unknown, another tenant's, or at a location `scope` may not see), BOOKING_NOT_ACTIVE.
   */
  async cancel(scope: AccessScope, bookingId: string, reason: string): Promise<void> {
    await this.runner.run(async (tx) => {
      const booking = await this.requireActive(tx, scope, bookingId);
      await this.bookings.cancel(tx.handle, bookingId, reason);
      const now = this.clock.now();
      await tx.publish(bookingCancelledV1, scheduledEvent(bookingCancelledV1, `cancel|${bookingId}`, lineageOf(booking), now, { ...refOf(booking), bookingId, reason }));
    });
  }

  /**
   * Moves a confirmed booking to the slot starting at `startAt` (same length): the old one is
   * cancelled and a new booking published as confirmed with `rescheduledFrom`, in one transaction.
   * @throws SchedulingException BOOKING_NOT_FOUND (unknown or out of `scope`), BOOKING_NOT_ACTIVE, SLOT_UNAVAILABLE (in the past, full or outside the service's booking hours).
   * @returns the new booking id.
   */
  async reschedule(scope: AccessScope, bookingId: string, startAt: Date): Promise<string> {
    return this.runner.run(async (tx) => {
      const old = await this.requireActive(tx, scope, bookingId);
      if (startAt.getTime() <= this.clock.now().getTime()) throw new SchedulingException(SchedulingExceptionCode.SLOT_UNAVAILABLE, 'the new time has already passed');
      const config = await this.requireConfig(old.locationId);
      const lengthMs = old.endAt.getTime() - old.startAt.getTime();
      const endAt = new Date(startAt.getTime() + lengthMs);
      const hours = bookingHoursFor(config, pickService(config, old.serviceId ?? undefined));
      const open = new BusinessHoursCalendar({ ...config, businessHours: hours }).openIntervals(startAt, 1).some((i) => i.start <= startAt && i.end >= endAt);
      if (!open) throw new SchedulingException(SchedulingExceptionCode.SLOT_UNAVAILABLE, 'the new time is outside booking hours');
      await this.bookings.cancel(tx.handle, bookingId, 'rescheduled');
      const now = this.clock.now();
      const next: Booking = { ...old, bookingId: randomUUID(), startAt, endAt, rescheduledFrom: bookingId, status: 'confirmed' };
      const unit = await this.bookings.insertOnFreeUnit(tx.handle, next, config.capacity, now);
      if (unit === null) throw new SchedulingException(SchedulingExceptionCode.SLOT_UNAVAILABLE, 'that time is fully booked');
      const slot = { slotId: startAt.toISOString(), startAt: startAt.toISOString(), endAt: endAt.toISOString(), label: slotLabel(startAt, config.timeZone) };
      await tx.publish(bookingConfirmedV1, scheduledEvent(bookingConfirmedV1, `confirm|${next.bookingId}`, lineageOf(old), now, { ...refOf(old), bookingId: next.bookingId, slot, estimatedValueCents: old.estimatedValueCents, rescheduledFrom: bookingId }));
      await tx.publish(smsSendCommandV1, sendTextCommand(lineageOf(old), now, { key: `confirm|${next.bookingId}`, to: old.callerE164, body: `${config.businessName}: your appointment moved to ${slot.label}.`, purpose: 'caller_notice', automated: true }));
      return next.bookingId;
    });
  }

  /**
   * What staff may book for a caller (the console's booking panel): the next `count` free slots of the location's
   * first service (or `serviceId`), exactly the grid and rules the bot offers from ({@link freeSlots}, no preference:
   * earliest first), and the caller's upcoming confirmed booking there, which a booking would move (null when none).
   * Instants RFC 3339 UTC; labels in the location's time zone.
   * @throws SchedulingException LOCATION_NOT_FOUND (unknown, or a location `scope` may not see).
   */
  async slotsForStaff(scope: AccessScope, request: { locationId: string; callerE164?: string; serviceId?: string; count: number }): Promise<StaffSlots> {
    const config = await this.requireVisibleConfig(scope, request.locationId);
    return this.runner.run(async (tx) => {
      const ranked = await this.freeSlots(tx, config, pickService(config, request.serviceId), request.count);
      const upcoming = request.callerE164 ? await this.bookings.lockUpcomingOfCaller(tx.handle, config.tenantId, config.locationId, request.callerE164, this.clock.now()) : null;
      return {
        timeZone: config.timeZone,
        slots: ranked.slots.map(({ slotId, startAt, endAt, label }) => ({ slotId, startAt, endAt, label })),
        upcoming: upcoming ? { bookingId: upcoming.bookingId, startAt: upcoming.startAt.toISOString(), endAt: upcoming.endAt.toISOString(), label: slotLabel(upcoming.startAt, config.timeZone) } : null,
      };
    });
  }

  /**
   * Books a caller into the free slot starting at `startAt` on behalf of a staff user: the same effects as the
   * caller picking it from the bot's offer (`scheduling.booking.confirmed.v1`, the confirmation text through
   * messaging, the `not_booked` follow-up cadence stopped) and the caller's open offer closed. `startAt` must be a
   * slot {@link freeSlots} would offer now (booking hours, holidays, lead time, travel buffer, capacity). The
   * booking id derives from `requestId`, so a retried request books once and answers the same id.
   * @throws SchedulingException LOCATION_NOT_FOUND (unknown or out of `scope`), BOOKING_EXISTS (the caller has an
   *   upcoming booking there: reschedule it), SLOT_UNAVAILABLE (not a free slot, or taken meanwhile).
   * @returns the booking id.
   */
  async bookByStaff(scope: AccessScope, request: { requestId: string; locationId: string; callerE164: string; startAt: Date; serviceId?: string; leadId?: string; conversationId?: string }): Promise<string> {
    const config = await this.requireVisibleConfig(scope, request.locationId);
    const bookingId = stableId(`staff-booking|${config.locationId}|${request.requestId}`);
    return this.runner.run(async (tx) => {
      const done = await this.bookings.lockBooking(tx.handle, config.tenantId, bookingId);
      if (done) return done.bookingId;
      const now = this.clock.now();
      const existing = await this.bookings.lockUpcomingOfCaller(tx.handle, config.tenantId, config.locationId, request.callerE164, now);
      if (existing) throw new SchedulingException(SchedulingExceptionCode.BOOKING_EXISTS, `the caller is already booked for ${slotLabel(existing.startAt, config.timeZone)}; reschedule that booking instead`);
      const service = pickService(config, request.serviceId);
      const free = await this.freeSlots(tx, config, service, MAX_CANDIDATES);
      const slot = free.slots.find((x) => x.start.getTime() === request.startAt.getTime());
      if (!slot) throw new SchedulingException(SchedulingExceptionCode.SLOT_UNAVAILABLE, 'that time is not a free slot (outside booking hours, too soon, or fully booked)');
      const lineage: Lineage = { tenantId: config.tenantId, locationId: config.locationId, correlationId: bookingId };
      const leadId = request.leadId ?? (await this.leads.openLeadId(tx.handle, config.tenantId, config.locationId, request.callerE164));
      const booking: Booking = {
        bookingId,
        tenantId: config.tenantId,
        locationId: config.locationId,
        callerE164: request.callerE164,
        leadId,
        conversationId: request.conversationId ?? null,
        serviceId: service?.serviceId ?? null,
        offerId: null,
        correlationId: bookingId,
        startAt: slot.start,
        endAt: slot.end,
        status: 'confirmed',
        estimatedValueCents: service?.averageTicketCents ?? 0,
        rescheduledFrom: null,
      };
      const unit = await this.bookings.insertOnFreeUnit(tx.handle, booking, config.capacity, now);
      if (unit === null) throw new SchedulingException(SchedulingExceptionCode.SLOT_UNAVAILABLE, 'that time is fully booked');
      await this.bookings.closeOpenOffers(tx.handle, config.locationId, request.callerE164);
      const { slotId, startAt, endAt, label } = slot;
      await tx.publish(bookingConfirmedV1, scheduledEvent(bookingConfirmedV1, `confirm|${bookingId}`, lineage, now, { ...refOf(booking), bookingId, slot: { slotId, startAt, endAt, label }, estimatedValueCents: booking.estimatedValueCents }));
      await tx.publish(smsSendCommandV1, sendTextCommand(lineage, now, { key: `confirm|${bookingId}`, to: request.callerE164, body: `${config.businessName}: you're booked for ${label}. Reply here if you need to change it.`, purpose: 'conversation_reply', automated: true }));
      await this.followUps.stop(tx, lineage, request.callerE164, 'booking');
      return bookingId;
    });
  }

  /**
   * Free slots for `service` at the location from now, ranked for the caller's preference: the slot grid of the
   * service's booking hours ({@link bookingHoursFor}; minus holidays; starting at least the service's
   * `leadTimeMinutes`, else BOOKING_MIN_NOTICE_MINUTES, ahead; within BOOKING_HORIZON_DAYS) where fewer than
   * `capacity` confirmed bookings overlap the slot widened by the service's `travelBufferMinutes` on each side; then
   * {@link rankOffers}: inside the stated window when it has capacity, else the nearest alternatives, else
   * (no preference) the earliest. At most `count` slots; `exclude` (slot ids) are never offered.
   */
  async freeSlots(
    tx: TransactionContext,
    config: LocationConfig,
    service: LocationService | undefined,
    count: number,
    preference: BookingPreference | null = null,
    exclude: ReadonlySet<string> = new Set(),
  ): Promise<RankedOffers<OfferedSlot & { start: Date; end: Date }>> {
    const now = this.clock.now();
    const slotMinutes = service?.slotMinutes ?? 120;
    const bufferMs = (service?.travelBufferMinutes ?? 0) * 60_000;
    const earliest = new Date(now.getTime() + (service?.leadTimeMinutes ?? this.env.BOOKING_MIN_NOTICE_MINUTES) * 60_000);
    const calendar = new BusinessHoursCalendar({ timeZone: config.timeZone, holidays: config.holidays, businessHours: bookingHoursFor(config, service) });
    const grid = withStartsFor(preference, calendar.slotGrid(earliest, this.env.BOOKING_HORIZON_DAYS, slotMinutes), (minute) => calendar.slotsStartingAt(earliest, this.env.BOOKING_HORIZON_DAYS, slotMinutes, minute));
    const last = grid[grid.length - 1];
    if (!last) return { slots: [], fit: 'earliest' };
    const taken = await this.bookings.confirmedOverlapping(tx.handle, config.locationId, new Date(earliest.getTime() - bufferMs), new Date(last.end.getTime() + bufferMs));
    const candidates: (OfferedSlot & { start: Date; end: Date })[] = [];
    for (const slot of grid) {
      const from = slot.start.getTime() - bufferMs;
      const to = slot.end.getTime() + bufferMs;
      const overlapping = taken.filter((b) => b.start.getTime() < to && b.end.getTime() > from).length;
      if (overlapping >= config.capacity || exclude.has(slot.start.toISOString())) continue;
      candidates.push({ ...slot, slotId: slot.start.toISOString(), startAt: slot.start.toISOString(), endAt: slot.end.toISOString(), label: slotLabel(slot.start, config.timeZone) });
      if (candidates.length >= MAX_CANDIDATES) break;
    }
    return preference ? rankOffers(candidates, preference, count) : { slots: candidates.slice(0, count), fit: 'earliest' };
  }

  /** New offers after a change of mind: the new preference, or (for "none of those") the offer's own, without the slots already offered. */
  private async reofferForChangeOfMind(tx: TransactionContext, config: LocationConfig, lineage: Lineage, offer: BookingOffer, stated: StatedPreference): Promise<SlotReplyOutcome> {
    const keepOld = isOpenPreference(stated.preference) && !stated.preference.asap && offer.preferenceSaid !== null && offer.preferenceAt !== null;
    const next: StatedPreference = keepOld
      ? { said: offer.preferenceSaid ?? '', at: offer.preferenceAt ?? stated.at, preference: parseBookingPreference(offer.preferenceSaid ?? '', { zone: config.timeZone, now: offer.preferenceAt ?? stated.at }) }
      : stated;
    const offerId = stableId(`prefer|${offer.offerId}|${lineage.causationId ?? stated.at.toISOString()}`);
    const made = await this.makeOffer(tx, config, lineage, {
      offerId,
      callerE164: offer.callerE164,
      leadId: offer.leadId,
      conversationId: offer.conversationId,
      service: pickService(config, offer.serviceId ?? undefined),
      intro: `${config.businessName}: no problem, other openings:`,
      textKey: `offer|${offerId}`,
      stated: next,
      exclude: stated.preference.rejectsOffered ? new Set(offer.slots.map((x) => x.slotId)) : new Set(),
      ...(offer.rescheduleOf ? { rescheduleOf: offer.rescheduleOf } : {}),
    });
    return made ? { kind: 're_offered', offerId } : { kind: 'none_left' };
  }

  private async book(tx: TransactionContext, config: LocationConfig, lineage: Lineage, offer: BookingOffer, slot: OfferedSlot): Promise<SlotReplyOutcome> {
    const service = pickService(config, offer.serviceId ?? undefined);
    const now = this.clock.now();
    const booking: Booking = {
      bookingId: stableId(`booking|${offer.offerId}|${slot.slotId}`),
      tenantId: lineage.tenantId,
      locationId: lineage.locationId,
      callerE164: offer.callerE164,
      leadId: offer.leadId ?? (await this.leads.openLeadId(tx.handle, lineage.tenantId, lineage.locationId, offer.callerE164)),
      conversationId: offer.conversationId,
      serviceId: offer.serviceId,
      offerId: offer.offerId,
      correlationId: offer.correlationId,
      startAt: new Date(slot.startAt),
      endAt: new Date(slot.endAt),
      status: 'confirmed',
      estimatedValueCents: service?.averageTicketCents ?? 0,
      rescheduledFrom: null,
    };
    const moving = offer.rescheduleOf ? await this.bookings.lockBooking(tx.handle, lineage.tenantId, offer.rescheduleOf) : null;
    if (moving?.status === 'confirmed') {
      booking.rescheduledFrom = moving.bookingId;
      await this.bookings.cancel(tx.handle, moving.bookingId, 'rescheduled');
    }
    const unit = await this.bookings.insertOnFreeUnit(tx.handle, booking, config.capacity, now);
    if (unit === null && booking.rescheduledFrom) await this.bookings.restore(tx.handle, booking.rescheduledFrom);
    if (unit === null) {
      const offerId = stableId(`reoffer|${offer.offerId}|${slot.slotId}`);
      const made = await this.makeOffer(tx, config, lineage, {
        offerId,
        callerE164: offer.callerE164,
        leadId: offer.leadId,
        conversationId: offer.conversationId,
        service,
        intro: `${config.businessName}: sorry, ${slot.label} was just taken. Next openings:`,
        textKey: `offer|${offerId}`,
        stated: storedPreference(config, offer),
        ...(offer.rescheduleOf ? { rescheduleOf: offer.rescheduleOf } : {}),
      });
      return made ? { kind: 're_offered', offerId } : { kind: 'none_left' };
    }
    await this.bookings.markOfferBooked(tx.handle, offer.offerId);
    await tx.publish(
      bookingConfirmedV1,
      scheduledEvent(bookingConfirmedV1, `confirm|${booking.bookingId}`, lineage, now, { ...refOf(booking), bookingId: booking.bookingId, slot, estimatedValueCents: booking.estimatedValueCents, ...(booking.rescheduledFrom ? { rescheduledFrom: booking.rescheduledFrom } : {}) }),
    );
    const body = booking.rescheduledFrom ? `${config.businessName}: done, your appointment moved to ${slot.label}.` : `${config.businessName}: you're booked for ${slot.label}. Reply here if you need to change it.`;
    await tx.publish(smsSendCommandV1, sendTextCommand(lineage, now, { key: `confirm|${booking.bookingId}`, to: offer.callerE164, body, purpose: 'conversation_reply', automated: true }));
    await this.followUps.stop(tx, { tenantId: lineage.tenantId, locationId: lineage.locationId }, offer.callerE164, 'booking');
    return { kind: 'booked', bookingId: booking.bookingId };
  }

  private async makeOffer(
    tx: TransactionContext,
    config: LocationConfig,
    lineage: Lineage,
    o: {
      offerId: string;
      callerE164: string;
      leadId: string | null;
      conversationId: string | null;
      service: LocationService | undefined;
      intro: string;
      textKey: string;
      rescheduleOf?: string;
      stated?: StatedPreference | null;
      exclude?: ReadonlySet<string>;
    },
  ): Promise<boolean> {
    const stated = o.stated ?? null;
    const ranked = await this.freeSlots(tx, config, o.service, this.env.OFFER_SLOT_COUNT, stated?.preference ?? null, o.exclude);
    const slots: OfferedSlot[] = ranked.slots.map(({ slotId, startAt, endAt, label }) => ({ slotId, startAt, endAt, label }));
    if (slots.length === 0) return false;
    const intro = offerIntro({
      businessName: config.businessName,
      fit: ranked.fit,
      shown: slots.length,
      wanted: this.env.OFFER_SLOT_COUNT,
      label: stated?.preference.label ?? '',
      serviceName: o.service?.name,
      fallback: o.intro,
      reschedule: !!o.rescheduleOf,
    });
    const now = this.clock.now();
    const leadId = o.leadId ?? (await this.leads.openLeadId(tx.handle, lineage.tenantId, lineage.locationId, o.callerE164));
    await this.bookings.replaceOpenOffer(tx.handle, { offerId: o.offerId, tenantId: lineage.tenantId, locationId: lineage.locationId, callerE164: o.callerE164, leadId, conversationId: o.conversationId, serviceId: o.service?.serviceId ?? null, correlationId: lineage.correlationId, slots, createdAt: now, rescheduleOf: o.rescheduleOf ?? null, preferenceSaid: stated?.said ?? null, preferenceAt: stated?.at ?? null });
    const ref = { callerE164: o.callerE164, ...(leadId ? { leadId } : {}), ...(o.conversationId ? { conversationId: o.conversationId } : {}), ...(o.service ? { serviceId: o.service.serviceId } : {}) };
    await tx.publish(bookingOfferedV1, scheduledEvent(bookingOfferedV1, o.offerId, lineage, now, { ...ref, offerId: o.offerId, slots }));
    const list = slots.map((s, i) => `${i + 1}) ${s.label}`).join('\n');
    await tx.publish(smsSendCommandV1, sendTextCommand(lineage, now, { key: o.textKey, to: o.callerE164, body: `${intro}\n${list}\nReply with the number that works.`, purpose: 'conversation_reply', automated: true }));
    return true;
  }

  private async requireConfig(locationId: string): Promise<LocationConfig> {
    const config = await this.directory.get(locationId);
    if (!config) throw new SchedulingException(SchedulingExceptionCode.LOCATION_NOT_FOUND, `location ${locationId} is not in the location directory`);
    return config;
  }

  /** The location's config when `scope` may see it. @throws SchedulingException LOCATION_NOT_FOUND otherwise (unknown or out of scope alike). */
  private async requireVisibleConfig(scope: AccessScope, locationId: string): Promise<LocationConfig> {
    const config = await this.directory.get(locationId);
    if (!config || !canSeeLocation(scope, { tenantId: config.tenantId, locationId: config.locationId, regionId: config.regionId })) throw new SchedulingException(SchedulingExceptionCode.LOCATION_NOT_FOUND, `location ${locationId} not found`);
    return config;
  }

  /** The booking, locked, when `scope` may act on it (its tenant, a location it sees) and it is confirmed. */
  private async requireActive(tx: TransactionContext, scope: AccessScope, bookingId: string): Promise<Booking> {
    const booking = await this.bookings.lockBooking(tx.handle, scope.tenantId, bookingId);
    const config = booking ? await this.directory.get(booking.locationId) : null;
    if (!booking || !canSeeLocation(scope, { tenantId: booking.tenantId, locationId: booking.locationId, regionId: config?.regionId ?? null })) throw new SchedulingException(SchedulingExceptionCode.BOOKING_NOT_FOUND, `booking ${bookingId} not found`);
    if (booking.status !== 'confirmed') throw new SchedulingException(SchedulingExceptionCode.BOOKING_NOT_ACTIVE, `booking ${bookingId} is ${booking.status}`);
    return booking;
  }
}

/** The preference an offer was ranked for, read again relative to when the caller said it; null when none. */
function storedPreference(config: LocationConfig, offer: BookingOffer): StatedPreference | null {
  if (offer.preferenceSaid === null || offer.preferenceAt === null) return null;
  return { said: offer.preferenceSaid, at: offer.preferenceAt, preference: parseBookingPreference(offer.preferenceSaid, { zone: config.timeZone, now: offer.preferenceAt }) };
}

function pickService(config: LocationConfig, serviceId: string | undefined): LocationService | undefined {
  return config.services.find((s) => s.serviceId === serviceId) ?? config.services[0];
}

function lineageOf(b: Booking): Lineage {
  return { tenantId: b.tenantId, locationId: b.locationId, correlationId: b.correlationId };
}

function refOf(b: Booking) {
  return { callerE164: b.callerE164, ...(b.leadId ? { leadId: b.leadId } : {}), ...(b.conversationId ? { conversationId: b.conversationId } : {}), ...(b.serviceId ? { serviceId: b.serviceId } : {}) };
}
