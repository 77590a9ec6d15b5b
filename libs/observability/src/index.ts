export * from './logger.factory';
export * from './log-redaction';
export * from './metrics';
export * from './health';
export * from './retry-policy';
export * from './dead-letter.metrics';
export * from './metrics-listener';
export * from './round-trip.metrics';
