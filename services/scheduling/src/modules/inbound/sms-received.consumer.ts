import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type SmsReceivedV1, TOPICS } from '@textback/contracts';
import { RethrowRpcExceptionFilter } from '@textback/kafka';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { applyOnce } from '../shared/apply-once.util';
import { InboundTextService } from './inbound-text.service';

/** `messaging.sms.received.v1`: page acknowledgements, slot picks and cadence stops. */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class SmsReceivedConsumer {
  constructor(
    private readonly inbound: InboundTextService,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
  ) {}

  @EventPattern(TOPICS.smsReceived)
  async onSmsReceived(@Payload() event: EventEnvelope<SmsReceivedV1>): Promise<void> {
    await applyOnce(this.runner, this.definition.name, event, (tx) => this.inbound.handle(tx, event));
  }
}
