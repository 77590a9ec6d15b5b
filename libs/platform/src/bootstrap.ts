import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type IEntryNestModule } from '@nestjs/core/nest-factory';
import { type BaseServiceEnv, ConfigValidationException } from '@textback/config';
import { Logger } from 'nestjs-pino';
import { connectContractConsumer } from './connect-contract-consumer';
import { hardenHttp } from './http-hardening';
import { type ServiceDefinition } from './service-definition';

/**
 * Boots a service: pino as Nest's logger, the validation pipe (whitelist + transform), anti-framing
 * headers ({@link hardenHttp}), the
 * contract-checking Kafka consumer when the service consumes topics, shutdown hooks, then HTTP.
 * `beforeInit` runs before `app.init()`: the place for OpenAPI (`SwaggerModule.setup`) or
 * other HTTP set-up that must precede initialization.
 * @returns the running application (close it to shut down gracefully).
 */
export async function bootstrapService(
  appModule: IEntryNestModule,
  definition: ServiceDefinition,
  env: BaseServiceEnv & { HTTP_PORT: number },
  beforeInit?: (app: INestApplication) => void | Promise<void>,
): Promise<INestApplication> {
  const app = await NestFactory.create(appModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  hardenHttp(app);
  await beforeInit?.(app);
  if (definition.consumes.length > 0) connectContractConsumer(app);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(env.HTTP_PORT, env.HTTP_HOST);
  return app;
}

/**
 * The whole of a service's `main.ts`: validate the environment (exit 78, EX_CONFIG, listing
 * every bad variable), then boot. Any other start-up failure exits 1.
 */
export function runServiceMain<E extends BaseServiceEnv & { HTTP_PORT: number }>(spec: {
  definition: ServiceDefinition;
  loadEnv: () => E;
  appModule: (env: E) => IEntryNestModule;
  beforeInit?: (app: INestApplication, env: E) => void | Promise<void>;
}): void {
  let env: E;
  try {
    env = spec.loadEnv();
  } catch (err) {
    if (err instanceof ConfigValidationException) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  bootstrapService(spec.appModule(env), spec.definition, env, spec.beforeInit ? (app) => spec.beforeInit?.(app, env) : undefined).catch((err: unknown) => {
    console.error(`${spec.definition.name} failed to start`, err);
    process.exit(1);
  });
}
