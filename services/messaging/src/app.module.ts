import { type DynamicModule, Module } from '@nestjs/common';
import { AccessAuthModule, accessTokenOptionsFromEnv } from '@textback/auth';
import { type PlatformTestHooks, type ServiceDefinition, ServicePlatformModule } from '@textback/platform';
import { type MessagingEnv } from './config/messaging.env';
import { messagingService } from './messaging.definition';
import { MessagingModule, type MessagingOverrides } from './modules/messaging.module';

/** Root module of messaging. Tests pass their own definition (schema, consumer group) and a controllable clock. */
@Module({})
export class AppModule {
  static forRoot(env: MessagingEnv, options: { definition?: ServiceDefinition; overrides?: MessagingOverrides; hooks?: PlatformTestHooks } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService(options.definition ?? messagingService, env, options.hooks ?? {}),
        AccessAuthModule.forRoot(accessTokenOptionsFromEnv(env)),
        MessagingModule.forRoot(env, options.overrides ?? {}),
      ],
    };
  }
}
