export * from './schema-name';
export * from './data-source.factory';
export * from './migration-runner';
export * from './outbox-inbox.migration';
export * from './transaction-runner';
export * from './typeorm-transaction-runner';
export * from './outbox-relay';
export * from './migration-schema';
