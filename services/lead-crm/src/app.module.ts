import { type DynamicModule, Module } from '@nestjs/common';
import { AccessAuthModule, accessTokenOptionsFromEnv } from '@textback/auth';
import { type PlatformTestHooks, ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { type LeadCrmEnv } from './config/lead-crm.env';
import { CrmDatabaseModule } from './database/crm-database.module';
import { leadCrmService } from './lead-crm.definition';
import { LeadsModule } from './modules/leads/leads.module';
import { LocationSettingsModule } from './modules/location-settings/location-settings.module';
import { TenantsModule } from './modules/tenants/tenants.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

/** Root module of lead-crm. `definition` and `hooks` are overridable so tests run on their own schema (and capture logs). */
@Module({})
export class AppModule {
  static forRoot(env: LeadCrmEnv, definition: ServiceDefinition = leadCrmService, hooks: PlatformTestHooks = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(definition, env, hooks), CrmDatabaseModule, AccessAuthModule.forRoot(accessTokenOptionsFromEnv(env)), TenantsModule, WebhooksModule, LeadsModule, LocationSettingsModule],
    };
  }
}
