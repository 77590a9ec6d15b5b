import { type Contract } from './contract';
import { locationConfigV1 } from './events/crm/location-config.v1';
import { consentOptedInV1 } from './events/messaging/consent-opted-in.v1';
import { consentOptedOutV1 } from './events/messaging/consent-opted-out.v1';
import { smsDeliveredV1 } from './events/messaging/sms-delivered.v1';
import { smsFailedV1 } from './events/messaging/sms-failed.v1';
import { smsReceivedV1 } from './events/messaging/sms-received.v1';
import { smsSendCommandV1 } from './events/messaging/sms-send.cmd.v1';
import { smsSentV1 } from './events/messaging/sms-sent.v1';
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
  smsReceivedV1,
  consentOptedOutV1,
  consentOptedInV1,
  locationConfigV1,
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
  smsReceived: smsReceivedV1.topic,
  consentOptedOut: consentOptedOutV1.topic,
  consentOptedIn: consentOptedInV1.topic,
  locationConfig: locationConfigV1.topic,
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
