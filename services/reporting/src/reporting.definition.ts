import { ALL_CONTRACTS } from '@textback/contracts';
import { type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';
import { AddOutboxDeadLetters1764495000000 } from './database/migrations/1764495000000-add-outbox-dead-letters';

/**
 * reporting: ClickHouse event store, rollups, ROI API and dashboards. Consumes every contract in
 * the registry (the platform parses each against its schema; failures go to `<topic>.dlq`).
 * Its PostgreSQL schema only holds the platform's outbox/inbox; its data lives in ClickHouse.
 */
export const reportingService: ServiceDefinition = {
  name: 'reporting',
  schema: 'reporting',
  migrations: [CreateOutboxInbox1764450000000, AddOutboxDeadLetters1764495000000],
  consumes: ALL_CONTRACTS,
  produces: [],
  // Every topic, 3 partitions each: handlers wait for their row's batched ClickHouse insert, so
  // many partitions at once fill one insert instead of paying the batch window per event.
  consumerConcurrency: 32,
};
