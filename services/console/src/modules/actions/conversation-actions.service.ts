import { Injectable } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { type ConversationDetail } from '../inbox/conversation.types';
import { InboxService } from '../inbox/inbox.service';
import { ConversationActionException, ConversationActionExceptionCode } from './conversation-action.exception';
import { LeadCrmClient } from './lead-crm.client';
import { SchedulingClient } from './scheduling.client';
import { type SlotChoice } from './slot-choice.types';

/** How many free slots the conversation page lists. */
export const SLOTS_SHOWN = 8;

/** Outcome of a lead as the page sends it. */
export interface LeadOutcome {
  outcome: 'won' | 'lost';
  /** Job value in whole cents (won). */
  actualValueCents?: number;
  reason?: string;
}

/**
 * What staff do on a conversation: take over, reply, release, note, mark won or lost (lead-crm's staff API), and
 * book or reschedule, schedule a callback and acknowledge a page (scheduling's). Each goes as the user (so its scoping applies, and texts take messaging's consent and quiet-hours
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

  /**
   * The next free slots at the conversation's location and the caller's upcoming booking (scheduling's, as the user).
   * @throws ConversationActionException NotFound; StaffApiRefusal from scheduling.
   */
  async slots(user: ConsoleUser, conversationId: string): Promise<SlotChoice> {
    const c = await this.visible(user, conversationId);
    return this.scheduling.slots(user, c.locationId, c.callerE164, SLOTS_SHOWN);
  }

  /**
   * Books the caller into the free slot starting at `startAt` through scheduling's staff API, or, when they already
   * have an upcoming booking there, moves that booking: the same events (`scheduling.booking.confirmed.v1`, with
   * `rescheduledFrom` for a move) and confirmation text as a bot booking, so lead-crm, reporting and this inbox see it
   * as any booking. `requestId` makes a retried click book once.
   * @returns the (new) booking id and whether an existing booking was moved.
   * @throws ConversationActionException NotFound; StaffApiRefusal (409 taken or outside booking hours).
   */
  async book(user: ConsoleUser, conversationId: string, startAt: string, requestId: string): Promise<{ bookingId: string; rescheduled: boolean }> {
    const c = await this.visible(user, conversationId);
    const { upcoming } = await this.scheduling.slots(user, c.locationId, c.callerE164, 1);
    if (upcoming) {
      if (upcoming.startAt === new Date(startAt).toISOString()) return { bookingId: upcoming.bookingId, rescheduled: false };
      return { bookingId: await this.scheduling.reschedule(user, upcoming.bookingId, startAt), rescheduled: true };
    }
    const bookingId = await this.scheduling.book(user, { requestId, locationId: c.locationId, callerE164: c.callerE164, startAt, conversationId: c.id, ...(c.leadId ? { leadId: c.leadId } : {}) });
    return { bookingId, rescheduled: false };
  }

  /**
   * Schedules a callback to the caller at `at` (RFC 3339; absent = the location's next staffed window) through
   * scheduling's staff API; `scheduling.callback.scheduled.v1` puts it on the timeline and the row's status.
   * @throws ConversationActionException NotFound; StaffApiRefusal (422 time out of range).
   */
  async scheduleCallback(user: ConsoleUser, conversationId: string, at: string | undefined, requestId: string): Promise<{ taskId: string }> {
    const c = await this.visible(user, conversationId);
    const taskId = await this.scheduling.scheduleCallback(user, { requestId, locationId: c.locationId, callerE164: c.callerE164, reason: `callback set by ${user.name}`, ...(at ? { at } : {}), ...(c.leadId ? { leadId: c.leadId } : {}) });
    return { taskId };
  }

  private async visible(user: ConsoleUser, conversationId: string): Promise<ConversationDetail> {
    const conversation = await this.inbox.detail(user, conversationId);
    if (!conversation) throw new ConversationActionException(ConversationActionExceptionCode.NotFound, 'no such conversation, or not at your locations');
    return conversation;
  }

  /** @throws ConversationActionException NotFound (absent or not the user's), NoLead (lead-crm has not opened one yet). */
  private async leadOf(user: ConsoleUser, conversationId: string): Promise<string> {
    const conversation = await this.inbox.detail(user, conversationId);
    if (!conversation) throw new ConversationActionException(ConversationActionExceptionCode.NotFound, 'no such conversation, or not at your locations');
    if (!conversation.leadId) throw new ConversationActionException(ConversationActionExceptionCode.NoLead, 'lead-crm has not opened a lead for this caller yet; try again in a moment');
    return conversation.leadId;
  }
}
