import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type CallMissedV1, type EventEnvelope, TOPICS } from '@textback/contracts';
import { FirstTextJobWorker } from './first-text-job.worker';
import { FirstTextService } from './first-text.service';

/**
 * Kafka adapter of `telephony.call.missed.v1`: stores the event as a first-text job (inbox + job in one short
 * transaction) and wakes the decision workers; the offset is committed once the job is stored.
 */
@Controller()
export class MissedCallConsumer {
  constructor(
    private readonly service: FirstTextService,
    private readonly jobs: FirstTextJobWorker,
  ) {}

  @EventPattern(TOPICS.callMissed)
  async onMissedCall(@Payload() event: EventEnvelope<CallMissedV1>): Promise<void> {
    if (await this.service.accept(event)) this.jobs.nudge();
  }
}
