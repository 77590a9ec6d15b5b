import {
  bookingCancelledV1,
  bookingConfirmedV1,
  callbackScheduledV1,
  callMissedV1,
  consentOptedInV1,
  consentOptedOutV1,
  conversationReleasedV1,
  conversationTakenOverV1,
  dispatchAcknowledgedV1,
  dispatchEscalatedV1,
  dispatchPagedV1,
  firstTextDecidedV1,
  intentCapturedV1,
  leadCreatedV1,
  leadStageChangedV1,
  locationConfigV1,
  smsReceivedV1,
  smsSendCommandV1,
  smsSentV1,
  smsSuppressedV1,
  urgentDetectedV1,
} from '@textback/contracts';
import { type ServiceDefinition } from '@textback/platform';
import { CreateConsoleTables1797600000000 } from './database/migrations/1797600000000-create-console-tables';
import { AddConversationDispatch1797610000000 } from './database/migrations/1797610000000-add-conversation-dispatch';
import { CreateConsoleOidcFlow1797630000000 } from './database/migrations/1797630000000-create-console-oidc-flow';
import { AddConversationSource1797910000000 } from './database/migrations/1797910000000-add-conversation-source';
import { AddConversationTurn1798300000000 } from './database/migrations/1798300000000-add-conversation-turn';
import { CreateTenantIdentityProvider1798310000000 } from './database/migrations/1798310000000-create-tenant-identity-provider';

/**
 * console: the staff web app and its API. Owns local sign-in accounts and sessions and a read model of
 * conversations (the inbox) built from the other services' events; produces nothing on the bus (actions go
 * through lead-crm's and scheduling's staff APIs, so the same rules apply as to any other caller of it).
 */
export const consoleService: ServiceDefinition = {
  name: 'console',
  schema: 'console',
  migrations: [CreateConsoleTables1797600000000, AddConversationDispatch1797610000000, CreateConsoleOidcFlow1797630000000, AddConversationSource1797910000000, AddConversationTurn1798300000000, CreateTenantIdentityProvider1798310000000],
  consumes: [
    locationConfigV1,
    callMissedV1,
    firstTextDecidedV1,
    smsReceivedV1,
    smsSendCommandV1,
    smsSentV1,
    smsSuppressedV1,
    intentCapturedV1,
    urgentDetectedV1,
    leadCreatedV1,
    leadStageChangedV1,
    conversationTakenOverV1,
    conversationReleasedV1,
    consentOptedOutV1,
    consentOptedInV1,
    callbackScheduledV1,
    bookingConfirmedV1,
    bookingCancelledV1,
    dispatchPagedV1,
    dispatchEscalatedV1,
    dispatchAcknowledgedV1,
  ],
  produces: [],
};
