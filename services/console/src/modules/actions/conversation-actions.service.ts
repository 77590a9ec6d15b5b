import { Injectable } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { InboxService } from '../inbox/inbox.service';
import { ConversationActionException, ConversationActionExceptionCode } from './conversation-action.exception';
import { LeadCrmClient } from './lead-crm.client';
import { SchedulingClient } from './scheduling.client';

/** Outcome of a lead as the page sends it. */
export interface LeadOutcome {
  outcome: 'won' | 'lost';
  /** Job value in whole cents (won). */
  actualValueCents?: number;
  reason?: string;
}

/**
 * What staff do on a conversation: take over, reply, release, note, mark won or lost (lead-crm's staff API), and
 * acknowledge a page (scheduling's). Each goes as the user (so its scoping applies, and texts take messaging's consent and quiet-hours
 * decision); the effects come back through the events the inbox projects.
 */
@Injectable()
export class ConversationActionsService {
  constructor(
    private readonly inbox: InboxService,
    private readonly crm: LeadCrmClient,
    private readonly scheduling: SchedulingClient,
  ) {}

  async takeOver(user: ConsoleUser, conversationId: string): Promise<void> {
    await this.crm.post(user, await this.leadOf(user, conversationId), 'takeover');
  }

  async release(user: ConsoleUser, conversationId: string): Promise<void> {
    await this.crm.post(user, await this.leadOf(user, conversationId), 'release');
  }

  /**
   * Asks for a text to the caller; `requestId` makes a retried click send one text.
   * @returns the send command id (the timeline shows it sent, or refused with messaging's reason).
   */
  async reply(user: ConsoleUser, conversationId: string, body: string, requestId: string): Promise<{ commandId: string }> {
    return (await this.crm.post(user, await this.leadOf(user, conversationId), 'texts', { body, requestId })) as { commandId: string };
  }

  async addNote(user: ConsoleUser, conversationId: string, body: string): Promise<void> {
    await this.crm.post(user, await this.leadOf(user, conversationId), 'notes', { body });
  }

  async close(user: ConsoleUser, conversationId: string, outcome: LeadOutcome): Promise<void> {
    await this.crm.post(user, await this.leadOf(user, conversationId), 'outcome', { ...outcome });
  }

  /**
   * Acknowledges the conversation's latest page through scheduling's staff API as the user: the escalation stops
   * exactly as when the on-call person texts ACK, and the timeline records the user (from the acknowledgement
   * event). Acknowledging an acknowledged page again changes nothing (scheduling's no-op).
   * @throws ConversationActionException NotFound (absent or not the user's), NoPage (nobody was paged for it).
   */
  async acknowledgePage(user: ConsoleUser, conversationId: string): Promise<void> {
    const conversation = await this.inbox.detail(user, conversationId);
    if (!conversation) throw new ConversationActionException(ConversationActionExceptionCode.NotFound, 'no such conversation, or not at your locations');
    if (!conversation.dispatch) throw new ConversationActionException(ConversationActionExceptionCode.NoPage, 'nobody has been paged for this conversation');
    if (conversation.dispatch.state === 'acknowledged') return;
    await this.scheduling.acknowledge(user, conversation.dispatch.dispatchId);
  }

  /** @throws ConversationActionException NotFound (absent or not the user's), NoLead (lead-crm has not opened one yet). */
  private async leadOf(user: ConsoleUser, conversationId: string): Promise<string> {
    const conversation = await this.inbox.detail(user, conversationId);
    if (!conversation) throw new ConversationActionException(ConversationActionExceptionCode.NotFound, 'no such conversation, or not at your locations');
    if (!conversation.leadId) throw new ConversationActionException(ConversationActionExceptionCode.NoLead, 'lead-crm has not opened a lead for this caller yet; try again in a moment');
    return conversation.leadId;
  }
}
