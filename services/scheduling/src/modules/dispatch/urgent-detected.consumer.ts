import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, TOPICS, type UrgentDetectedV1 } from '@textback/contracts';
import { ConsumeEvent, RethrowRpcExceptionFilter } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { DispatchService } from './dispatch.service';

/** `conversation.urgent.detected.v1`: page the on-call person now. */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class UrgentDetectedConsumer {
  constructor(private readonly dispatch: DispatchService) {}

  @ConsumeEvent(TOPICS.urgentDetected)
  async onUrgentDetected(@Payload() event: EventEnvelope<UrgentDetectedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.dispatch.startForUrgent(tx, event);
  }
}
