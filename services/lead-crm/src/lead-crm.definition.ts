import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';

/** lead-crm: tenants, locations and their config, contacts, leads, pipeline, takeover. */
export const leadCrmService: ServiceDefinition = {
  name: 'lead-crm',
  schema: 'crm',
  migrations: [CreateOutboxInbox1764450000000],
  consumes: [],
  produces: [],
};
