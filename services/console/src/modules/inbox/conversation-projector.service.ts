import { Injectable } from '@nestjs/common';
import { type EventEnvelope } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { projectionOf } from './conversation-projection.mapper';
import { ConversationRepository } from './conversation.repository';

/** Consumer group name of the inbox projection in the inbox table. */
export const INBOX_PROJECTION_GROUP = 'console.inbox';

/**
 * Applies events to the inbox projection in the consumer's transaction (the inbox claim of group
 * {@link INBOX_PROJECTION_GROUP} commits with the change), and tells the live feeds after commit (PostgreSQL NOTIFY
 * inside the transaction, sent by the conversation's upsert statement).
 */
@Injectable()
export class ConversationProjector {
  constructor(private readonly conversations: ConversationRepository) {}

  /** @returns `applied` when the event changed the inbox, `ignored` when it is about no caller's conversation. */
  async apply(tx: TransactionContext, topic: string, event: EventEnvelope<unknown>): Promise<'applied' | 'ignored'> {
    const projection = projectionOf(topic, event);
    if (!projection) return 'ignored';
    const key = { tenantId: event.tenantId, locationId: event.locationId, callerE164: projection.callerE164 };
    // The live feeds' notification rides in the upsert's statement (delivered at commit, like every write here).
    const id = await this.conversations.upsert(tx.handle, key, projection.at, projection.patch, { notify: true });
    if (projection.entry) await this.conversations.addEntry(tx.handle, id, projection.entry);
    if (projection.dispatch) await this.conversations.applyDispatch(tx.handle, id, projection.dispatch);
    if (projection.outbound) await this.conversations.upsertOutbound(tx.handle, id, projection.outbound.commandId, { occurredAt: projection.at, ...projection.outbound });
    return 'applied';
  }
}
