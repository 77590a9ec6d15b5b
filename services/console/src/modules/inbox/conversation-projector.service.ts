import { Inject, Injectable } from '@nestjs/common';
import { type EventEnvelope } from '@textback/contracts';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { projectionOf } from './conversation-projection.mapper';
import { ConversationRepository } from './conversation.repository';

/** Consumer group name of the inbox projection in the inbox table. */
export const INBOX_PROJECTION_GROUP = 'console.inbox';

/**
 * Applies events to the inbox projection, once per event id (the inbox claim commits with the change), and
 * tells the live feeds after commit (PostgreSQL NOTIFY inside the transaction).
 */
@Injectable()
export class ConversationProjector {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly conversations: ConversationRepository,
  ) {}

  /**
   * @returns `applied` when the event changed the inbox, `duplicate` for a redelivery, `ignored` when it is
   *   about no caller's conversation.
   */
  async apply(topic: string, event: EventEnvelope<unknown>): Promise<'applied' | 'duplicate' | 'ignored'> {
    const projection = projectionOf(topic, event);
    const outcome = await this.runner.runOnce(INBOX_PROJECTION_GROUP, event, async (tx) => {
      if (!projection) return 'ignored' as const;
      const key = { tenantId: event.tenantId, locationId: event.locationId, callerE164: projection.callerE164 };
      const id = await this.conversations.upsert(tx.handle, key, projection.at, projection.patch);
      if (projection.entry) await this.conversations.addEntry(tx.handle, id, projection.entry);
      if (projection.dispatch) await this.conversations.applyDispatch(tx.handle, id, projection.dispatch);
      if (projection.outbound) await this.conversations.upsertOutbound(tx.handle, id, projection.outbound.commandId, { occurredAt: projection.at, ...projection.outbound });
      await this.conversations.notifyChanged(tx.handle, { conversationId: id, tenantId: event.tenantId, locationId: event.locationId });
      return 'applied' as const;
    });
    return outcome.duplicate ? 'duplicate' : outcome.result;
  }
}
