export * from './kafka.options';
export * from './kafka-record';
export * from './kafka-client.factory';
export * from './kafka-record-producer';
export * from './topic-provisioner';
export * from './consumer-failure';
export * from './contract-kafka.server';
export * from './rethrow-rpc-exception.filter';
