import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type LeadQualifiedV1, TOPICS } from '@textback/contracts';
import { RethrowRpcExceptionFilter } from '@textback/kafka';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { CallbackService } from '../callback/callback.service';
import { applyOnce } from '../shared/apply-once.util';
import { BookingService } from './booking.service';

/** `conversation.lead.qualified.v1`: offer slots (or, for intent `callback`, a callback task). */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class LeadQualifiedConsumer {
  constructor(
    private readonly bookings: BookingService,
    private readonly callbacks: CallbackService,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
  ) {}

  @EventPattern(TOPICS.leadQualified)
  async onLeadQualified(@Payload() event: EventEnvelope<LeadQualifiedV1>): Promise<void> {
    await applyOnce(this.runner, this.definition.name, event, async (tx) => {
      if (event.data.intent === 'callback') {
        const lineage = { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id };
        return this.callbacks.schedule(tx, lineage, { taskKey: `conversation:${event.data.conversationId}`, callerE164: event.data.callerE164, reason: 'caller_asked' });
      }
      return this.bookings.offerForQualifiedLead(tx, event);
    });
  }
}
