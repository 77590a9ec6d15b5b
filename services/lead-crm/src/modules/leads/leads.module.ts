import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { LeadActivityConsumer } from './lead-activity.consumer';
import { LeadActivityService } from './lead-activity.service';
import { LeadEventPublisher } from './lead-event.publisher';
import { LeadRepository } from './lead.repository';
import { LeadsController } from './leads.controller';
import { LeadsService } from './leads.service';
import { TaskRepository } from './task.repository';
import { TasksController } from './tasks.controller';
import { TimelineRepository } from './timeline.repository';
import { RecordCallUsecase } from './usecases/record-call/record-call.usecase';
import { RecordConversationUsecase } from './usecases/record-conversation/record-conversation.usecase';
import { RecordMessageUsecase } from './usecases/record-message/record-message.usecase';
import { RecordSchedulingUsecase } from './usecases/record-scheduling/record-scheduling.usecase';

/** Contacts, leads, pipeline, timeline, tasks: the consumers and the REST API. */
@Module({
  imports: [WebhooksModule],
  controllers: [LeadActivityConsumer, LeadsController, TasksController],
  providers: [
    LeadRepository,
    TimelineRepository,
    TaskRepository,
    LeadEventPublisher,
    LeadActivityService,
    RecordCallUsecase,
    RecordMessageUsecase,
    RecordConversationUsecase,
    RecordSchedulingUsecase,
    LeadsService,
  ],
  exports: [LeadsService],
})
export class LeadsModule {}
