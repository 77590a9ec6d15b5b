import { randomUUID } from 'node:crypto';
import {
  bookingConfirmedV1,
  callbackScheduledV1,
  callbackTaskRequestedV1,
  callMissedV1,
  consentOptedOutV1,
  type Contract,
  createEvent,
  type EventEnvelope,
  firstTextDecidedV1,
  intentCapturedV1,
  leadQualifiedV1,
  smsReceivedV1,
  smsSentV1,
} from '@textback/contracts';

/** Where and when: the tenant, location and the instant of the fact. */
export interface EventPlace {
  tenantId: string;
  locationId: string;
  correlationId: string;
  at: Date;
}

const attrs = (p: EventPlace, source: string) => ({ source, tenantId: p.tenantId, locationId: p.locationId, correlationId: p.correlationId, time: p.at });
const plus = (d: Date, s: number) => new Date(d.getTime() + s * 1000).toISOString();

/** Builders of the events lead-crm consumes, with realistic fields. */
export const crmEvents = {
  callMissed: (p: EventPlace, callerE164: string, dialedE164: string, callId: string) =>
    createEvent(callMissedV1, attrs(p, '/textback/telephony-ingest'), {
      callId,
      provider: 'bandwidth',
      providerCallId: `c-${callId}`,
      callerE164,
      callerRaw: callerE164,
      dialedE164,
      startedAt: plus(p.at, -31),
      reason: 'no_answer',
      explanation: 'rang 25s until ring timeout',
      ringSeconds: 25,
      endedAt: plus(p.at, -1),
      decidedAt: p.at.toISOString(),
      callerTextable: true,
    }),
  callbackTaskRequested: (p: EventPlace, callerE164: string, callId: string, reason: 'landline' | 'international' = 'landline') =>
    createEvent(callbackTaskRequestedV1, attrs(p, '/textback/messaging'), { taskKey: `callback:${callId}`, callId, callerE164, reason }),
  callbackScheduled: (p: EventPlace, callerE164: string, windowStart: Date, leadId?: string) =>
    createEvent(callbackScheduledV1, attrs(p, '/textback/scheduling'), {
      taskId: randomUUID(),
      callerE164,
      ...(leadId ? { leadId } : {}),
      windowStart: windowStart.toISOString(),
      windowEnd: new Date(windowStart.getTime() + 3_600_000).toISOString(),
      reason: 'caller cannot be texted (landline)',
    }),
  optedOut: (p: EventPlace, phoneE164: string, sendingNumberE164: string) =>
    createEvent(consentOptedOutV1, attrs(p, '/textback/messaging'), {
      consentId: randomUUID(),
      phoneE164,
      sendingNumberE164,
      scope: 'location',
      method: 'keyword',
      channel: 'sms',
      keyword: 'STOP',
      at: p.at.toISOString(),
    }),
  firstTextDecided: (p: EventPlace, callerE164: string, callId: string) =>
    createEvent(firstTextDecidedV1, attrs(p, '/textback/messaging'), { callId, callerE164, outcome: 'sent', commandId: randomUUID(), decisionLatencySeconds: 1, decidedAt: p.at.toISOString() }),
  smsSent: (p: EventPlace, to: string, from: string) =>
    createEvent(smsSentV1, attrs(p, '/textback/messaging'), {
      messageId: randomUUID(),
      commandId: randomUUID(),
      provider: 'bandwidth',
      providerMessageId: `m-${randomUUID()}`,
      from,
      to,
      purpose: 'first_text',
      automated: true,
      segments: 1,
      encoding: 'GSM-7',
      sentAt: p.at.toISOString(),
    }),
  smsReceived: (p: EventPlace, from: string, to: string, body: string) =>
    createEvent(smsReceivedV1, attrs(p, '/textback/messaging'), { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: `m-${randomUUID()}`, from, to, body, receivedAt: p.at.toISOString() }),
  intentCaptured: (p: EventPlace, callerE164: string, serviceId: string) =>
    createEvent(intentCapturedV1, attrs(p, '/textback/conversation-ai'), { conversationId: p.correlationId, callerE164, intent: 'book', urgency: 'routine', serviceId, method: 'rules', confidence: 0.9 }),
  leadQualified: (p: EventPlace, callerE164: string, serviceId: string) =>
    createEvent(leadQualifiedV1, attrs(p, '/textback/conversation-ai'), { conversationId: p.correlationId, callerE164, intent: 'book', urgency: 'routine', serviceId, summary: 'Furnace repair, Denver, tomorrow morning' }),
  bookingConfirmed: (p: EventPlace, callerE164: string, serviceId: string, estimatedValueCents: number) =>
    createEvent(bookingConfirmedV1, attrs(p, '/textback/scheduling'), {
      callerE164,
      serviceId,
      bookingId: randomUUID(),
      slot: { slotId: 's1', startAt: plus(p.at, 86_400), endAt: plus(p.at, 93_600), label: 'Tue 9am' },
      estimatedValueCents,
    }),
};

/** The contract of an event built above, for producing it. */
export function contractOf(event: EventEnvelope<unknown>, contracts: readonly Contract[]): Contract {
  const c = contracts.find((x) => x.type === event.type);
  if (!c) throw new Error(`no contract for ${event.type}`);
  return c;
}
