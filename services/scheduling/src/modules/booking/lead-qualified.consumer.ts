import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type LeadQualifiedV1, TOPICS } from '@textback/contracts';
import { ConsumeEvent, RethrowRpcExceptionFilter } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { CallbackService } from '../callback/callback.service';
import { BookingService } from './booking.service';

/** `conversation.lead.qualified.v1`: offer slots (or, for intent `callback`, a callback task). */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class LeadQualifiedConsumer {
  constructor(
    private readonly bookings: BookingService,
    private readonly callbacks: CallbackService,
  ) {}

  @ConsumeEvent(TOPICS.leadQualified)
  async onLeadQualified(@Payload() event: EventEnvelope<LeadQualifiedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    if (event.data.intent === 'callback') {
      const lineage = { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id };
      await this.callbacks.schedule(tx, lineage, { taskKey: `conversation:${event.data.conversationId}`, callerE164: event.data.callerE164, reason: 'caller_asked' });
      return;
    }
    await this.bookings.offerForQualifiedLead(tx, event);
  }
}
