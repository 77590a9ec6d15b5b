import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';

/** telephony-ingest: provider call webhooks, call records and the missed-call decision. */
export const telephonyIngestService: ServiceDefinition = {
  name: 'telephony-ingest',
  schema: 'telephony',
  migrations: [CreateOutboxInbox1764450000000],
  consumes: [],
  produces: [],
};
