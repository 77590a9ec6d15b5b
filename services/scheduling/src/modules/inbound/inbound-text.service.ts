import { Injectable } from '@nestjs/common';
import { type EventEnvelope, type SmsReceivedV1 } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { BookingService } from '../booking/booking.service';
import { DispatchService } from '../dispatch/dispatch.service';
import { FollowUpService } from '../follow-up/follow-up.service';

/** What scheduling did with an inbound text. */
export type InboundTextOutcome = 'acknowledged_page' | 'booking_reply' | 'reply';

/**
 * Routes a text someone sent to a location number: "ACK" from a paged on-call number
 * acknowledges the dispatch; from a caller, any reply stops their follow-up cadence (a
 * `needsReview` stop request too) and, with an open offer, a pick books the slot.
 */
@Injectable()
export class InboundTextService {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly followUps: FollowUpService,
    private readonly bookings: BookingService,
  ) {}

  async handle(tx: TransactionContext, event: EventEnvelope<SmsReceivedV1>): Promise<InboundTextOutcome> {
    const { from, body } = event.data;
    if (/^\s*ack\b/i.test(body) && (await this.dispatch.acknowledgeBySms(tx, event.locationId, from))) return 'acknowledged_page';
    const lineage = { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id };
    const outcome = event.data.needsReview ? ({ kind: 'not_a_choice' } as const) : await this.bookings.handleReply(tx, lineage, from, body, new Date(event.data.receivedAt));
    // A pick that booked already stopped the cadence with reason `booking`; any other reply stops it here.
    await this.followUps.stop(tx, { tenantId: event.tenantId, locationId: event.locationId }, from, 'reply');
    return outcome.kind === 'no_offer' || outcome.kind === 'before_offer' || outcome.kind === 'not_a_choice' ? 'reply' : 'booking_reply';
  }
}
