import { type DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@textback/platform';
import { type ConversationAiEnv } from './config/conversation-ai.env';
import { conversationAiService } from './conversation-ai.definition';

/** Root module of conversation-ai. */
@Module({})
export class AppModule {
  static forRoot(env: ConversationAiEnv): DynamicModule {
    return { module: AppModule, imports: [ServicePlatformModule.forService(conversationAiService, env)] };
  }
}
