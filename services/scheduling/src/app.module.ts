import { type DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@textback/platform';
import { type SchedulingEnv } from './config/scheduling.env';
import { schedulingService } from './scheduling.definition';

/** Root module of scheduling. */
@Module({})
export class AppModule {
  static forRoot(env: SchedulingEnv): DynamicModule {
    return { module: AppModule, imports: [ServicePlatformModule.forService(schedulingService, env)] };
  }
}
