export * from './config-validation.exception';
export * from './parse-env';
export * from './base-env.schema';
export * from './production-secrets';
export * from './deployment-mode';
