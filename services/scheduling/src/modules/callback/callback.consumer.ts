import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallbackTaskRequestedV1, type EventEnvelope, TOPICS } from '@textback/contracts';
import { ConsumeEvent, RethrowRpcExceptionFilter } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { CallbackService } from './callback.service';

const E164 = /^\+[1-9]\d{1,14}$/;

/** messaging's callback-task request (a caller who cannot be texted). */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class CallbackConsumer {
  constructor(private readonly callbacks: CallbackService) {}

  @ConsumeEvent(TOPICS.callbackTaskRequested)
  async onCallbackTaskRequested(@Payload() event: EventEnvelope<CallbackTaskRequestedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    const caller = event.data.callerE164 && E164.test(event.data.callerE164) ? event.data.callerE164 : null;
    await this.callbacks.schedule(tx, lineageOf(event), { taskKey: event.data.taskKey, callerE164: caller, reason: event.data.reason });
  }
}

function lineageOf(event: EventEnvelope<unknown>) {
  return { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id };
}
