import { randomUUID } from 'node:crypto';
import { bookingCancelledV1, bookingConfirmedV1, callbackScheduledV1, callMissedV1, createEvent, type Contract, dispatchAcknowledgedV1, dispatchEscalatedV1, dispatchPagedV1, type EventEnvelope, smsReceivedV1, smsSendCommandV1, smsSentV1, smsSuppressedV1, TOPICS, urgentDetectedV1 } from '@textback/contracts';
import { type z } from 'zod';
import { PREVIEW_LENGTH, projectionOf } from './conversation-projection.mapper';

const attrs = { source: '/textback/test', tenantId: randomUUID(), locationId: randomUUID(), correlationId: randomUUID(), time: new Date('2026-12-04T10:00:00Z') };
const caller = '+13035550123';
const ev = <C extends Contract>(contract: C, data: z.input<C['data']>): EventEnvelope<unknown> => createEvent(contract, attrs, data) as EventEnvelope<unknown>;

describe(projectionOf.name, () => {
  it('opens a conversation from a missed call with the reason on the row and a timeline entry keyed by the event id', () => {
    const event = ev(callMissedV1, {
      callId: randomUUID(),
      provider: 'bandwidth',
      providerCallId: 'c-1',
      callerE164: caller,
      callerRaw: caller,
      dialedE164: '+13035550100',
      startedAt: '2026-12-04T09:59:00Z',
      reason: 'no_answer',
      explanation: 'rang 25s',
      ringSeconds: 25,
      endedAt: '2026-12-04T09:59:30Z',
      decidedAt: '2026-12-04T09:59:31Z',
      callerTextable: true,
    });
    const p = projectionOf(TOPICS.callMissed, event);
    expect(p).toMatchObject({ callerE164: caller, at: new Date('2026-12-04T09:59:31Z'), patch: { missedCallReason: 'no_answer' }, entry: { id: event.id, kind: 'call_missed', actor: 'caller' } });
  });

  it('ignores an anonymous missed call (no number to key a conversation by)', () => {
    const event = ev(callMissedV1, {
      callId: randomUUID(),
      provider: 'bandwidth',
      providerCallId: 'c-2',
      callerE164: null,
      callerRaw: 'anonymous',
      dialedE164: '+13035550100',
      startedAt: '2026-12-04T09:59:00Z',
      reason: 'no_answer',
      explanation: 'rang 25s',
      ringSeconds: 25,
      endedAt: '2026-12-04T09:59:30Z',
      decidedAt: '2026-12-04T09:59:31Z',
      callerTextable: false,
    });
    expect(projectionOf(TOPICS.callMissed, event)).toBeNull();
  });

  it('names who asked for a text: a staff user id, the bot, or another service', () => {
    const send = (requestedBy: string) =>
      projectionOf(TOPICS.smsSend, ev(smsSendCommandV1, { commandId: randomUUID(), to: caller, body: 'x'.repeat(PREVIEW_LENGTH + 10), purpose: 'manual', automated: false, requestedBy }));
    const staff = randomUUID();
    expect(send(staff)?.outbound?.actor).toBe(`staff:${staff}`);
    expect(send('conversation-ai')?.outbound?.actor).toBe('bot');
    expect(send('scheduling')?.outbound?.actor).toBe('automation:scheduling');
    expect(send(staff)?.patch.lastPreview).toHaveLength(PREVIEW_LENGTH);
    expect(send(staff)?.outbound?.status).toBe('requested');
  });

  it('keeps dispatch pages to the on-call person out of the callers\' conversations', () => {
    expect(projectionOf(TOPICS.smsSend, ev(smsSendCommandV1, { commandId: randomUUID(), to: '+13035550999', body: 'URGENT page', purpose: 'dispatch_page', automated: true, requestedBy: 'scheduling' }))).toBeNull();
  });

  it('keeps the reason of a refused text', () => {
    const commandId = randomUUID();
    const p = projectionOf(
      TOPICS.smsSuppressed,
      ev(smsSuppressedV1, { messageId: randomUUID(), commandId, to: caller, purpose: 'manual', automated: false, reason: 'opted_out', requestedBy: 'u', producer: '/textback/lead-crm', suppressedAt: '2026-12-04T10:00:01Z' }),
    );
    expect(p?.outbound).toMatchObject({ commandId, status: 'refused', reason: 'opted_out' });
  });

  it('flags an urgent conversation with the summary as its need', () => {
    const p = projectionOf(TOPICS.urgentDetected, ev(urgentDetectedV1, { conversationId: randomUUID(), callerE164: caller, hazard: 'flooding', summary: 'Basement flooding', detectedAt: '2026-12-04T10:00:02Z' }));
    expect(p?.patch).toEqual({ urgent: true, urgency: 'emergency', need: 'Basement flooding' });
  });

  it('puts a booking (and its reschedule) and a cancellation on the timeline', () => {
    const bookingId = randomUUID();
    const slot = { slotId: '2026-12-05T16:00:00.000Z', startAt: '2026-12-05T16:00:00.000Z', endAt: '2026-12-05T18:00:00.000Z', label: 'Sat Dec 5, 9am' };
    const moved = projectionOf(TOPICS.bookingConfirmed, ev(bookingConfirmedV1, { callerE164: caller, bookingId, slot, estimatedValueCents: 45_000, rescheduledFrom: randomUUID() }));
    expect(moved).toMatchObject({ callerE164: caller, patch: {}, entry: { kind: 'booking', actor: 'automation:scheduling', data: { bookingId, label: 'Sat Dec 5, 9am', startAt: slot.startAt, rescheduledFrom: expect.any(String) } } });
    const cancelled = projectionOf(TOPICS.bookingCancelled, ev(bookingCancelledV1, { callerE164: caller, bookingId, reason: 'rescheduled' }));
    expect(cancelled).toMatchObject({ entry: { kind: 'booking_cancelled', body: 'rescheduled', data: { bookingId } } });
  });

  it('ignores a callback task without a caller number, and events of topics the inbox does not show', () => {
    const task = ev(callbackScheduledV1, { taskId: randomUUID(), callerE164: null, windowStart: '2026-12-04T11:00:00Z', windowEnd: '2026-12-04T12:00:00Z', reason: 'international' });
    expect(projectionOf(TOPICS.callbackScheduled, task)).toBeNull();
    expect(projectionOf(TOPICS.bookingOffered, task)).toBeNull();
  });

  describe('dispatch', () => {
    const dispatchId = randomUUID();
    const pageId = randomUUID();

    it('puts a page on the timeline and the dispatch in the paging state with who was paged and until when', () => {
      const event = ev(dispatchPagedV1, { dispatchId, callerE164: caller, pageId, attempt: 1, onCallName: 'Maria Lopez', onCallE164: '+13035550111', role: 'on_call', channels: ['sms', 'voice'], pagedAt: '2026-12-04T10:00:05Z', ackDeadline: '2026-12-04T10:05:05Z' });
      const p = projectionOf(TOPICS.dispatchPaged, event);
      expect(p).toMatchObject({
        callerE164: caller,
        at: new Date('2026-12-04T10:00:05Z'),
        patch: { urgent: true },
        entry: { id: event.id, kind: 'page', actor: 'automation:scheduling', data: { dispatchId, attempt: 1, onCallName: 'Maria Lopez', channels: ['sms', 'voice'] } },
        dispatch: { kind: 'paged', dispatchId, attempt: 1, pagedName: 'Maria Lopez', ackDeadline: new Date('2026-12-04T10:05:05Z') },
      });
      // The on-call person's number stays out of the caller's timeline.
      expect(JSON.stringify(p?.entry)).not.toContain('+13035550111');
    });

    it('marks the dispatch exhausted only when nobody is left to page', () => {
      const next = projectionOf(TOPICS.dispatchEscalated, ev(dispatchEscalatedV1, { dispatchId, callerE164: caller, fromPageId: pageId, toAttempt: 2, exhausted: false, escalatedAt: '2026-12-04T10:05:05Z' }));
      expect(next?.entry).toMatchObject({ kind: 'page_escalated', data: { toAttempt: 2, exhausted: false } });
      expect(next?.dispatch).toBeUndefined();
      const last = projectionOf(TOPICS.dispatchEscalated, ev(dispatchEscalatedV1, { dispatchId, callerE164: caller, fromPageId: pageId, toAttempt: 3, exhausted: true, escalatedAt: '2026-12-04T10:10:05Z' }));
      expect(last?.dispatch).toEqual({ kind: 'exhausted', dispatchId, attempt: 2 });
    });

    it('records a console user who acknowledged as staff (named on the timeline), and an on-call person by text by name', () => {
      const userId = randomUUID().toUpperCase();
      const byStaff = projectionOf(TOPICS.dispatchAcknowledged, ev(dispatchAcknowledgedV1, { dispatchId, callerE164: caller, pageId, acknowledgedBy: userId, via: 'api', acknowledgedAt: '2026-12-04T10:01:00Z', secondsToAcknowledge: 60 }));
      expect(byStaff).toMatchObject({ entry: { kind: 'page_acknowledged', actor: `staff:${userId.toLowerCase()}`, data: { via: 'api' } }, dispatch: { kind: 'acknowledged', dispatchId, acknowledgedBy: userId.toLowerCase() } });
      const bySms = projectionOf(TOPICS.dispatchAcknowledged, ev(dispatchAcknowledgedV1, { dispatchId, callerE164: caller, pageId, acknowledgedBy: 'Maria Lopez', via: 'sms', acknowledgedAt: '2026-12-04T10:01:00Z', secondsToAcknowledge: 60 }));
      expect(bySms).toMatchObject({ entry: { kind: 'page_acknowledged', actor: null, data: { via: 'sms', acknowledgedBy: 'Maria Lopez' } }, dispatch: { kind: 'acknowledged', acknowledgedBy: 'Maria Lopez' } });
    });
  });
  describe('whose turn it is (the "waiting on caller" status)', () => {
    const sent = (purpose: 'first_text' | 'conversation_reply' | 'manual' | 'follow_up' | 'caller_notice' | 'keyword_reply' | 'dispatch_page', sentAt: string) =>
      projectionOf(
        TOPICS.smsSent,
        ev(smsSentV1, { messageId: randomUUID(), commandId: randomUUID(), provider: 'bandwidth', providerMessageId: 'p-1', from: '+13035550100', to: caller, purpose, automated: purpose !== 'manual', segments: 1, encoding: 'GSM-7', sentAt }),
      );

    it('records when a text that expects an answer was sent: the first text, the bot\'s and staff\'s replies, follow-ups', () => {
      for (const purpose of ['first_text', 'conversation_reply', 'manual', 'follow_up'] as const)
        expect(sent(purpose, '2026-12-04T10:00:05Z')?.patch).toEqual({ askedCallerAt: new Date('2026-12-04T10:00:05Z') });
    });

    it('does not count notices and STOP/HELP answers as asking (and pages to staff are no caller\'s conversation)', () => {
      expect(sent('caller_notice', '2026-12-04T10:00:05Z')?.patch).toEqual({});
      expect(sent('keyword_reply', '2026-12-04T10:00:05Z')?.patch).toEqual({});
      expect(sent('dispatch_page', '2026-12-04T10:00:05Z')).toBeNull();
    });

    it('records when the caller last texted', () => {
      const p = projectionOf(
        TOPICS.smsReceived,
        ev(smsReceivedV1, { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: 'm-1', from: caller, to: '+13035550100', body: 'yes please', receivedAt: '2026-12-04T10:01:00Z' }),
      );
      expect(p?.patch).toMatchObject({ callerTextAt: new Date('2026-12-04T10:01:00Z'), lastPreview: 'yes please' });
    });
  });
});
