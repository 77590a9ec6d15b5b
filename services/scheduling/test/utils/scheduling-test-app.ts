import { type INestApplication } from '@nestjs/common';
import { RequestValidationPipe } from '@textback/platform';
import { Test } from '@nestjs/testing';
import { connectContractConsumer, type ServiceDefinition } from '@textback/platform';
import { AppModule } from '../../src/app.module';
import { type SchedulingEnv } from '../../src/config/scheduling.env';
import { CLOCK } from '../../src/modules/clock/port/clock';
import { type ManualClock } from '../../src/modules/clock/adapters/manual/manual.clock';

/**
 * Boots scheduling in-process the way main.ts does (validation pipe, Kafka consumer, HTTP on a
 * free port) with a {@link ManualClock} in place of the system clock.
 */
export async function startSchedulingApp(env: SchedulingEnv, definition: ServiceDefinition, clock: ManualClock): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(env, definition)] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalPipes(new RequestValidationPipe());
  app.enableShutdownHooks();
  connectContractConsumer(app);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
