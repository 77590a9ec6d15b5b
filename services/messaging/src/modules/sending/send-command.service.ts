import { Inject, Injectable } from '@nestjs/common';
import { type EventEnvelope, type SmsSendCommandV1 } from '@textback/contracts';
import { LocationDirectory, ROOT_LOGGER } from '@textback/platform';
import { type OwnTransaction } from '@textback/bus';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { TemplateCatalog } from '../templates/template-catalog.service';
import { type EnqueueResult } from './send-intent.types';
import { SendPolicy } from './send-policy.service';
import { SendQueueWorker } from './send-queue.worker';

/** Consumer group (inbox) of the send-command handler. */
export const SEND_COMMAND_GROUP = 'messaging.send-command';

/**
 * Handles `messaging.sms.send.cmd.v1` from other services (conversation replies, dispatch pages, follow-ups,
 * staff messages from lead-crm): renders the body (literal or template), then the same {@link SendPolicy} (the one
 * send decision) and queue as the first text. Idempotent on the event id (inbox) and on `commandId` (unique in `outbound_message`).
 */
@Injectable()
export class SendCommandService {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly directory: LocationDirectory,
    private readonly templates: TemplateCatalog,
    private readonly policy: SendPolicy,
    private readonly worker: SendQueueWorker,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Decides and stores one command. The command's envelope `source` is its producer: a purpose reserved to messaging
   * (`keyword_reply`, `first_text`) from any producer is refused `reserved_purpose` by the send decision.
   * `inbox` claims the event in group {@link SEND_COMMAND_GROUP} with the queued row: the consumer's (`transaction:
   * 'own'`), or for a direct call (tests) the same claim through the runner.
   * @returns the policy's verdict, or `duplicate` for a redelivered event or command.
   */
  async onSendCommand(event: EventEnvelope<SmsSendCommandV1>, inbox: OwnTransaction<TransactionContext> = { once: (work) => this.runner.runOnce(SEND_COMMAND_GROUP, event, work) }): Promise<EnqueueResult> {
    const cmd = event.data;
    const config = await this.directory.get(event.locationId);
    if (!config) {
      // Not one of our locations (or its config has not arrived yet): nothing is stored or sent.
      this.log.warn({ commandId: cmd.commandId, locationId: event.locationId, correlationId: event.correlationId }, 'send command for a location without configuration; suppressed');
      return { status: 'suppressed', messageId: cmd.commandId, reason: 'unknown_location' };
    }
    let body: string | null = cmd.body ?? null;
    if (body === null && cmd.templateId) {
      try {
        body = this.templates.render(config, cmd.templateId, cmd.variables ?? {}).body;
      } catch (err) {
        this.log.warn({ err, templateId: cmd.templateId, commandId: cmd.commandId }, 'template cannot be rendered; command suppressed');
      }
    } else if (body !== null) {
      this.templates.literal(body);
    }
    const outcome = await inbox.once(async (tx) =>
      this.policy.enqueue(tx, {
        commandId: cmd.commandId,
        tenantId: event.tenantId,
        locationId: event.locationId,
        correlationId: event.correlationId,
        causationId: event.id,
        to: cmd.to,
        ...(cmd.from ? { from: cmd.from } : {}),
        body,
        purpose: cmd.purpose,
        automated: cmd.automated,
        requestedBy: cmd.requestedBy,
        ...(cmd.notBefore ? { notBefore: new Date(cmd.notBefore) } : {}),
        ...(cmd.expiresAt ? { expiresAt: new Date(cmd.expiresAt) } : {}),
        config,
        origin: { kind: 'command', producer: event.source },
      }),
    );
    if (outcome.duplicate) return { status: 'duplicate' };
    if (outcome.result.status === 'queued') this.worker.nudge();
    return outcome.result;
  }
}
