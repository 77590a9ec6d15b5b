import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { InboxModule } from '../inbox/inbox.module';
import { ConversationActionsController } from './conversation-actions.controller';
import { ConversationActionsService } from './conversation-actions.service';
import { LeadCrmClient } from './lead-crm.client';
import { SchedulingClient } from './scheduling.client';

/** Staff actions on conversations, carried out through lead-crm's and scheduling's staff APIs. */
@Module({
  imports: [AccountsModule, InboxModule],
  controllers: [ConversationActionsController],
  providers: [LeadCrmClient, SchedulingClient, ConversationActionsService],
  exports: [LeadCrmClient],
})
export class ActionsModule {}
