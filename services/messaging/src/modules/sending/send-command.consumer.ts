import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type SmsSendCommandV1, TOPICS } from '@textback/contracts';
import { ConsumeEvent, type OwnTransaction } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { SEND_COMMAND_GROUP, SendCommandService } from './send-command.service';

/**
 * Kafka adapter of `messaging.sms.send.cmd.v1` (payload already validated against its contract). Record by record
 * (`own`): each command keeps its own short transaction into the send queue, as before batches, so the queue's
 * locking (per-number rate, the send workers) is unchanged.
 */
@Controller()
export class SendCommandConsumer {
  constructor(private readonly service: SendCommandService) {}

  @ConsumeEvent(TOPICS.smsSend, { group: SEND_COMMAND_GROUP, transaction: 'own' })
  async onSendCommand(@Payload() event: EventEnvelope<SmsSendCommandV1>, @Ctx() inbox: OwnTransaction<TransactionContext>): Promise<void> {
    await this.service.onSendCommand(event, inbox);
  }
}
