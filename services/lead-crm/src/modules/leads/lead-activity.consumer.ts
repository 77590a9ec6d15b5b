import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type BookingCancelledV1,
  type BookingConfirmedV1,
  type BookingOfferedV1,
  type CallAnsweredV1,
  type CallbackScheduledV1,
  type CallbackTaskRequestedV1,
  type CallMissedV1,
  type CallReceivedV1,
  type CallVoicemailV1,
  type ConsentOptedInV1,
  type ConsentOptedOutV1,
  type ConsentReviewOpenedV1,
  type ConsentReviewResolvedV1,
  type DispatchAcknowledgedV1,
  type DispatchEscalatedV1,
  type DispatchPagedV1,
  type EventEnvelope,
  type FirstTextDecidedV1,
  type HandoffRequestedV1,
  type IntentCapturedV1,
  type LeadQualifiedV1,
  type SmsDeliveredV1,
  type SmsFailedV1,
  type SmsReceivedV1,
  type SmsSentV1,
  TOPICS,
  type UrgentDetectedV1,
} from '@textback/contracts';
import { RecordCallUsecase } from './usecases/record-call/record-call.usecase';
import { RecordConversationUsecase } from './usecases/record-conversation/record-conversation.usecase';
import { RecordMessageUsecase } from './usecases/record-message/record-message.usecase';
import { RecordSchedulingUsecase } from './usecases/record-scheduling/record-scheduling.usecase';

/**
 * Every event about a caller, applied to contact, lead and timeline. Payloads arrive validated
 * against their contracts (ContractKafkaServer); a thrown error retries (offset not committed).
 */
@Controller()
export class LeadActivityConsumer {
  constructor(
    private readonly call: RecordCallUsecase,
    private readonly messages: RecordMessageUsecase,
    private readonly conversation: RecordConversationUsecase,
    private readonly scheduling: RecordSchedulingUsecase,
  ) {}

  @EventPattern(TOPICS.callReceived)
  async onCallReceived(@Payload() e: EventEnvelope<CallReceivedV1>): Promise<void> {
    await this.call.callReceived(e);
  }

  @EventPattern(TOPICS.callAnswered)
  async onCallAnswered(@Payload() e: EventEnvelope<CallAnsweredV1>): Promise<void> {
    await this.call.callAnswered(e);
  }

  @EventPattern(TOPICS.callMissed)
  async onCallMissed(@Payload() e: EventEnvelope<CallMissedV1>): Promise<void> {
    await this.call.callMissed(e);
  }

  @EventPattern(TOPICS.callVoicemail)
  async onCallVoicemail(@Payload() e: EventEnvelope<CallVoicemailV1>): Promise<void> {
    await this.call.callVoicemail(e);
  }

  @EventPattern(TOPICS.smsSent)
  async onSmsSent(@Payload() e: EventEnvelope<SmsSentV1>): Promise<void> {
    await this.messages.smsSent(e);
  }

  @EventPattern(TOPICS.smsDelivered)
  async onSmsDelivered(@Payload() e: EventEnvelope<SmsDeliveredV1>): Promise<void> {
    await this.messages.smsDelivered(e);
  }

  @EventPattern(TOPICS.smsFailed)
  async onSmsFailed(@Payload() e: EventEnvelope<SmsFailedV1>): Promise<void> {
    await this.messages.smsFailed(e);
  }

  @EventPattern(TOPICS.smsReceived)
  async onSmsReceived(@Payload() e: EventEnvelope<SmsReceivedV1>): Promise<void> {
    await this.messages.smsReceived(e);
  }

  @EventPattern(TOPICS.consentOptedOut)
  async onOptedOut(@Payload() e: EventEnvelope<ConsentOptedOutV1>): Promise<void> {
    await this.messages.consentChanged(e, true);
  }

  @EventPattern(TOPICS.consentReviewOpened)
  async onConsentReviewOpened(@Payload() e: EventEnvelope<ConsentReviewOpenedV1>): Promise<void> {
    await this.messages.consentReviewOpened(e);
  }

  @EventPattern(TOPICS.consentReviewResolved)
  async onConsentReviewResolved(@Payload() e: EventEnvelope<ConsentReviewResolvedV1>): Promise<void> {
    await this.messages.consentReviewResolved(e);
  }

  @EventPattern(TOPICS.consentOptedIn)
  async onOptedIn(@Payload() e: EventEnvelope<ConsentOptedInV1>): Promise<void> {
    await this.messages.consentChanged(e, false);
  }

  @EventPattern(TOPICS.firstTextDecided)
  async onFirstTextDecided(@Payload() e: EventEnvelope<FirstTextDecidedV1>): Promise<void> {
    await this.messages.firstTextDecided(e);
  }

  @EventPattern(TOPICS.callbackTaskRequested)
  async onCallbackTaskRequested(@Payload() e: EventEnvelope<CallbackTaskRequestedV1>): Promise<void> {
    await this.messages.callbackTaskRequested(e);
  }

  @EventPattern(TOPICS.intentCaptured)
  async onIntentCaptured(@Payload() e: EventEnvelope<IntentCapturedV1>): Promise<void> {
    await this.conversation.intentCaptured(e);
  }

  @EventPattern(TOPICS.leadQualified)
  async onLeadQualified(@Payload() e: EventEnvelope<LeadQualifiedV1>): Promise<void> {
    await this.conversation.leadQualified(e);
  }

  @EventPattern(TOPICS.urgentDetected)
  async onUrgentDetected(@Payload() e: EventEnvelope<UrgentDetectedV1>): Promise<void> {
    await this.conversation.urgentDetected(e);
  }

  @EventPattern(TOPICS.handoffRequested)
  async onHandoffRequested(@Payload() e: EventEnvelope<HandoffRequestedV1>): Promise<void> {
    await this.conversation.handoffRequested(e);
  }

  @EventPattern(TOPICS.bookingOffered)
  async onBookingOffered(@Payload() e: EventEnvelope<BookingOfferedV1>): Promise<void> {
    await this.scheduling.bookingOffered(e);
  }

  @EventPattern(TOPICS.bookingConfirmed)
  async onBookingConfirmed(@Payload() e: EventEnvelope<BookingConfirmedV1>): Promise<void> {
    await this.scheduling.bookingConfirmed(e);
  }

  @EventPattern(TOPICS.bookingCancelled)
  async onBookingCancelled(@Payload() e: EventEnvelope<BookingCancelledV1>): Promise<void> {
    await this.scheduling.bookingCancelled(e);
  }

  @EventPattern(TOPICS.callbackScheduled)
  async onCallbackScheduled(@Payload() e: EventEnvelope<CallbackScheduledV1>): Promise<void> {
    await this.scheduling.callbackScheduled(e);
  }

  @EventPattern(TOPICS.dispatchPaged)
  async onDispatchPaged(@Payload() e: EventEnvelope<DispatchPagedV1>): Promise<void> {
    await this.scheduling.dispatch(e);
  }

  @EventPattern(TOPICS.dispatchAcknowledged)
  async onDispatchAcknowledged(@Payload() e: EventEnvelope<DispatchAcknowledgedV1>): Promise<void> {
    await this.scheduling.dispatch(e);
  }

  @EventPattern(TOPICS.dispatchEscalated)
  async onDispatchEscalated(@Payload() e: EventEnvelope<DispatchEscalatedV1>): Promise<void> {
    await this.scheduling.dispatch(e);
  }
}
