import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';

/** conversation-ai: conversation state, intent, urgency and slot capture, reply wording. */
export const conversationAiService: ServiceDefinition = {
  name: 'conversation-ai',
  schema: 'conversation',
  migrations: [CreateOutboxInbox1764450000000],
  consumes: [],
  produces: [],
};
