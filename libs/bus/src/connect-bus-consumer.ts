import { type INestApplication } from '@nestjs/common';
import { type CustomTransportStrategy, type MicroserviceOptions, type NestMicroservice, type Server } from '@nestjs/microservices';
import { RethrowRpcExceptionFilter } from './port/rethrow-rpc-exception.filter';

/**
 * Attaches a bus adapter's server (`ContractKafkaServer`, or an `InProcessBusServer`) to `app` as its microservice
 * transport, with the {@link RethrowRpcExceptionFilter} in place BEFORE Nest binds the handlers. (Nest binds exception
 * filters when it registers listeners, which `connectMicroservice` does at once, so a filter added afterwards with
 * `useGlobalFilters` is silently ignored and handler errors lose their `retriable` marker.) Call before `app.init()`;
 * start with `app.startAllMicroservices()`, which calls the server's `listen`.
 */
export function connectBusConsumer(app: INestApplication, strategy: Server & CustomTransportStrategy): void {
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy }, { deferInitialization: true }) as unknown as NestMicroservice;
  microservice.useGlobalFilters(new RethrowRpcExceptionFilter());
  // What connectMicroservice does itself without deferInitialization, now with the filter set.
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
}
