import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { InboxModule } from '../inbox/inbox.module';
import { ConversationActionsController } from './conversation-actions.controller';
import { ConversationActionsService } from './conversation-actions.service';
import { LeadCrmClient } from './lead-crm.client';

/** Staff actions on conversations, carried out through lead-crm's staff API. */
@Module({
  imports: [AccountsModule, InboxModule],
  controllers: [ConversationActionsController],
  providers: [LeadCrmClient, ConversationActionsService],
  exports: [LeadCrmClient],
})
export class ActionsModule {}
