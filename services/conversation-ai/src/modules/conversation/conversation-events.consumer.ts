import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
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
import { ConsumeEvent, type OwnTransaction, PermanentEventError, RethrowRpcExceptionFilter } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { ConversationException, ConversationExceptionCode } from './conversation.exception';
import { ConversationService } from './conversation.service';

/**
 * Thin adapter from the topics conversation-ai consumes to {@link ConversationService}. Payloads
 * are already validated against their contracts (schema failures go to the DLQ) and claimed in the inbox of the
 * service's consumer group with the transaction they are applied in; an event for an
 * unknown location is dead-lettered; any other error is rethrown and redelivered.
 */
// Controller-scoped filter: a global RPC filter added after connectMicroservice() is not applied in tests.
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class ConversationEventsConsumer {
  constructor(private readonly conversations: ConversationService) {}

  @ConsumeEvent(TOPICS.callMissed)
  async onCallMissed(@Payload() event: EventEnvelope<CallMissedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.onCallMissed(tx, event);
  }

  // Understanding a text may call a language model: no transaction is held meanwhile ('own').
  @ConsumeEvent(TOPICS.smsReceived, { transaction: 'own' })
  async onSmsReceived(@Payload() event: EventEnvelope<SmsReceivedV1>, @Ctx() inbox: OwnTransaction<TransactionContext>): Promise<void> {
    try {
      await this.conversations.onSmsReceived(event, inbox);
    } catch (err) {
      if (err instanceof ConversationException && err.code === ConversationExceptionCode.LOCATION_NOT_FOUND) throw new PermanentEventError(err.message, { cause: err });
      throw err;
    }
  }

  @ConsumeEvent(TOPICS.conversationTakenOver)
  async onTakenOver(@Payload() event: EventEnvelope<ConversationTakenOverV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.onTakenOver(tx, event);
  }

  @ConsumeEvent(TOPICS.conversationReleased)
  async onReleased(@Payload() event: EventEnvelope<ConversationTakenOverV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.onReleased(tx, event);
  }

  @ConsumeEvent(TOPICS.bookingOffered)
  async onBookingOffered(@Payload() event: EventEnvelope<BookingOfferedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.onBookingOffered(tx, event);
  }

  @ConsumeEvent(TOPICS.bookingConfirmed)
  async onBookingConfirmed(@Payload() event: EventEnvelope<BookingConfirmedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.onBookingConfirmed(tx, event);
  }

  @ConsumeEvent(TOPICS.callbackScheduled)
  async onCallbackScheduled(@Payload() event: EventEnvelope<CallbackScheduledV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.onCallbackScheduled(tx, event);
  }

  @ConsumeEvent(TOPICS.consentReviewResolved)
  async onConsentReviewResolved(@Payload() event: EventEnvelope<ConsentReviewResolvedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.onConsentReviewResolved(tx, event);
  }

  @ConsumeEvent(TOPICS.consentOptedOut)
  async onOptedOut(@Payload() event: EventEnvelope<ConsentOptedOutV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.onOptedOut(tx, event);
  }
}
