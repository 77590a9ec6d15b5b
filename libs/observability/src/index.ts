export * from './logger.factory';
export * from './log-redaction';
export * from './metrics';
export * from './health';
export * from './metrics-listener';
