/** Injection tokens of the shared infrastructure that ServicePlatformModule provides. */
export const ROOT_LOGGER = Symbol('RootLogger');
export const DATA_SOURCE = Symbol('DataSource');
export const KAFKA_CLIENT = Symbol('KafkaClient');
export const SERVICE_DEFINITION = Symbol('ServiceDefinition');
export const PLATFORM_ENV = Symbol('PlatformEnv');
/** The service's {@link RelationalStore} (PostgreSQL per DATABASE_URL, or the process's embedded store). */
export const RELATIONAL_STORE = Symbol('RelationalStore');
/** The service's consumer transport, whatever the mode: the ContractKafkaServer, or the embedded bus server. */
export const CONSUMER_TRANSPORT = Symbol('ConsumerTransport');
