import { type INestApplication } from '@nestjs/common';
import { connectBusConsumer } from '@textback/bus';
import { ContractKafkaServer } from '@textback/kafka';

/**
 * Attaches the service's {@link ContractKafkaServer} (provided by ServicePlatformModule) to `app` with the
 * `RethrowRpcExceptionFilter` in place before Nest binds the handlers ({@link connectBusConsumer}). Call before
 * `app.init()`; start with `app.startAllMicroservices()`.
 */
export function connectContractConsumer(app: INestApplication): void {
  connectBusConsumer(app, app.get(ContractKafkaServer));
}
