import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type CallMissedV1, type EventEnvelope, TOPICS } from '@textback/contracts';
import { FirstTextService } from './first-text.service';

/** Kafka adapter of `telephony.call.missed.v1`. */
@Controller()
export class MissedCallConsumer {
  constructor(private readonly service: FirstTextService) {}

  @EventPattern(TOPICS.callMissed)
  async onMissedCall(@Payload() event: EventEnvelope<CallMissedV1>): Promise<void> {
    await this.service.onMissedCall(event);
  }
}
