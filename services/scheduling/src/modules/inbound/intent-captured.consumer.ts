import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type IntentCapturedV1, TOPICS } from '@textback/contracts';
import { RethrowRpcExceptionFilter } from '@textback/kafka';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { BookingService } from '../booking/booking.service';
import { CallbackService } from '../callback/callback.service';
import { applyOnce } from '../shared/apply-once.util';

/**
 * `conversation.intent.captured.v1`: intent `callback` gets a callback task; `cancel` and
 * `reschedule` act on the caller's next booking. Other intents are conversation-ai's.
 */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class IntentCapturedConsumer {
  constructor(
    private readonly callbacks: CallbackService,
    private readonly bookings: BookingService,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
  ) {}

  @EventPattern(TOPICS.intentCaptured)
  async onIntentCaptured(@Payload() event: EventEnvelope<IntentCapturedV1>): Promise<void> {
    const { intent, callerE164, conversationId } = event.data;
    if (intent !== 'callback' && intent !== 'cancel' && intent !== 'reschedule') return;
    const lineage = { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id };
    await applyOnce(this.runner, this.definition.name, event, (tx) =>
      intent === 'callback' ? this.callbacks.schedule(tx, lineage, { taskKey: `conversation:${conversationId}`, callerE164, reason: 'caller_asked' }) : this.bookings.handleBookingIntent(tx, lineage, callerE164, intent),
    );
  }
}
