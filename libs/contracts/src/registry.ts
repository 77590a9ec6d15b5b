import { type Contract } from './contract';
import { callbackTaskRequestedV1 } from './events/messaging/callback-task-requested.v1';
import { firstTextDecidedV1 } from './events/messaging/first-text-decided.v1';
import { handoffRequestedV1 } from './events/conversation/handoff-requested.v1';
import { intentCapturedV1 } from './events/conversation/intent-captured.v1';
import { leadQualifiedV1 } from './events/conversation/lead-qualified.v1';
import { urgentDetectedV1 } from './events/conversation/urgent-detected.v1';
import { conversationReleasedV1, conversationTakenOverV1 } from './events/crm/conversation-takeover.v1';
import { leadCreatedV1 } from './events/crm/lead-created.v1';
import { leadStageChangedV1 } from './events/crm/lead-stage-changed.v1';
import { leadUpdatedV1 } from './events/crm/lead-updated.v1';
import { bookingCancelledV1, bookingConfirmedV1, bookingOfferedV1, callbackScheduledV1 } from './events/scheduling/booking.v1';
import { dispatchAcknowledgedV1, dispatchEscalatedV1, dispatchPagedV1 } from './events/scheduling/dispatch.v1';
import { locationConfigV1 } from './events/crm/location-config.v1';
import { consentOptedInV1 } from './events/messaging/consent-opted-in.v1';
import { consentOptedOutV1 } from './events/messaging/consent-opted-out.v1';
import { smsDeliveredV1 } from './events/messaging/sms-delivered.v1';
import { smsFailedV1 } from './events/messaging/sms-failed.v1';
import { smsReceivedV1 } from './events/messaging/sms-received.v1';
import { smsSendCommandV1 } from './events/messaging/sms-send.cmd.v1';
import { smsSentV1 } from './events/messaging/sms-sent.v1';
import { smsSuppressedV1 } from './events/messaging/sms-suppressed.v1';
import { callAnsweredV1 } from './events/telephony/call-answered.v1';
import { callMissedV1 } from './events/telephony/call-missed.v1';
import { callReceivedV1 } from './events/telephony/call-received.v1';
import { callVoicemailV1 } from './events/telephony/call-voicemail.v1';

/** Every contract, for topic provisioning, schema snapshots and consumer-side parsing. */
export const ALL_CONTRACTS: readonly Contract[] = [
  callReceivedV1,
  callAnsweredV1,
  callMissedV1,
  callVoicemailV1,
  smsSendCommandV1,
  smsSentV1,
  smsDeliveredV1,
  smsFailedV1,
  smsSuppressedV1,
  smsReceivedV1,
  consentOptedOutV1,
  consentOptedInV1,
  firstTextDecidedV1,
  callbackTaskRequestedV1,
  locationConfigV1,
  leadCreatedV1,
  leadUpdatedV1,
  leadStageChangedV1,
  conversationTakenOverV1,
  conversationReleasedV1,
  intentCapturedV1,
  leadQualifiedV1,
  urgentDetectedV1,
  handoffRequestedV1,
  bookingOfferedV1,
  bookingConfirmedV1,
  bookingCancelledV1,
  callbackScheduledV1,
  dispatchPagedV1,
  dispatchAcknowledgedV1,
  dispatchEscalatedV1,
];

/** Topic name constants (STYLE.md: the only place a topic name is written). */
export const TOPICS = {
  callReceived: callReceivedV1.topic,
  callAnswered: callAnsweredV1.topic,
  callMissed: callMissedV1.topic,
  callVoicemail: callVoicemailV1.topic,
  smsSend: smsSendCommandV1.topic,
  smsSent: smsSentV1.topic,
  smsDelivered: smsDeliveredV1.topic,
  smsFailed: smsFailedV1.topic,
  smsSuppressed: smsSuppressedV1.topic,
  smsReceived: smsReceivedV1.topic,
  consentOptedOut: consentOptedOutV1.topic,
  consentOptedIn: consentOptedInV1.topic,
  firstTextDecided: firstTextDecidedV1.topic,
  callbackTaskRequested: callbackTaskRequestedV1.topic,
  locationConfig: locationConfigV1.topic,
  leadCreated: leadCreatedV1.topic,
  leadUpdated: leadUpdatedV1.topic,
  leadStageChanged: leadStageChangedV1.topic,
  conversationTakenOver: conversationTakenOverV1.topic,
  conversationReleased: conversationReleasedV1.topic,
  intentCaptured: intentCapturedV1.topic,
  leadQualified: leadQualifiedV1.topic,
  urgentDetected: urgentDetectedV1.topic,
  handoffRequested: handoffRequestedV1.topic,
  bookingOffered: bookingOfferedV1.topic,
  bookingConfirmed: bookingConfirmedV1.topic,
  bookingCancelled: bookingCancelledV1.topic,
  callbackScheduled: callbackScheduledV1.topic,
  dispatchPaged: dispatchPagedV1.topic,
  dispatchAcknowledged: dispatchAcknowledgedV1.topic,
  dispatchEscalated: dispatchEscalatedV1.topic,
} as const;

/**
 * Looks up the contract of a topic.
 * @throws Error when no contract is registered for `topic`.
 */
export function contractForTopic(topic: string, contracts: readonly Contract[] = ALL_CONTRACTS): Contract {
  const found = contracts.find((c) => c.topic === topic);
  if (!found) throw new Error(`no contract registered for topic ${topic}`);
  return found;
}
