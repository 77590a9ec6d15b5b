import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';

/** reporting: ClickHouse event store, rollups, ROI API and dashboards. */
export const reportingService: ServiceDefinition = {
  name: 'reporting',
  schema: 'reporting',
  migrations: [CreateOutboxInbox1764450000000],
  consumes: [],
  produces: [],
};
