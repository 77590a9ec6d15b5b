import { type ServiceMainSpec } from '@textback/platform';
import { AppModule } from './app.module';
import { type ConversationAiEnv, loadConversationAiEnv } from './config/conversation-ai.env';
import { conversationAiService } from './conversation-ai.definition';

/** How conversation-ai runs (alone from main.ts, or in the single-process host). */
export const conversationAiMain: ServiceMainSpec<ConversationAiEnv> = {
  definition: conversationAiService,
  loadEnv: (env) => loadConversationAiEnv(env),
  appModule: (env) => AppModule.forRoot(env),
};
