import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { AppModule } from './app.module';
import { loadConversationAiEnv } from './config/conversation-ai.env';
import { conversationAiService } from './conversation-ai.definition';

runServiceMain({ definition: conversationAiService, loadEnv: () => loadConversationAiEnv(), appModule: (env) => AppModule.forRoot(env) });
