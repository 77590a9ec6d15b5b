export * from './logger.factory';
export * from './metrics';
export * from './health';
