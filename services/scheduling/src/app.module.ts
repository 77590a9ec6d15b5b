import { type DynamicModule, Module } from '@nestjs/common';
import { AccessAuthModule, accessTokenOptionsFromEnv } from '@textback/auth';
import { ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { type SchedulingEnv } from './config/scheduling.env';
import { SchedulingModule } from './modules/scheduling.module';
import { schedulingService } from './scheduling.definition';

/** Root module of scheduling (staff API authenticated with @textback/auth JWTs). `definition` is overridable so tests can use their own schema. */
@Module({})
export class AppModule {
  static forRoot(env: SchedulingEnv, definition: ServiceDefinition = schedulingService): DynamicModule {
    return { module: AppModule, imports: [ServicePlatformModule.forService(definition, env), AccessAuthModule.forRoot(accessTokenOptionsFromEnv(env)), SchedulingModule.forRoot(env)] };
  }
}
