import { Injectable } from '@nestjs/common';
import { type BookingCancelledV1, type BookingConfirmedV1, type BookingOfferedV1, type CallbackScheduledV1, type DispatchAcknowledgedV1, type DispatchEscalatedV1, type DispatchPagedV1, type EventEnvelope } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { LeadActivityService } from '../../lead-activity.service';

type Env<T> = EventEnvelope<T>;

/** Applies scheduling's facts: offers, bookings, callbacks, pages. Once per event id (inbox), through {@link LeadActivityService}. */
@Injectable()
export class RecordSchedulingUsecase {
  constructor(private readonly activity: LeadActivityService) {}

  async bookingOffered(tx: TransactionContext, e: Env<BookingOfferedV1>): Promise<void> {
    await this.activity.apply(tx, e, { callerE164: e.data.callerE164, timeline: { kind: 'booking', at: e.time, summary: `Offered ${e.data.slots.map((s) => s.label).join(', ')}`, data: { offerId: e.data.offerId } } });
  }

  async bookingConfirmed(tx: TransactionContext, e: Env<BookingConfirmedV1>): Promise<void> {
    await this.activity.apply(tx, e, {
      callerE164: e.data.callerE164,
      stage: 'booked',
      patch: { estimatedValueCents: e.data.estimatedValueCents, ...(e.data.serviceId ? { serviceId: e.data.serviceId } : {}) },
      timeline: { kind: 'booking', at: e.time, summary: `Booked ${e.data.slot.label}`, data: { bookingId: e.data.bookingId, startAt: e.data.slot.startAt } },
    });
  }

  async bookingCancelled(tx: TransactionContext, e: Env<BookingCancelledV1>): Promise<void> {
    await this.activity.apply(tx, e, {
      callerE164: e.data.callerE164,
      timeline: { kind: 'booking', at: e.time, summary: `Booking cancelled${e.data.reason ? `: ${e.data.reason}` : ''}`, data: { bookingId: e.data.bookingId } },
      task: { kind: 'review', key: `booking-cancelled:${e.data.bookingId}`, reason: 'Booking cancelled: rebook or mark lost' },
    });
  }

  async callbackScheduled(tx: TransactionContext, e: Env<CallbackScheduledV1>): Promise<void> {
    const task = { kind: 'callback' as const, key: `callback:${e.data.taskId}`, reason: e.data.reason, windowStart: e.data.windowStart, windowEnd: e.data.windowEnd };
    if (!e.data.callerE164) return this.activity.openTaskWithoutCaller(tx, e, task);
    await this.activity.apply(tx, e, { callerE164: e.data.callerE164, task });
  }

  async dispatch(tx: TransactionContext, e: Env<DispatchPagedV1 | DispatchAcknowledgedV1 | DispatchEscalatedV1>): Promise<void> {
    const d = e.data;
    const summary =
      'pagedAt' in d
        ? `Paged ${d.onCallName} (${d.role}, attempt ${d.attempt})`
        : 'acknowledgedAt' in d
          ? `Page acknowledged by ${d.acknowledgedBy} after ${Math.round(d.secondsToAcknowledge)}s`
          : `Page escalated to attempt ${d.toAttempt}${d.exhausted ? ' (nobody left)' : ''}`;
    const at = 'pagedAt' in d ? d.pagedAt : 'acknowledgedAt' in d ? d.acknowledgedAt : d.escalatedAt;
    await this.activity.apply(tx, e, { callerE164: d.callerE164, timeline: { kind: 'page', at, summary, data: { dispatchId: d.dispatchId } } });
  }
}
