import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ConversationTakenOverV1, type EventEnvelope, TOPICS } from '@textback/contracts';
import { ConsumeEvent } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { ConversationStateRepository } from './conversation-state.repository';

/** Inbox group of the takeover consumer. */
export const TAKEOVER_GROUP = 'messaging.takeover';

/** Staff takeover pauses automated texts to the caller; release resumes them (crm.conversation.taken-over/released.v1). */
@Controller()
export class TakeoverConsumer {
  constructor(private readonly conversations: ConversationStateRepository) {}

  @ConsumeEvent(TOPICS.conversationTakenOver, { group: TAKEOVER_GROUP })
  async onTakenOver(@Payload() event: EventEnvelope<ConversationTakenOverV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.setHumanActive(tx.handle, event.locationId, event.data.callerE164, true);
  }

  @ConsumeEvent(TOPICS.conversationReleased, { group: TAKEOVER_GROUP })
  async onReleased(@Payload() event: EventEnvelope<ConversationTakenOverV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.conversations.setHumanActive(tx.handle, event.locationId, event.data.callerE164, false);
  }
}
