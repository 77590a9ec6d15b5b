import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type SmsSendCommandV1, TOPICS } from '@textback/contracts';
import { SendCommandService } from './send-command.service';

/** Kafka adapter of `messaging.sms.send.cmd.v1` (payload already validated against its contract). */
@Controller()
export class SendCommandConsumer {
  constructor(private readonly service: SendCommandService) {}

  @EventPattern(TOPICS.smsSend)
  async onSendCommand(@Payload() event: EventEnvelope<SmsSendCommandV1>): Promise<void> {
    await this.service.onSendCommand(event);
  }
}
