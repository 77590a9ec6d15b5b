import { type INestApplication } from '@nestjs/common';
import { connectBusConsumer } from '@textback/bus';
import { type BusServer } from './embedded-bus';
import { CONSUMER_TRANSPORT } from './platform.tokens';

/**
 * Attaches the service's consumer transport ({@link CONSUMER_TRANSPORT}, provided by ServicePlatformModule: the
 * ContractKafkaServer in the distributed mode, the embedded mode's in-process bus server otherwise) to `app` with the
 * `RethrowRpcExceptionFilter` in place before Nest binds the handlers ({@link connectBusConsumer}). Call before
 * `app.init()`; start with `app.startAllMicroservices()`.
 */
export function connectContractConsumer(app: INestApplication): void {
  connectBusConsumer(app, app.get<BusServer>(CONSUMER_TRANSPORT));
}
