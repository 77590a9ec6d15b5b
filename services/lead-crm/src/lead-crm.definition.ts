import {
  bookingCancelledV1,
  bookingConfirmedV1,
  bookingOfferedV1,
  callAnsweredV1,
  callbackScheduledV1,
  callbackTaskRequestedV1,
  callMissedV1,
  callReceivedV1,
  callVoicemailV1,
  consentOptedInV1,
  consentOptedOutV1,
  consentReviewOpenedV1,
  consentReviewResolvedV1,
  conversationReleasedV1,
  conversationTakenOverV1,
  dispatchAcknowledgedV1,
  dispatchEscalatedV1,
  dispatchPagedV1,
  firstTextDecidedV1,
  handoffRequestedV1,
  intentCapturedV1,
  leadCreatedV1,
  leadQualifiedV1,
  leadStageChangedV1,
  leadUpdatedV1,
  locationConfigV1,
  smsDeliveredV1,
  smsFailedV1,
  smsReceivedV1,
  smsSendCommandV1,
  smsSentV1,
  urgentDetectedV1,
} from '@textback/contracts';
import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';
import { CreateCrmModel1764460000000 } from './database/migrations/1764460000000-create-crm-model';
import { WebhookDeadState1796342128569 } from './database/migrations/1796342128569-webhook-dead-state';
import { AddTenantOptOutScope1796400000000 } from './database/migrations/1796400000000-add-tenant-opt-out-scope';
import { AddVerticalsAndUrgentServices1797100000000 } from './database/migrations/1797100000000-add-verticals-and-urgent-services';
import { AddBookingHours1797200000000 } from './database/migrations/1797200000000-add-booking-hours';
import { AddLocationAnswerConfirmation1797500000001 } from './database/migrations/1797500000001-add-location-answer-confirmation';
import { AddLocationSettingsAudit1797620000000 } from './database/migrations/1797620000000-add-location-settings-audit';
import { AddOutboxDeadLetters1764495000000 } from './database/migrations/1764495000000-add-outbox-dead-letters';
import { AddWebhookDeliveryWakeup1797800100000 } from './database/migrations/1797800100000-add-webhook-delivery-wakeup';
import { WebhookDeliveryWakeupOnlyWhenRows1798200000000 } from './database/migrations/1798200000000-webhook-delivery-wakeup-only-when-rows';

/** lead-crm: tenants, locations and their config, contacts, leads, pipeline, takeover. */
export const leadCrmService: ServiceDefinition = {
  name: 'lead-crm',
  schema: 'crm',
  migrations: [CreateOutboxInbox1764450000000, CreateCrmModel1764460000000, AddOutboxDeadLetters1764495000000, WebhookDeadState1796342128569, AddTenantOptOutScope1796400000000, AddVerticalsAndUrgentServices1797100000000, AddBookingHours1797200000000, AddLocationAnswerConfirmation1797500000001, AddLocationSettingsAudit1797620000000, AddWebhookDeliveryWakeup1797800100000, WebhookDeliveryWakeupOnlyWhenRows1798200000000],
  consumes: [
    callReceivedV1,
    callAnsweredV1,
    callMissedV1,
    callVoicemailV1,
    smsSentV1,
    smsDeliveredV1,
    smsFailedV1,
    smsReceivedV1,
    consentOptedOutV1,
    consentOptedInV1,
    consentReviewOpenedV1,
    consentReviewResolvedV1,
    firstTextDecidedV1,
    callbackTaskRequestedV1,
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
  ],
  produces: [locationConfigV1, leadCreatedV1, leadUpdatedV1, leadStageChangedV1, conversationTakenOverV1, conversationReleasedV1, smsSendCommandV1],
};
