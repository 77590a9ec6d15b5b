import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, TOPICS } from '@textback/contracts';
import { ConsumeEvent } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { ConversationProjector, INBOX_PROJECTION_GROUP } from './conversation-projector.service';

/**
 * Feeds the inbox projection. Payloads arrive validated against their contracts (a schema failure goes to the
 * DLQ), with the consumer's transaction (the records of one Kafka batch share it); a thrown error is retried.
 */
@Controller()
export class ConversationProjectionConsumer {
  constructor(private readonly projector: ConversationProjector) {}

  @ConsumeEvent(TOPICS.callMissed, { group: INBOX_PROJECTION_GROUP })
  async onCallMissed(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.callMissed, e);
  }

  @ConsumeEvent(TOPICS.firstTextDecided, { group: INBOX_PROJECTION_GROUP })
  async onFirstTextDecided(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.firstTextDecided, e);
  }

  @ConsumeEvent(TOPICS.smsReceived, { group: INBOX_PROJECTION_GROUP })
  async onSmsReceived(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.smsReceived, e);
  }

  @ConsumeEvent(TOPICS.smsSend, { group: INBOX_PROJECTION_GROUP })
  async onSendCommand(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.smsSend, e);
  }

  @ConsumeEvent(TOPICS.smsSent, { group: INBOX_PROJECTION_GROUP })
  async onSmsSent(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.smsSent, e);
  }

  @ConsumeEvent(TOPICS.smsSuppressed, { group: INBOX_PROJECTION_GROUP })
  async onSmsSuppressed(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.smsSuppressed, e);
  }

  @ConsumeEvent(TOPICS.intentCaptured, { group: INBOX_PROJECTION_GROUP })
  async onIntentCaptured(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.intentCaptured, e);
  }

  @ConsumeEvent(TOPICS.urgentDetected, { group: INBOX_PROJECTION_GROUP })
  async onUrgentDetected(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.urgentDetected, e);
  }

  @ConsumeEvent(TOPICS.leadCreated, { group: INBOX_PROJECTION_GROUP })
  async onLeadCreated(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.leadCreated, e);
  }

  @ConsumeEvent(TOPICS.leadStageChanged, { group: INBOX_PROJECTION_GROUP })
  async onLeadStageChanged(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.leadStageChanged, e);
  }

  @ConsumeEvent(TOPICS.conversationTakenOver, { group: INBOX_PROJECTION_GROUP })
  async onTakenOver(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.conversationTakenOver, e);
  }

  @ConsumeEvent(TOPICS.conversationReleased, { group: INBOX_PROJECTION_GROUP })
  async onReleased(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.conversationReleased, e);
  }

  @ConsumeEvent(TOPICS.consentOptedOut, { group: INBOX_PROJECTION_GROUP })
  async onOptedOut(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.consentOptedOut, e);
  }

  @ConsumeEvent(TOPICS.consentOptedIn, { group: INBOX_PROJECTION_GROUP })
  async onOptedIn(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.consentOptedIn, e);
  }

  @ConsumeEvent(TOPICS.callbackScheduled, { group: INBOX_PROJECTION_GROUP })
  async onCallbackScheduled(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.callbackScheduled, e);
  }

  @ConsumeEvent(TOPICS.bookingConfirmed, { group: INBOX_PROJECTION_GROUP })
  async onBookingConfirmed(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.bookingConfirmed, e);
  }

  @ConsumeEvent(TOPICS.bookingCancelled, { group: INBOX_PROJECTION_GROUP })
  async onBookingCancelled(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.bookingCancelled, e);
  }

  @ConsumeEvent(TOPICS.dispatchPaged, { group: INBOX_PROJECTION_GROUP })
  async onDispatchPaged(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.dispatchPaged, e);
  }

  @ConsumeEvent(TOPICS.dispatchEscalated, { group: INBOX_PROJECTION_GROUP })
  async onDispatchEscalated(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.dispatchEscalated, e);
  }

  @ConsumeEvent(TOPICS.dispatchAcknowledged, { group: INBOX_PROJECTION_GROUP })
  async onDispatchAcknowledged(@Payload() e: EventEnvelope<unknown>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.projector.apply(tx, TOPICS.dispatchAcknowledged, e);
  }
}
