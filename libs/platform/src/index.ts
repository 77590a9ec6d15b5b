export * from './service-definition';
export * from './platform.tokens';
export * from './platform-lifecycle';
export * from './probes';
export * from './service-platform.module';
export * from './bootstrap';
