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
    // The timeline entry, the outbound text and the live feeds' notification ride in the upsert's statement (one round
    // trip; the notification is delivered at commit, like every write here). A dispatch change updates the
    // conversation's row again, which one statement cannot do twice: it follows on its own.
    const outbound = projection.outbound ? { occurredAt: projection.at, ...projection.outbound } : undefined;
    const id = await this.conversations.upsert(tx.handle, key, projection.at, projection.patch, { notify: true, entry: projection.entry, outbound });
    if (projection.dispatch) await this.conversations.applyDispatch(tx.handle, id, projection.dispatch);
    return 'applied';
  }
}
