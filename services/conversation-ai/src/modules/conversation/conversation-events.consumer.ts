import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type BookingConfirmedV1,
  type BookingOfferedV1,
  type CallbackScheduledV1,
  type CallMissedV1,
  type ConsentOptedOutV1,
  type ConsentReviewResolvedV1,
  type ConversationTakenOverV1,
  type EventEnvelope,
  type SmsReceivedV1,
  TOPICS,
} from '@textback/contracts';
import { PermanentEventError, RethrowRpcExceptionFilter } from '@textback/kafka';
import { ConversationException, ConversationExceptionCode } from './conversation.exception';
import { ConversationService } from './conversation.service';

/**
 * Thin adapter from the topics conversation-ai consumes to {@link ConversationService}. Payloads
 * are already validated against their contracts (schema failures go to the DLQ); an event for an
 * unknown location is dead-lettered; any other error is rethrown and redelivered.
 */
// Controller-scoped filter: a global RPC filter added after connectMicroservice() is not applied in tests.
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class ConversationEventsConsumer {
  constructor(private readonly conversations: ConversationService) {}

  @EventPattern(TOPICS.callMissed)
  async onCallMissed(@Payload() event: EventEnvelope<CallMissedV1>): Promise<void> {
    await this.conversations.onCallMissed(event);
  }

  @EventPattern(TOPICS.smsReceived)
  async onSmsReceived(@Payload() event: EventEnvelope<SmsReceivedV1>): Promise<void> {
    try {
      await this.conversations.onSmsReceived(event);
    } catch (err) {
      if (err instanceof ConversationException && err.code === ConversationExceptionCode.LOCATION_NOT_FOUND) throw new PermanentEventError(err.message, { cause: err });
      throw err;
    }
  }

  @EventPattern(TOPICS.conversationTakenOver)
  async onTakenOver(@Payload() event: EventEnvelope<ConversationTakenOverV1>): Promise<void> {
    await this.conversations.onTakenOver(event);
  }

  @EventPattern(TOPICS.conversationReleased)
  async onReleased(@Payload() event: EventEnvelope<ConversationTakenOverV1>): Promise<void> {
    await this.conversations.onReleased(event);
  }

  @EventPattern(TOPICS.bookingOffered)
  async onBookingOffered(@Payload() event: EventEnvelope<BookingOfferedV1>): Promise<void> {
    await this.conversations.onBookingOffered(event);
  }

  @EventPattern(TOPICS.bookingConfirmed)
  async onBookingConfirmed(@Payload() event: EventEnvelope<BookingConfirmedV1>): Promise<void> {
    await this.conversations.onBookingConfirmed(event);
  }

  @EventPattern(TOPICS.callbackScheduled)
  async onCallbackScheduled(@Payload() event: EventEnvelope<CallbackScheduledV1>): Promise<void> {
    await this.conversations.onCallbackScheduled(event);
  }

  @EventPattern(TOPICS.consentReviewResolved)
  async onConsentReviewResolved(@Payload() event: EventEnvelope<ConsentReviewResolvedV1>): Promise<void> {
    await this.conversations.onConsentReviewResolved(event);
  }

  @EventPattern(TOPICS.consentOptedOut)
  async onOptedOut(@Payload() event: EventEnvelope<ConsentOptedOutV1>): Promise<void> {
    await this.conversations.onOptedOut(event);
  }
}
