import { randomUUID } from 'node:crypto';
import { type ConsoleUser } from '../accounts/console-role.types';
import { type ConversationDetail, type DispatchSummary } from '../inbox/conversation.types';
import { type InboxService } from '../inbox/inbox.service';
import { ConversationActionExceptionCode } from './conversation-action.exception';
import { ConversationActionsService } from './conversation-actions.service';
import { type LeadCrmClient } from './lead-crm.client';
import { type SchedulingClient } from './scheduling.client';

/** A strict mock: any method that was not stubbed fails the test when called. */
function strictMock<T extends object>(stubs: Partial<Record<keyof T, jest.Mock>>): T & Record<keyof T, jest.Mock> {
  return new Proxy(stubs, {
    get: (target, prop: string) => {
      const stub = (target as Record<string, jest.Mock | undefined>)[prop];
      if (!stub) throw new Error(`unexpected call to ${prop}`);
      return stub;
    },
  }) as T & Record<keyof T, jest.Mock>;
}

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
