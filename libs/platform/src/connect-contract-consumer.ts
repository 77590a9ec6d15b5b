import { type INestApplication } from '@nestjs/common';
import { type MicroserviceOptions, type NestMicroservice } from '@nestjs/microservices';
import { RethrowRpcExceptionFilter } from '@textback/kafka';
import { type BusServer } from './embedded-bus';
import { CONSUMER_TRANSPORT } from './platform.tokens';

/**
 * Attaches the service's consumer transport ({@link CONSUMER_TRANSPORT}: the ContractKafkaServer, or the embedded
 * mode's in-process bus server) to `app` with the
 * {@link RethrowRpcExceptionFilter} in place BEFORE Nest binds the handlers. (Nest binds
 * exception filters when it registers listeners, which `connectMicroservice` does at once, so a
 * filter added afterwards with `useGlobalFilters` is silently ignored and handler errors lose
 * their `retriable` marker.) Call before `app.init()`; start with `app.startAllMicroservices()`.
 */
export function connectContractConsumer(app: INestApplication): void {
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: app.get<BusServer>(CONSUMER_TRANSPORT) }, { deferInitialization: true }) as unknown as NestMicroservice;
  microservice.useGlobalFilters(new RethrowRpcExceptionFilter());
  // What connectMicroservice does itself without deferInitialization, now with the filter set.
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
}
