import { randomUUID } from 'node:crypto';
import { type Contract, createEvent, type EventEnvelope, TOPICS } from '@textback/contracts';
import { contractForTopic } from '@textback/contracts';

/** Ids of the seeded scenario: tenant A with regions R1 (L1, Chicago) and R2 (L2, New York); tenant B with L3. */
export interface ScenarioIds {
  tenantA: string;
  tenantB: string;
  regionR1: string;
  regionR2: string;
  l1: string;
  l2: string;
  l3: string;
}

export function scenarioIds(): ScenarioIds {
  return { tenantA: randomUUID(), tenantB: randomUUID(), regionR1: randomUUID(), regionR2: randomUUID(), l1: randomUUID(), l2: randomUUID(), l3: randomUUID() };
}

const num = (n: number) => `+1312555${String(n).padStart(4, '0')}`;

function locationConfig(tenantId: string, locationId: string, regionId: string, name: string, timeZone: string) {
  return {
    locationId, tenantId, regionId, revision: 1, businessName: 'Acme Plumbing', locationName: name, timeZone, currency: 'USD',
    businessHours: { mon: [{ open: '08:00', close: '17:00' }] }, forwardToE164: num(9000),
    phoneNumbers: [{ e164: num(9001), provider: 'bandwidth', purpose: 'tracking', trackingSource: 'google-ads' }],
    sendingNumbers: [{ e164: num(9002), provider: 'bandwidth', campaignStatus: 'registered' }],
    services: [{ serviceId: 'drain', name: 'Drain cleaning', averageTicketCents: 25000 }, { serviceId: 'leak', name: 'Leak repair', averageTicketCents: 15000 }],
  };
}

/**
 * A known day of events (local day 2026-11-10 in each location's zone) with the numbers it must
 * produce (see the integration spec). Returns events in delivery order, duplicates included.
 */
export function funnelScenario(ids: ScenarioIds): { events: EventEnvelope<unknown>[]; duplicates: EventEnvelope<unknown>[] } {
  const events: EventEnvelope<unknown>[] = [];
  const ev = (topic: string, tenantId: string, locationId: string, correlationId: string, time: string, data: unknown): EventEnvelope<unknown> => {
    const contract: Contract = contractForTopic(topic);
    const e = createEvent(contract, { source: '/textback/it', tenantId, locationId, correlationId, time: new Date(time) }, data as never) as EventEnvelope<unknown>;
    events.push(e);
    return e;
  };
  const call = (n: number, dialedTracking: boolean, at: string) => ({
    callId: randomUUID(), provider: 'bandwidth', providerCallId: `c-${n}-${randomUUID()}`, callerE164: num(n), callerRaw: num(n), dialedE164: num(9001),
    ...(dialedTracking ? { trackingSource: 'google-ads' } : {}), startedAt: at,
  });
  const { tenantA: A, tenantB: B, l1, l2, l3 } = ids;
  ev(TOPICS.locationConfig, A, l1, l1, '2026-11-01T00:00:00Z', locationConfig(A, l1, ids.regionR1, 'Chicago North', 'America/Chicago'));
  ev(TOPICS.locationConfig, A, l2, l2, '2026-11-01T00:00:00Z', locationConfig(A, l2, ids.regionR2, 'Brooklyn', 'America/New_York'));
  ev(TOPICS.locationConfig, B, l3, l3, '2026-11-01T00:00:00Z', locationConfig(B, l3, ids.regionR1, 'Other tenant', 'America/Chicago'));

  // Call 1 at L1 (Chicago, UTC-6): 10:00 local. Missed, texted, replied, qualified, booked, won.
  const t1 = '2026-11-10T16:00:00Z';
  const c1 = call(1, true, t1);
  ev(TOPICS.callReceived, A, l1, c1.callId, t1, { ...c1, route: 'forward' });
  const missed1 = ev(TOPICS.callMissed, A, l1, c1.callId, '2026-11-10T16:00:30Z', { ...c1, reason: 'no_answer', explanation: 'rang 25s', ringSeconds: 25, endedAt: '2026-11-10T16:00:25Z', decidedAt: '2026-11-10T16:00:30Z', callerTextable: true });
  const cmd1 = randomUUID();
  const msg1 = randomUUID();
  const lead1 = randomUUID();
  const conv1 = randomUUID();
  ev(TOPICS.firstTextDecided, A, l1, c1.callId, '2026-11-10T16:00:34Z', { callId: c1.callId, callerE164: num(1), outcome: 'sent', commandId: cmd1, decisionLatencySeconds: 4, decidedAt: '2026-11-10T16:00:34Z' });
  ev(TOPICS.smsSent, A, l1, c1.callId, '2026-11-10T16:00:35Z', { messageId: msg1, commandId: cmd1, provider: 'bandwidth', providerMessageId: 'bw-1', from: num(9002), to: num(1), purpose: 'first_text', automated: true, segments: 2, encoding: 'GSM-7', sentAt: '2026-11-10T16:00:35Z' });
  ev(TOPICS.smsDelivered, A, l1, c1.callId, '2026-11-10T16:00:37Z', { messageId: msg1, provider: 'bandwidth', providerMessageId: 'bw-1', to: num(1), deliveredAt: '2026-11-10T16:00:37Z' });
  // A conversation reply (not a first text) delivered: an SMS delivery, not a first-text one.
  const reply1 = randomUUID();
  ev(TOPICS.smsSent, A, l1, c1.callId, '2026-11-10T16:03:00Z', { messageId: reply1, commandId: randomUUID(), provider: 'bandwidth', providerMessageId: 'bw-1r', from: num(9002), to: num(1), purpose: 'conversation_reply', automated: true, segments: 1, encoding: 'GSM-7', sentAt: '2026-11-10T16:03:00Z' });
  ev(TOPICS.smsDelivered, A, l1, c1.callId, '2026-11-10T16:03:02Z', { messageId: reply1, provider: 'bandwidth', providerMessageId: 'bw-1r', to: num(1), deliveredAt: '2026-11-10T16:03:02Z' });
  for (const [i, at] of ['2026-11-10T16:02:00Z', '2026-11-10T17:05:00Z'].entries()) {
    ev(TOPICS.smsReceived, A, l1, c1.callId, at, { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: `in-${i}`, from: num(1), to: num(9002), body: 'my drain is clogged', mediaUrls: [], receivedAt: at, needsReview: false });
  }
  // An on-call person's "ACK" to the business number: its own story, no first text — not a reply.
  const ack = randomUUID();
  ev(TOPICS.smsReceived, A, l1, ack, '2026-11-10T16:04:00Z', { messageId: ack, provider: 'bandwidth', providerMessageId: 'in-ack', from: num(8001), to: num(9002), body: 'ACK', mediaUrls: [], receivedAt: '2026-11-10T16:04:00Z', needsReview: false });
  ev(TOPICS.leadQualified, A, l1, c1.callId, '2026-11-10T17:06:00Z', { conversationId: conv1, callerE164: num(1), intent: 'book', urgency: 'routine', serviceId: 'drain', summary: 'Drain, routine', callId: c1.callId });
  ev(TOPICS.bookingConfirmed, A, l1, c1.callId, '2026-11-10T17:10:00Z', { leadId: lead1, callerE164: num(1), serviceId: 'drain', bookingId: randomUUID(), slot: { slotId: 's1', startAt: '2026-11-11T15:00:00Z', endAt: '2026-11-11T17:00:00Z', label: 'Wed 9am' }, estimatedValueCents: 25000 });
  const lead = (stage: string, previousStage: string | null, extra: Record<string, number> = {}) => ({
    leadId: lead1, contactId: randomUUID(), callerE164: num(1), stage, source: 'missed_call', trackingSource: 'google-ads', estimatedValueCents: 25000, ...extra, callId: c1.callId, previousStage, changedBy: 'system',
  });
  ev(TOPICS.leadStageChanged, A, l1, c1.callId, '2026-11-10T17:06:30Z', lead('qualified', 'new'));
  ev(TOPICS.leadStageChanged, A, l1, c1.callId, '2026-11-10T17:10:00Z', lead('booked', 'qualified'));
  const won1 = ev(TOPICS.leadStageChanged, A, l1, c1.callId, '2026-11-10T22:00:00Z', lead('won', 'booked', { actualValueCents: 30000 }));

  // Call 2 at L1, 21:00 local on 2026-11-10 = 03:00 UTC on 2026-11-11 (local-day bucketing).
  const t2 = '2026-11-11T03:00:00Z';
  const c2 = call(2, false, t2);
  ev(TOPICS.callReceived, A, l1, c2.callId, t2, { ...c2, route: 'forward' });
  ev(TOPICS.callMissed, A, l1, c2.callId, '2026-11-11T03:00:20Z', { ...c2, reason: 'busy', explanation: 'busy', ringSeconds: 0, endedAt: t2, decidedAt: '2026-11-11T03:00:20Z', callerTextable: true });
  ev(TOPICS.firstTextDecided, A, l1, c2.callId, '2026-11-11T03:00:21Z', { callId: c2.callId, callerE164: num(2), outcome: 'suppressed', reason: 'landline', decisionLatencySeconds: 1, decidedAt: '2026-11-11T03:00:21Z' });
  ev(TOPICS.callbackTaskRequested, A, l1, c2.callId, '2026-11-11T03:00:22Z', { taskKey: `cb-${c2.callId}`, callId: c2.callId, callerE164: num(2), reason: 'landline' });
  ev(TOPICS.callbackScheduled, A, l1, c2.callId, '2026-11-11T03:00:23Z', { taskId: randomUUID(), callerE164: num(2), windowStart: '2026-11-11T14:00:00Z', windowEnd: '2026-11-11T15:00:00Z', reason: 'landline' });

  // Call 3 at L2 (New York): answered.
  const c3 = call(3, false, '2026-11-10T15:00:00Z');
  ev(TOPICS.callReceived, A, l2, c3.callId, '2026-11-10T15:00:00Z', { ...c3, route: 'forward' });
  ev(TOPICS.callAnswered, A, l2, c3.callId, '2026-11-10T15:00:05Z', { ...c3, answeredAt: '2026-11-10T15:00:05Z', ringSeconds: 5 });

  // Call 4 at L2: after hours, texted, text failed, urgent, paged, acknowledged in 120 s, opted out.
  const c4 = call(4, false, '2026-11-10T23:30:00Z');
  const dispatchId = randomUUID();
  const conv4 = randomUUID();
  ev(TOPICS.callReceived, A, l2, c4.callId, '2026-11-10T23:30:00Z', { ...c4, route: 'after_hours' });
  ev(TOPICS.callMissed, A, l2, c4.callId, '2026-11-10T23:30:10Z', { ...c4, reason: 'after_hours', explanation: 'closed', ringSeconds: 0, endedAt: '2026-11-10T23:30:05Z', decidedAt: '2026-11-10T23:30:10Z', callerTextable: true });
  ev(TOPICS.firstTextDecided, A, l2, c4.callId, '2026-11-10T23:30:20Z', { callId: c4.callId, callerE164: num(4), outcome: 'sent', commandId: randomUUID(), decisionLatencySeconds: 10, decidedAt: '2026-11-10T23:30:20Z' });
  const msg4 = randomUUID();
  ev(TOPICS.smsSent, A, l2, c4.callId, '2026-11-10T23:30:21Z', { messageId: msg4, commandId: randomUUID(), provider: 'bandwidth', providerMessageId: 'bw-4', from: num(9002), to: num(4), purpose: 'first_text', automated: true, segments: 1, encoding: 'GSM-7', sentAt: '2026-11-10T23:30:21Z' });
  ev(TOPICS.smsFailed, A, l2, c4.callId, '2026-11-10T23:30:25Z', { messageId: msg4, provider: 'bandwidth', to: num(4), errorCode: '4470', reason: 'carrier_rejected', failedAt: '2026-11-10T23:30:25Z' });
  ev(TOPICS.urgentDetected, A, l2, c4.callId, '2026-11-10T23:31:00Z', { conversationId: conv4, callerE164: num(4), hazard: 'flooding', summary: 'Basement flooding', detectedAt: '2026-11-10T23:31:00Z' });
  ev(TOPICS.dispatchPaged, A, l2, c4.callId, '2026-11-10T23:31:01Z', { dispatchId, callerE164: num(4), pageId: randomUUID(), attempt: 1, onCallName: 'Sam', onCallE164: num(8000), role: 'on_call', channels: ['sms', 'voice'], pagedAt: '2026-11-10T23:31:01Z', ackDeadline: '2026-11-10T23:36:01Z' });
  ev(TOPICS.dispatchAcknowledged, A, l2, c4.callId, '2026-11-10T23:33:00Z', { dispatchId, callerE164: num(4), pageId: randomUUID(), acknowledgedBy: 'Sam', via: 'sms', acknowledgedAt: '2026-11-10T23:33:00Z', secondsToAcknowledge: 120 });
  ev(TOPICS.consentOptedOut, A, l2, c4.callId, '2026-11-10T23:40:00Z', { consentId: randomUUID(), phoneE164: num(4), sendingNumberE164: num(9002), scope: 'location', method: 'keyword', channel: 'sms', keyword: 'STOP', at: '2026-11-10T23:40:00Z' });

  // Call 5 at L2: missed, lead booked (estimated 15000) and not won yet.
  const c5 = call(5, false, '2026-11-10T18:00:00Z');
  ev(TOPICS.callMissed, A, l2, c5.callId, '2026-11-10T18:00:30Z', { ...c5, reason: 'no_answer', explanation: 'rang 25s', ringSeconds: 25, endedAt: '2026-11-10T18:00:25Z', decidedAt: '2026-11-10T18:00:30Z', callerTextable: true });
  ev(TOPICS.leadStageChanged, A, l2, c5.callId, '2026-11-10T19:00:00Z', { leadId: randomUUID(), contactId: randomUUID(), callerE164: num(5), stage: 'booked', source: 'missed_call', estimatedValueCents: 15000, callId: c5.callId, previousStage: 'qualified', changedBy: 'system' });

  // Outside the range (2026-11-12 local) and another tenant: must not count.
  const c6 = call(6, false, '2026-11-12T16:00:00Z');
  ev(TOPICS.callMissed, A, l1, c6.callId, '2026-11-12T16:00:30Z', { ...c6, reason: 'no_answer', explanation: 'rang', ringSeconds: 25, endedAt: '2026-11-12T16:00:25Z', decidedAt: '2026-11-12T16:00:30Z', callerTextable: true });
  const c7 = call(7, false, '2026-11-10T16:00:00Z');
  ev(TOPICS.callMissed, B, l3, c7.callId, '2026-11-10T16:00:30Z', { ...c7, reason: 'no_answer', explanation: 'rang', ringSeconds: 25, endedAt: '2026-11-10T16:00:25Z', decidedAt: '2026-11-10T16:00:30Z', callerTextable: true });

  return { events, duplicates: [missed1, won1] };
}

/**
 * A first text at L2 on 2026-11-10 whose delivery status is delivered BEFORE its send (statuses
 * carry only the message id): `[status, send]`.
 */
export function lateFirstText(ids: ScenarioIds): [EventEnvelope<unknown>, EventEnvelope<unknown>] {
  const messageId = randomUUID();
  const callId = randomUUID();
  const at = (iso: string) => ({ source: '/textback/it', tenantId: ids.tenantA, locationId: ids.l2, correlationId: callId, time: new Date(iso) });
  const status = createEvent(contractForTopic(TOPICS.smsDelivered), at('2026-11-10T20:00:05Z'), { messageId, provider: 'bandwidth', providerMessageId: 'bw-late', to: num(8), deliveredAt: '2026-11-10T20:00:05Z' } as never) as EventEnvelope<unknown>;
  const send = createEvent(contractForTopic(TOPICS.smsSent), at('2026-11-10T20:00:01Z'), {
    messageId, commandId: randomUUID(), provider: 'bandwidth', providerMessageId: 'bw-late', from: num(9002), to: num(8), purpose: 'first_text', automated: true, segments: 1, encoding: 'GSM-7', sentAt: '2026-11-10T20:00:01Z',
  } as never) as EventEnvelope<unknown>;
  return [status, send];
}

/**
 * A tenant created just now, like `npm run demo`'s: L1 (Chicago) and L2 (New York) configured at `createdAt`, and at L1
 * one missed call 30 minutes later whose caller got a 3-segment first text and whose lead was won for 30000 cents; at
 * L2 a booked lead estimated at 15000. Events in delivery order (location configs first).
 */
export function freshTenantScenario(ids: ScenarioIds, createdAt: Date): EventEnvelope<unknown>[] {
  const events: EventEnvelope<unknown>[] = [];
  const iso = (minutes: number) => new Date(createdAt.getTime() + minutes * 60_000).toISOString();
  const ev = (topic: string, locationId: string, correlationId: string, time: string, data: unknown) => {
    events.push(createEvent(contractForTopic(topic), { source: '/textback/it', tenantId: ids.tenantA, locationId, correlationId, time: new Date(time) }, data as never) as EventEnvelope<unknown>);
  };
  const { tenantA: A, l1, l2 } = ids;
  ev(TOPICS.locationConfig, l1, l1, iso(0), locationConfig(A, l1, ids.regionR1, 'Chicago North', 'America/Chicago'));
  ev(TOPICS.locationConfig, l2, l2, iso(0), locationConfig(A, l2, ids.regionR2, 'Brooklyn', 'America/New_York'));
  const callId = randomUUID();
  const c = { callId, provider: 'bandwidth', providerCallId: `c-${randomUUID()}`, callerE164: num(11), callerRaw: num(11), dialedE164: num(9001), startedAt: iso(30) };
  ev(TOPICS.callReceived, l1, callId, iso(30), { ...c, route: 'forward' });
  ev(TOPICS.callMissed, l1, callId, iso(30), { ...c, reason: 'no_answer', explanation: 'rang 25s', ringSeconds: 25, endedAt: iso(30), decidedAt: iso(30), callerTextable: true });
  const commandId = randomUUID();
  ev(TOPICS.firstTextDecided, l1, callId, iso(30), { callId, callerE164: num(11), outcome: 'sent', commandId, decisionLatencySeconds: 2, decidedAt: iso(30) });
  ev(TOPICS.smsSent, l1, callId, iso(31), { messageId: randomUUID(), commandId, provider: 'bandwidth', providerMessageId: `bw-${randomUUID()}`, from: num(9002), to: num(11), purpose: 'first_text', automated: true, segments: 3, encoding: 'GSM-7', sentAt: iso(31) });
  const leadId = randomUUID();
  const lead = (stage: string, previousStage: string | null, extra: Record<string, number> = {}) => ({
    leadId, contactId: randomUUID(), callerE164: num(11), stage, source: 'missed_call', estimatedValueCents: 25000, ...extra, callId, previousStage, changedBy: 'system',
  });
  ev(TOPICS.leadStageChanged, l1, callId, iso(40), lead('booked', 'qualified'));
  ev(TOPICS.leadStageChanged, l1, callId, iso(50), lead('won', 'booked', { actualValueCents: 30000 }));
  const c2 = randomUUID();
  ev(TOPICS.leadStageChanged, l2, c2, iso(45), { leadId: randomUUID(), contactId: randomUUID(), callerE164: num(12), stage: 'booked', source: 'missed_call', estimatedValueCents: 15000, callId: c2, previousStage: 'qualified', changedBy: 'system' });
  return events;
}
