import { type DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@textback/platform';
import { type ReportingEnv } from './config/reporting.env';
import { reportingService } from './reporting.definition';

/** Root module of reporting. */
@Module({})
export class AppModule {
  static forRoot(env: ReportingEnv): DynamicModule {
    return { module: AppModule, imports: [ServicePlatformModule.forService(reportingService, env)] };
  }
}
