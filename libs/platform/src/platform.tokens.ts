/** Injection tokens of the shared infrastructure that ServicePlatformModule provides. */
export const ROOT_LOGGER = Symbol('RootLogger');
export const DATA_SOURCE = Symbol('DataSource');
export const KAFKA_CLIENT = Symbol('KafkaClient');
export const SERVICE_DEFINITION = Symbol('ServiceDefinition');
export const PLATFORM_ENV = Symbol('PlatformEnv');
