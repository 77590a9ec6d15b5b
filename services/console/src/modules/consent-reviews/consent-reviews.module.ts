import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { InboxModule } from '../inbox/inbox.module';
import { ConsentReviewsController } from './consent-reviews.controller';
import { ConsentReviewsService } from './consent-reviews.service';
import { MessagingClient } from './messaging.client';

/** The opt-out review queue screen's API, carried out through messaging's staff API. */
@Module({
  imports: [AccountsModule, InboxModule],
  controllers: [ConsentReviewsController],
  providers: [MessagingClient, ConsentReviewsService],
})
export class ConsentReviewsModule {}
