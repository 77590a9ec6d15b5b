import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ConversationTakenOverV1, type EventEnvelope, TOPICS } from '@textback/contracts';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { ConversationStateRepository } from './conversation-state.repository';

/** Staff takeover pauses automated texts to the caller; release resumes them (crm.conversation.taken-over/released.v1). */
@Controller()
export class TakeoverConsumer {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly conversations: ConversationStateRepository,
  ) {}

  @EventPattern(TOPICS.conversationTakenOver)
  async onTakenOver(@Payload() event: EventEnvelope<ConversationTakenOverV1>): Promise<void> {
    await this.runner.runOnce('messaging.takeover', event, (tx) => this.conversations.setHumanActive(tx.handle, event.locationId, event.data.callerE164, true));
  }

  @EventPattern(TOPICS.conversationReleased)
  async onReleased(@Payload() event: EventEnvelope<ConversationTakenOverV1>): Promise<void> {
    await this.runner.runOnce('messaging.takeover', event, (tx) => this.conversations.setHumanActive(tx.handle, event.locationId, event.data.callerE164, false));
  }
}
