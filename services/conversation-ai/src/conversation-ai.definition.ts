import {
  bookingConfirmedV1,
  bookingOfferedV1,
  callbackScheduledV1,
  callMissedV1,
  consentOptedOutV1,
  consentReviewResolvedV1,
  conversationReleasedV1,
  conversationTakenOverV1,
  handoffRequestedV1,
  intentCapturedV1,
  leadQualifiedV1,
  locationConfigV1,
  smsReceivedV1,
  smsSendCommandV1,
  urgentDetectedV1,
} from '@textback/contracts';
import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';
import { CreateConversations1764460000000 } from './database/migrations/1764460000000-create-conversations';
import { AddOutboxDeadLetters1764495000000 } from './database/migrations/1764495000000-add-outbox-dead-letters';
import { AddConversationTakenOver1797300000000 } from './database/migrations/1797300000000-add-conversation-taken-over';

/** conversation-ai: conversation state, intent, urgency and slot capture, reply wording. */
export const conversationAiService: ServiceDefinition = {
  name: 'conversation-ai',
  schema: 'conversation',
  migrations: [CreateOutboxInbox1764450000000, CreateConversations1764460000000, AddOutboxDeadLetters1764495000000, AddConversationTakenOver1797300000000],
  consumes: [
    callMissedV1,
    smsReceivedV1,
    conversationTakenOverV1,
    conversationReleasedV1,
    bookingOfferedV1,
    bookingConfirmedV1,
    callbackScheduledV1,
    consentOptedOutV1,
    consentReviewResolvedV1,
    locationConfigV1,
  ],
  produces: [intentCapturedV1, leadQualifiedV1, urgentDetectedV1, handoffRequestedV1, smsSendCommandV1],
};
