import { type DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@textback/platform';
import { type MessagingEnv } from './config/messaging.env';
import { messagingService } from './messaging.definition';

/** Root module of messaging. */
@Module({})
export class AppModule {
  static forRoot(env: MessagingEnv): DynamicModule {
    return { module: AppModule, imports: [ServicePlatformModule.forService(messagingService, env)] };
  }
}
