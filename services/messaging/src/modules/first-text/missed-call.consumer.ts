import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallMissedV1, type EventEnvelope, TOPICS } from '@textback/contracts';
import { ConsumeEvent } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { FirstTextJobWorker } from './first-text-job.worker';
import { FirstTextService, MISSED_CALL_GROUP } from './first-text.service';

/**
 * Kafka adapter of `telephony.call.missed.v1`: stores the event as a first-text job in the consumer's transaction
 * (with its inbox claim; the missed calls of one Kafka batch share it) and wakes the decision workers once that
 * transaction has committed; the offset is committed once the job is stored.
 */
@Controller()
export class MissedCallConsumer {
  constructor(
    private readonly service: FirstTextService,
    private readonly jobs: FirstTextJobWorker,
  ) {}

  @ConsumeEvent(TOPICS.callMissed, { group: MISSED_CALL_GROUP })
  async onMissedCall(@Payload() event: EventEnvelope<CallMissedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    if (await this.service.accept(tx, event)) tx.afterCommit(() => this.jobs.nudge());
  }
}
