import { randomUUID } from 'node:crypto';
import { strictMock } from '@textback/testing';
import { type ConsoleUser } from '../accounts/console-role.types';
import { type ConversationDetail, type DispatchSummary } from '../inbox/conversation.types';
import { type InboxService } from '../inbox/inbox.service';
import { ConversationActionExceptionCode } from './conversation-action.exception';
import { ConversationActionsService } from './conversation-actions.service';
import { type LeadCrmClient } from './lead-crm.client';
import { type SchedulingClient } from './scheduling.client';

const user: ConsoleUser = { id: randomUUID(), tenantId: randomUUID(), email: 'dana@example.com', name: 'Dana', role: 'dispatcher', regionIds: [], locationIds: [randomUUID()] };
const dispatchId = randomUUID();

function conversation(dispatch: Partial<DispatchSummary> | null): ConversationDetail {
  return {
    id: randomUUID(),
    locationId: user.locationIds[0]!,
    locationName: 'Denver',
    callerE164: '+13035550123',
    leadId: randomUUID(),
    status: 'bot_active',
    urgent: true,
    urgency: 'emergency',
    intent: null,
    need: 'flooding',
    missedCallReason: 'no_answer',
    firstTextOutcome: 'sent',
    firstTextReason: null,
    takenOverBy: null,
    callbackDueAt: null,
    lastPreview: null,
    source: 'missed_call',
    trackingSource: null,
    lastActivityAt: '2026-12-04T10:00:00Z',
    dispatch: dispatch ? { dispatchId, state: 'paging', attempt: 1, pagedName: 'Maria', ackDeadline: null, acknowledgedBy: null, acknowledgedByName: null, acknowledgedAt: null, ...dispatch } : null,
    facts: {},
    timeline: [],
  };
}

function serviceWith(found: ConversationDetail | null) {
  const scheduling = strictMock<SchedulingClient>({ acknowledge: jest.fn().mockResolvedValue(undefined) });
  const service = new ConversationActionsService(strictMock<InboxService>({ detail: jest.fn().mockResolvedValue(found) }), strictMock<LeadCrmClient>({}), scheduling);
  return { service, scheduling };
}

describe(`${ConversationActionsService.name} acknowledgePage`, () => {
  it("acknowledges the conversation's page through scheduling's staff API as the user", async () => {
    const c = conversation({ state: 'paging' });
    const { service, scheduling } = serviceWith(c);
    await service.acknowledgePage(user, c.id);
    expect(scheduling.acknowledge).toHaveBeenCalledWith(user, dispatchId);
  });

  it('acknowledges a page nobody answered (exhausted) too', async () => {
    const c = conversation({ state: 'exhausted' });
    const { service, scheduling } = serviceWith(c);
    await service.acknowledgePage(user, c.id);
    expect(scheduling.acknowledge).toHaveBeenCalledTimes(1);
  });

  it('does nothing for a page already acknowledged (a second click)', async () => {
    const c = conversation({ state: 'acknowledged', acknowledgedBy: user.id });
    const { service, scheduling } = serviceWith(c);
    await service.acknowledgePage(user, c.id);
    expect(scheduling.acknowledge).not.toHaveBeenCalled();
  });

  it('refuses a conversation without a page (409) and one the user may not see (404)', async () => {
    await expect(serviceWith(conversation(null)).service.acknowledgePage(user, randomUUID())).rejects.toMatchObject({ code: ConversationActionExceptionCode.NoPage });
    await expect(serviceWith(null).service.acknowledgePage(user, randomUUID())).rejects.toMatchObject({ code: ConversationActionExceptionCode.NotFound });
  });
});

describe(`${ConversationActionsService.name} book`, () => {
  const startAt = '2026-12-07T16:00:00.000Z';
  const requestId = randomUUID();

  function bookingService(upcoming: { bookingId: string; startAt: string } | null) {
    const c = conversation(null);
    const scheduling = strictMock<SchedulingClient>({
      slots: jest.fn().mockResolvedValue({ timeZone: 'America/Denver', slots: [], upcoming: upcoming ? { ...upcoming, endAt: upcoming.startAt, label: 'Mon 9am' } : null }),
      book: jest.fn().mockResolvedValue('new-booking'),
      reschedule: jest.fn().mockResolvedValue('moved-booking'),
    });
    const service = new ConversationActionsService(strictMock<InboxService>({ detail: jest.fn().mockResolvedValue(c) }), strictMock<LeadCrmClient>({}), scheduling);
    return { c, service, scheduling };
  }

  it('books a caller without a booking through scheduling as the user, naming the conversation and lead', async () => {
    const { c, service, scheduling } = bookingService(null);
    await expect(service.book(user, c.id, startAt, requestId)).resolves.toEqual({ bookingId: 'new-booking', rescheduled: false });
    expect(scheduling.book).toHaveBeenCalledWith(user, { requestId, locationId: c.locationId, callerE164: c.callerE164, startAt, conversationId: c.id, leadId: c.leadId });
    expect(scheduling.reschedule).not.toHaveBeenCalled();
  });

  it("moves the caller's upcoming booking instead of booking twice, and does nothing when it already starts then", async () => {
    const moving = bookingService({ bookingId: 'old-booking', startAt: '2026-12-08T16:00:00.000Z' });
    await expect(moving.service.book(user, moving.c.id, startAt, requestId)).resolves.toEqual({ bookingId: 'moved-booking', rescheduled: true });
    expect(moving.scheduling.reschedule).toHaveBeenCalledWith(user, 'old-booking', startAt);
    expect(moving.scheduling.book).not.toHaveBeenCalled();
    const same = bookingService({ bookingId: 'old-booking', startAt });
    await expect(same.service.book(user, same.c.id, '2026-12-07T09:00:00-07:00', requestId)).resolves.toEqual({ bookingId: 'old-booking', rescheduled: false });
    expect(same.scheduling.reschedule).not.toHaveBeenCalled();
  });
});
