import { type DynamicModule, Module } from '@nestjs/common';
import { LocationDirectoryModule } from '@textback/platform';
import { type ConversationAiEnv } from '../../config/conversation-ai.env';
import { OpenAiTriageModel } from '../understanding/adapters/openai/openai-triage.model';
import { LlmUnderstanding } from '../understanding/llm-understanding.service';
import { LLM_UNDERSTANDING, MessageUnderstandingService } from '../understanding/message-understanding.service';
import { ConversationEventsConsumer } from './conversation-events.consumer';
import { ConversationFlow } from './conversation-flow.service';
import { ConversationRepository } from './conversation.repository';
import { CONVERSATION_FLOW, ConversationService } from './conversation.service';

/**
 * Conversations: the consumer of caller and scheduling events, the state machine, its table,
 * understanding (LLM when OPENAI_API_KEY is set, rules otherwise and as fallback) and the
 * location read model (seeded from LOCATION_CONFIG_FILE when given).
 */
@Module({})
export class ConversationModule {
  static forRoot(env: ConversationAiEnv): DynamicModule {
    return {
      module: ConversationModule,
      imports: [LocationDirectoryModule.forRoot(env.LOCATION_CONFIG_FILE ? { seedFile: env.LOCATION_CONFIG_FILE } : {})],
      controllers: [ConversationEventsConsumer],
      providers: [
        ConversationService,
        ConversationRepository,
        MessageUnderstandingService,
        { provide: CONVERSATION_FLOW, useValue: new ConversationFlow({ maxBotMessages: env.CONVERSATION_MAX_BOT_MESSAGES, maxStalledTurns: env.CONVERSATION_MAX_STALLED_TURNS }) },
        {
          provide: LLM_UNDERSTANDING,
          useValue: env.OPENAI_API_KEY
            ? new LlmUnderstanding(
                new OpenAiTriageModel({ apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL, timeoutMs: env.OPENAI_TIMEOUT_MS, ...(env.OPENAI_BASE_URL ? { baseUrl: env.OPENAI_BASE_URL } : {}) }),
              )
            : null,
        },
      ],
    };
  }
}
