import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';

/** messaging: SMS send/receive, consent ledger, quiet hours, first-text de-duplication. */
export const messagingService: ServiceDefinition = {
  name: 'messaging',
  schema: 'messaging',
  migrations: [CreateOutboxInbox1764450000000],
  consumes: [],
  produces: [],
};
