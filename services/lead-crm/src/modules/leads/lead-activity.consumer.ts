import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
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
import { ConsumeEvent } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { LEAD_ACTIVITY_GROUP } from './lead-activity.service';
import { RecordCallUsecase } from './usecases/record-call/record-call.usecase';
import { RecordConversationUsecase } from './usecases/record-conversation/record-conversation.usecase';
import { RecordMessageUsecase } from './usecases/record-message/record-message.usecase';
import { RecordSchedulingUsecase } from './usecases/record-scheduling/record-scheduling.usecase';

/**
 * Every event about a caller, applied to contact, lead and timeline. Payloads arrive validated against their
 * contracts, with the transaction the consumer claimed the event in (inbox group {@link LEAD_ACTIVITY_GROUP}); the
 * records of one Kafka batch share it. A thrown error retries (offset not committed).
 */
@Controller()
export class LeadActivityConsumer {
  constructor(
    private readonly call: RecordCallUsecase,
    private readonly messages: RecordMessageUsecase,
    private readonly conversation: RecordConversationUsecase,
    private readonly scheduling: RecordSchedulingUsecase,
  ) {}

  @ConsumeEvent(TOPICS.callReceived, { group: LEAD_ACTIVITY_GROUP })
  async onCallReceived(@Payload() e: EventEnvelope<CallReceivedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.call.callReceived(tx, e);
  }

  @ConsumeEvent(TOPICS.callAnswered, { group: LEAD_ACTIVITY_GROUP })
  async onCallAnswered(@Payload() e: EventEnvelope<CallAnsweredV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.call.callAnswered(tx, e);
  }

  @ConsumeEvent(TOPICS.callMissed, { group: LEAD_ACTIVITY_GROUP })
  async onCallMissed(@Payload() e: EventEnvelope<CallMissedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.call.callMissed(tx, e);
  }

  @ConsumeEvent(TOPICS.callVoicemail, { group: LEAD_ACTIVITY_GROUP })
  async onCallVoicemail(@Payload() e: EventEnvelope<CallVoicemailV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.call.callVoicemail(tx, e);
  }

  @ConsumeEvent(TOPICS.smsSent, { group: LEAD_ACTIVITY_GROUP })
  async onSmsSent(@Payload() e: EventEnvelope<SmsSentV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.smsSent(tx, e);
  }

  @ConsumeEvent(TOPICS.smsDelivered, { group: LEAD_ACTIVITY_GROUP })
  async onSmsDelivered(@Payload() e: EventEnvelope<SmsDeliveredV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.smsDelivered(tx, e);
  }

  @ConsumeEvent(TOPICS.smsFailed, { group: LEAD_ACTIVITY_GROUP })
  async onSmsFailed(@Payload() e: EventEnvelope<SmsFailedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.smsFailed(tx, e);
  }

  @ConsumeEvent(TOPICS.smsReceived, { group: LEAD_ACTIVITY_GROUP })
  async onSmsReceived(@Payload() e: EventEnvelope<SmsReceivedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.smsReceived(tx, e);
  }

  @ConsumeEvent(TOPICS.consentOptedOut, { group: LEAD_ACTIVITY_GROUP })
  async onOptedOut(@Payload() e: EventEnvelope<ConsentOptedOutV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.consentChanged(tx, e, true);
  }

  @ConsumeEvent(TOPICS.consentReviewOpened, { group: LEAD_ACTIVITY_GROUP })
  async onConsentReviewOpened(@Payload() e: EventEnvelope<ConsentReviewOpenedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.consentReviewOpened(tx, e);
  }

  @ConsumeEvent(TOPICS.consentReviewResolved, { group: LEAD_ACTIVITY_GROUP })
  async onConsentReviewResolved(@Payload() e: EventEnvelope<ConsentReviewResolvedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.consentReviewResolved(tx, e);
  }

  @ConsumeEvent(TOPICS.consentOptedIn, { group: LEAD_ACTIVITY_GROUP })
  async onOptedIn(@Payload() e: EventEnvelope<ConsentOptedInV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.consentChanged(tx, e, false);
  }

  @ConsumeEvent(TOPICS.firstTextDecided, { group: LEAD_ACTIVITY_GROUP })
  async onFirstTextDecided(@Payload() e: EventEnvelope<FirstTextDecidedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.firstTextDecided(tx, e);
  }

  @ConsumeEvent(TOPICS.callbackTaskRequested, { group: LEAD_ACTIVITY_GROUP })
  async onCallbackTaskRequested(@Payload() e: EventEnvelope<CallbackTaskRequestedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.messages.callbackTaskRequested(tx, e);
  }

  @ConsumeEvent(TOPICS.intentCaptured, { group: LEAD_ACTIVITY_GROUP })
  async onIntentCaptured(@Payload() e: EventEnvelope<IntentCapturedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversation.intentCaptured(tx, e);
  }

  @ConsumeEvent(TOPICS.leadQualified, { group: LEAD_ACTIVITY_GROUP })
  async onLeadQualified(@Payload() e: EventEnvelope<LeadQualifiedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversation.leadQualified(tx, e);
  }

  @ConsumeEvent(TOPICS.urgentDetected, { group: LEAD_ACTIVITY_GROUP })
  async onUrgentDetected(@Payload() e: EventEnvelope<UrgentDetectedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversation.urgentDetected(tx, e);
  }

  @ConsumeEvent(TOPICS.handoffRequested, { group: LEAD_ACTIVITY_GROUP })
  async onHandoffRequested(@Payload() e: EventEnvelope<HandoffRequestedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversation.handoffRequested(tx, e);
  }

  @ConsumeEvent(TOPICS.bookingOffered, { group: LEAD_ACTIVITY_GROUP })
  async onBookingOffered(@Payload() e: EventEnvelope<BookingOfferedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.scheduling.bookingOffered(tx, e);
  }

  @ConsumeEvent(TOPICS.bookingConfirmed, { group: LEAD_ACTIVITY_GROUP })
  async onBookingConfirmed(@Payload() e: EventEnvelope<BookingConfirmedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.scheduling.bookingConfirmed(tx, e);
  }

  @ConsumeEvent(TOPICS.bookingCancelled, { group: LEAD_ACTIVITY_GROUP })
  async onBookingCancelled(@Payload() e: EventEnvelope<BookingCancelledV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.scheduling.bookingCancelled(tx, e);
  }

  @ConsumeEvent(TOPICS.callbackScheduled, { group: LEAD_ACTIVITY_GROUP })
  async onCallbackScheduled(@Payload() e: EventEnvelope<CallbackScheduledV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.scheduling.callbackScheduled(tx, e);
  }

  @ConsumeEvent(TOPICS.dispatchPaged, { group: LEAD_ACTIVITY_GROUP })
  async onDispatchPaged(@Payload() e: EventEnvelope<DispatchPagedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.scheduling.dispatch(tx, e);
  }

  @ConsumeEvent(TOPICS.dispatchAcknowledged, { group: LEAD_ACTIVITY_GROUP })
  async onDispatchAcknowledged(@Payload() e: EventEnvelope<DispatchAcknowledgedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.scheduling.dispatch(tx, e);
  }

  @ConsumeEvent(TOPICS.dispatchEscalated, { group: LEAD_ACTIVITY_GROUP })
  async onDispatchEscalated(@Payload() e: EventEnvelope<DispatchEscalatedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.scheduling.dispatch(tx, e);
  }
}
