import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, TOPICS, type UrgentDetectedV1 } from '@textback/contracts';
import { RethrowRpcExceptionFilter } from '@textback/kafka';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { applyOnce } from '../shared/apply-once.util';
import { DispatchService } from './dispatch.service';

/** `conversation.urgent.detected.v1`: page the on-call person now. */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class UrgentDetectedConsumer {
  constructor(
    private readonly dispatch: DispatchService,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
  ) {}

  @EventPattern(TOPICS.urgentDetected)
  async onUrgentDetected(@Payload() event: EventEnvelope<UrgentDetectedV1>): Promise<void> {
    await applyOnce(this.runner, this.definition.name, event, (tx) => this.dispatch.startForUrgent(tx, event));
  }
}
