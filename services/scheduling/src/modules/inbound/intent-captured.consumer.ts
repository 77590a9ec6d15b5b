import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type IntentCapturedV1, TOPICS } from '@textback/contracts';
import { ConsumeEvent, RethrowRpcExceptionFilter } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { BookingService } from '../booking/booking.service';
import { CallbackService } from '../callback/callback.service';

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
  ) {}

  @ConsumeEvent(TOPICS.intentCaptured)
  async onIntentCaptured(@Payload() event: EventEnvelope<IntentCapturedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    const { intent, callerE164, conversationId } = event.data;
    if (intent !== 'callback' && intent !== 'cancel' && intent !== 'reschedule') return;
    const lineage = { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id };
    if (intent === 'callback') await this.callbacks.schedule(tx, lineage, { taskKey: `conversation:${conversationId}`, callerE164, reason: 'caller_asked' });
    else await this.bookings.handleBookingIntent(tx, lineage, callerE164, intent);
  }
}
