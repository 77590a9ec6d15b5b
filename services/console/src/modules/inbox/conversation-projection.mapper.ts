import {
  type BookingCancelledV1,
  type BookingConfirmedV1,
  type CallbackScheduledV1,
  type CallMissedV1,
  type ConsentOptedInV1,
  type ConsentOptedOutV1,
  type ConversationTakenOverV1,
  type DispatchAcknowledgedV1,
  type DispatchEscalatedV1,
  type DispatchPagedV1,
  type EventEnvelope,
  type FirstTextDecidedV1,
  type IntentCapturedV1,
  type LeadCreatedV1,
  type LeadStageChangedV1,
  type SmsReceivedV1,
  type SmsSendCommandV1,
  type SmsSentV1,
  type SmsSuppressedV1,
  TOPICS,
  type UrgentDetectedV1,
} from '@textback/contracts';
import { actorOfRequester, ASKING_PURPOSES, type ConversationPatch, type DispatchChange, type EntryActor, isUserId, type NewEntry, type OutboundStatus } from './conversation.types';

/** What one event changes in the inbox: the conversation's row, and a timeline entry or an outbound text. */
export interface Projection {
  callerE164: string;
  at: Date;
  patch: ConversationPatch;
  entry?: NewEntry;
  outbound?: { commandId: string; actor: EntryActor | null; body: string | null; status: OutboundStatus; reason: string | null; data: Record<string, unknown> };
  dispatch?: DispatchChange;
}

/** Longest preview of a text kept on an inbox row, characters. */
export const PREVIEW_LENGTH = 140;

/** Texts to staff, not to a caller (dispatch pages to the on-call person): never a caller's conversation. */
const STAFF_PURPOSES: ReadonlySet<string> = new Set(['dispatch_page']);

const preview = (text: string) => (text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text);

/**
 * The inbox's reading of one event (validated by its contract before it gets here), or null when it is not
 * about one caller's conversation (an anonymous call, a callback task without a number, a topic the inbox
 * does not show). Pure: the same event always maps to the same projection, which makes redelivery harmless
 * even before the inbox de-duplicates it.
 */
export function projectionOf(topic: string, event: EventEnvelope<unknown>): Projection | null {
  const at = new Date(event.time);
  const entry = (kind: NewEntry['kind'], actor: EntryActor | null, body: string | null, data: Record<string, unknown>): NewEntry => ({ id: event.id, kind, occurredAt: at, actor, body, data });
  switch (topic) {
    case TOPICS.callMissed: {
      const d = event.data as CallMissedV1;
      if (!d.callerE164) return null;
      return { callerE164: d.callerE164, at: new Date(d.decidedAt), patch: { missedCallReason: d.reason }, entry: entry('call_missed', 'caller', null, { reason: d.reason, explanation: d.explanation, ringSeconds: d.ringSeconds, callId: d.callId }) };
    }
    case TOPICS.firstTextDecided: {
      const d = event.data as FirstTextDecidedV1;
      if (!d.callerE164) return null;
      const patch: ConversationPatch = { firstTextOutcome: d.outcome, firstTextReason: d.reason ?? null };
      return { callerE164: d.callerE164, at: new Date(d.decidedAt), patch, entry: entry('first_text', 'automation:messaging', null, { outcome: d.outcome, reason: d.reason ?? null, callId: d.callId }) };
    }
    case TOPICS.smsReceived: {
      const d = event.data as SmsReceivedV1;
      const receivedAt = new Date(d.receivedAt);
      return { callerE164: d.from, at: receivedAt, patch: { lastPreview: preview(d.body), callerTextAt: receivedAt }, entry: entry('sms_in', 'caller', d.body, { messageId: d.messageId, needsReview: d.needsReview }) };
    }
    case TOPICS.smsSend: {
      const d = event.data as SmsSendCommandV1;
      if (STAFF_PURPOSES.has(d.purpose)) return null;
      const patch: ConversationPatch = d.body ? { lastPreview: preview(d.body) } : {};
      return { callerE164: d.to, at, patch, outbound: { commandId: d.commandId, actor: actorOfRequester(d.requestedBy), body: d.body ?? null, status: 'requested', reason: null, data: { purpose: d.purpose, automated: d.automated, ...(d.templateId ? { templateId: d.templateId } : {}) } } };
    }
    case TOPICS.smsSent: {
      const d = event.data as SmsSentV1;
      if (STAFF_PURPOSES.has(d.purpose)) return null;
      const actor: EntryActor | null = d.purpose === 'first_text' || d.purpose === 'keyword_reply' ? 'automation:messaging' : null;
      const sentAt = new Date(d.sentAt);
      return { callerE164: d.to, at: sentAt, patch: ASKING_PURPOSES.has(d.purpose) ? { askedCallerAt: sentAt } : {}, outbound: { commandId: d.commandId, actor, body: null, status: 'sent', reason: null, data: { purpose: d.purpose, automated: d.automated, messageId: d.messageId } } };
    }
    case TOPICS.smsSuppressed: {
      const d = event.data as SmsSuppressedV1;
      if (STAFF_PURPOSES.has(d.purpose)) return null;
      return { callerE164: d.to, at: new Date(d.suppressedAt), patch: {}, outbound: { commandId: d.commandId, actor: actorOfRequester(d.requestedBy), body: null, status: 'refused', reason: d.reason, data: { purpose: d.purpose, automated: d.automated } } };
    }
    case TOPICS.intentCaptured: {
      const d = event.data as IntentCapturedV1;
      const facts: Record<string, unknown> = { intent: d.intent, urgency: d.urgency };
      for (const k of ['serviceId', 'serviceText', 'city', 'zip', 'name'] as const) if (d[k]) facts[k] = d[k];
      if (d.preferredTime) facts.preferredTime = d.preferredTime.text;
      const need = d.serviceText ?? d.serviceId;
      const patch: ConversationPatch = { intent: d.intent, urgency: d.urgency, facts, ...(need ? { need } : {}), ...(d.urgency === 'emergency' ? { urgent: true } : {}) };
      return { callerE164: d.callerE164, at, patch, entry: entry('intent', 'bot', null, facts) };
    }
    case TOPICS.urgentDetected: {
      const d = event.data as UrgentDetectedV1;
      return { callerE164: d.callerE164, at: new Date(d.detectedAt), patch: { urgent: true, urgency: 'emergency', need: d.summary }, entry: entry('urgent', 'bot', d.summary, { hazard: d.hazard }) };
    }
    case TOPICS.leadCreated: {
      const d = event.data as LeadCreatedV1;
      return { callerE164: d.callerE164, at, patch: { leadId: d.leadId, stage: d.stage, source: d.source, trackingSource: d.trackingSource ?? null }, entry: undefined };
    }
    case TOPICS.leadStageChanged: {
      const d = event.data as LeadStageChangedV1;
      const facts: Record<string, unknown> = d.actualValueCents !== undefined ? { actualValueCents: d.actualValueCents } : {};
      return { callerE164: d.callerE164, at, patch: { leadId: d.leadId, stage: d.stage, facts }, entry: entry('stage', actorOfRequester(d.changedBy), null, { from: d.previousStage, to: d.stage, ...facts }) };
    }
    case TOPICS.conversationTakenOver: {
      const d = event.data as ConversationTakenOverV1;
      return { callerE164: d.callerE164, at, patch: { leadId: d.leadId, humanActive: true, takenOverBy: d.userId }, entry: entry('takeover', actorOfRequester(d.userId), null, {}) };
    }
    case TOPICS.conversationReleased: {
      const d = event.data as ConversationTakenOverV1;
      return { callerE164: d.callerE164, at, patch: { leadId: d.leadId, humanActive: false, takenOverBy: null }, entry: entry('release', actorOfRequester(d.userId), null, {}) };
    }
    case TOPICS.consentOptedOut: {
      const d = event.data as ConsentOptedOutV1;
      return { callerE164: d.phoneE164, at, patch: { optedOut: true }, entry: entry('opted_out', 'caller', d.keyword ?? null, { method: d.method, scope: d.scope }) };
    }
    case TOPICS.consentOptedIn: {
      const d = event.data as ConsentOptedInV1;
      return { callerE164: d.phoneE164, at, patch: { optedOut: false }, entry: entry('opted_in', 'caller', d.keyword ?? null, { method: d.method, scope: d.scope }) };
    }
    case TOPICS.callbackScheduled: {
      const d = event.data as CallbackScheduledV1;
      if (!d.callerE164) return null;
      return { callerE164: d.callerE164, at, patch: { callbackDueAt: new Date(d.windowStart) }, entry: entry('callback', 'automation:scheduling', d.reason, { windowStart: d.windowStart, windowEnd: d.windowEnd }) };
    }
    case TOPICS.bookingConfirmed: {
      const d = event.data as BookingConfirmedV1;
      const data = { bookingId: d.bookingId, startAt: d.slot.startAt, endAt: d.slot.endAt, label: d.slot.label, estimatedValueCents: d.estimatedValueCents, ...(d.rescheduledFrom ? { rescheduledFrom: d.rescheduledFrom } : {}) };
      return { callerE164: d.callerE164, at, patch: {}, entry: entry('booking', 'automation:scheduling', null, data) };
    }
    case TOPICS.bookingCancelled: {
      const d = event.data as BookingCancelledV1;
      return { callerE164: d.callerE164, at, patch: {}, entry: entry('booking_cancelled', 'automation:scheduling', d.reason ?? null, { bookingId: d.bookingId }) };
    }
    case TOPICS.dispatchPaged: {
      const d = event.data as DispatchPagedV1;
      const change: DispatchChange = { kind: 'paged', dispatchId: d.dispatchId, attempt: d.attempt, pagedName: d.onCallName, ackDeadline: new Date(d.ackDeadline) };
      const data = { dispatchId: d.dispatchId, pageId: d.pageId, attempt: d.attempt, onCallName: d.onCallName, role: d.role, channels: d.channels, ackDeadline: d.ackDeadline };
      return { callerE164: d.callerE164, at: new Date(d.pagedAt), patch: { urgent: true }, entry: entry('page', 'automation:scheduling', null, data), dispatch: change };
    }
    case TOPICS.dispatchEscalated: {
      const d = event.data as DispatchEscalatedV1;
      const data = { dispatchId: d.dispatchId, toAttempt: d.toAttempt, exhausted: d.exhausted };
      const change: DispatchChange | undefined = d.exhausted ? { kind: 'exhausted', dispatchId: d.dispatchId, attempt: d.toAttempt - 1 } : undefined;
      return { callerE164: d.callerE164, at: new Date(d.escalatedAt), patch: {}, entry: entry('page_escalated', 'automation:scheduling', null, data), ...(change ? { dispatch: change } : {}) };
    }
    case TOPICS.dispatchAcknowledged: {
      const d = event.data as DispatchAcknowledgedV1;
      // Through the staff API (the console) `acknowledgedBy` is the user's id; by text it is the on-call person's name.
      const staff = isUserId(d.acknowledgedBy);
      const actor: EntryActor | null = staff ? `staff:${d.acknowledgedBy.toLowerCase()}` : null;
      const change: DispatchChange = { kind: 'acknowledged', dispatchId: d.dispatchId, acknowledgedBy: staff ? d.acknowledgedBy.toLowerCase() : d.acknowledgedBy, acknowledgedAt: new Date(d.acknowledgedAt) };
      const data = { dispatchId: d.dispatchId, pageId: d.pageId, via: d.via, secondsToAcknowledge: d.secondsToAcknowledge, ...(staff ? {} : { acknowledgedBy: d.acknowledgedBy }) };
      return { callerE164: d.callerE164, at: new Date(d.acknowledgedAt), patch: {}, entry: entry('page_acknowledged', actor, null, data), dispatch: change };
    }
    default:
      return null;
  }
}
