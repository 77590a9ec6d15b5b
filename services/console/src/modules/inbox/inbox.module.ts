import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ConversationProjectionConsumer } from './conversation-projection.consumer';
import { ConversationProjector } from './conversation-projector.service';
import { ConversationRepository } from './conversation.repository';
import { InboxChangeFeed } from './inbox-change.feed';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

/** The inbox projection (fed from Kafka), its API and its live stream. */
@Module({
  imports: [AccountsModule],
  controllers: [ConversationProjectionConsumer, InboxController],
  providers: [ConversationRepository, ConversationProjector, InboxService, InboxChangeFeed],
  exports: [InboxService, ConversationRepository],
})
export class InboxModule {}
