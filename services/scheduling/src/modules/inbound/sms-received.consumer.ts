import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type SmsReceivedV1, TOPICS } from '@textback/contracts';
import { ConsumeEvent, RethrowRpcExceptionFilter } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { InboundTextService } from './inbound-text.service';

/** `messaging.sms.received.v1`: page acknowledgements, slot picks and cadence stops. */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class SmsReceivedConsumer {
  constructor(private readonly inbound: InboundTextService) {}

  @ConsumeEvent(TOPICS.smsReceived)
  async onSmsReceived(@Payload() event: EventEnvelope<SmsReceivedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.inbound.handle(tx, event);
  }
}
