import 'reflect-metadata';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationException } from '@textback/config';
import { ContractKafkaServer, RethrowRpcExceptionFilter } from '@textback/kafka';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadLeadCrmEnv } from './config/lead-crm.env';
import { setUpLeadCrmHttp } from './http.setup';
import { leadCrmService } from './lead-crm.definition';

/**
 * Boots lead-crm as the platform's bootstrapService does (pino, shutdown hooks, the Kafka
 * consumer, HTTP), plus the OpenAPI document at /docs, which must be mounted before init.
 * Exit 78 on a bad environment (every bad variable listed), 1 on any other start-up failure.
 */
async function main(): Promise<void> {
  let env;
  try {
    env = loadLeadCrmEnv();
  } catch (err) {
    if (err instanceof ConfigValidationException) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const app = await NestFactory.create(AppModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  setUpLeadCrmHttp(app);
  app.enableShutdownHooks();
  app.connectMicroservice<MicroserviceOptions>({ strategy: app.get(ContractKafkaServer) }).useGlobalFilters(new RethrowRpcExceptionFilter());
  await app.init();
  await app.startAllMicroservices();
  await app.listen(env.HTTP_PORT, env.HTTP_HOST);
}

main().catch((err: unknown) => {
  console.error(`${leadCrmService.name} failed to start`, err);
  process.exit(1);
});
