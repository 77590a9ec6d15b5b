import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceDefinition, ServicePlatformModule } from '@textback/platform';
import { type ConversationAiEnv } from './config/conversation-ai.env';
import { conversationAiService } from './conversation-ai.definition';
import { ConversationModule } from './modules/conversation/conversation.module';

/** Root module of conversation-ai. `definition` is overridable so tests can use their own schema. */
@Module({})
export class AppModule {
  static forRoot(env: ConversationAiEnv, definition: ServiceDefinition = conversationAiService): DynamicModule {
    return { module: AppModule, imports: [ServicePlatformModule.forService(definition, env), ConversationModule.forRoot(env)] };
  }
}
