export * from './bus-schema.migration';
export * from './in-process-bus.server';
export * from './in-process-bus.factory';
