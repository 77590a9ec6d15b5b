import { type DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@textback/platform';
import { type LeadCrmEnv } from './config/lead-crm.env';
import { leadCrmService } from './lead-crm.definition';

/** Root module of lead-crm. */
@Module({})
export class AppModule {
  static forRoot(env: LeadCrmEnv): DynamicModule {
    return { module: AppModule, imports: [ServicePlatformModule.forService(leadCrmService, env)] };
  }
}
