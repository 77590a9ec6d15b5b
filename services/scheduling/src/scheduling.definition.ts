import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';

/** scheduling: slots, bookings, callbacks, on-call dispatch and follow-up cadences. */
export const schedulingService: ServiceDefinition = {
  name: 'scheduling',
  schema: 'scheduling',
  migrations: [CreateOutboxInbox1764450000000],
  consumes: [],
  produces: [],
};
