import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, TOPICS } from '@textback/contracts';
import { ConversationProjector } from './conversation-projector.service';

/**
 * Feeds the inbox projection. Payloads arrive validated against their contracts (ContractKafkaServer: a
 * schema failure goes to the DLQ); a thrown error is retried (the offset is not committed).
 */
@Controller()
export class ConversationProjectionConsumer {
  constructor(private readonly projector: ConversationProjector) {}

  @EventPattern(TOPICS.callMissed)
  async onCallMissed(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.callMissed, e);
  }

  @EventPattern(TOPICS.firstTextDecided)
  async onFirstTextDecided(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.firstTextDecided, e);
  }

  @EventPattern(TOPICS.smsReceived)
  async onSmsReceived(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.smsReceived, e);
  }

  @EventPattern(TOPICS.smsSend)
  async onSendCommand(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.smsSend, e);
  }

  @EventPattern(TOPICS.smsSent)
  async onSmsSent(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.smsSent, e);
  }

  @EventPattern(TOPICS.smsSuppressed)
  async onSmsSuppressed(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.smsSuppressed, e);
  }

  @EventPattern(TOPICS.intentCaptured)
  async onIntentCaptured(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.intentCaptured, e);
  }

  @EventPattern(TOPICS.urgentDetected)
  async onUrgentDetected(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.urgentDetected, e);
  }

  @EventPattern(TOPICS.leadCreated)
  async onLeadCreated(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.leadCreated, e);
  }

  @EventPattern(TOPICS.leadStageChanged)
  async onLeadStageChanged(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.leadStageChanged, e);
  }

  @EventPattern(TOPICS.conversationTakenOver)
  async onTakenOver(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.conversationTakenOver, e);
  }

  @EventPattern(TOPICS.conversationReleased)
  async onReleased(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.conversationReleased, e);
  }

  @EventPattern(TOPICS.consentOptedOut)
  async onOptedOut(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.consentOptedOut, e);
  }

  @EventPattern(TOPICS.consentOptedIn)
  async onOptedIn(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.consentOptedIn, e);
  }

  @EventPattern(TOPICS.callbackScheduled)
  async onCallbackScheduled(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.callbackScheduled, e);
  }

  @EventPattern(TOPICS.bookingConfirmed)
  async onBookingConfirmed(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.bookingConfirmed, e);
  }

  @EventPattern(TOPICS.bookingCancelled)
  async onBookingCancelled(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.bookingCancelled, e);
  }

  @EventPattern(TOPICS.dispatchPaged)
  async onDispatchPaged(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.dispatchPaged, e);
  }

  @EventPattern(TOPICS.dispatchEscalated)
  async onDispatchEscalated(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.dispatchEscalated, e);
  }

  @EventPattern(TOPICS.dispatchAcknowledged)
  async onDispatchAcknowledged(@Payload() e: EventEnvelope<unknown>): Promise<void> {
    await this.projector.apply(TOPICS.dispatchAcknowledged, e);
  }
}
