import { randomUUID } from 'node:crypto';
import { contractForTopic, createEvent, type EventEnvelope, TOPICS } from '@textback/contracts';
import { localDateOf, toEventRow } from './event-row.mapper';

const attrs = { source: '/textback/test', tenantId: randomUUID(), locationId: randomUUID(), correlationId: randomUUID(), time: new Date('2026-11-10T16:00:30.900Z') };
const ev = (topic: string, data: unknown) => createEvent(contractForTopic(topic), attrs, data as never) as EventEnvelope<unknown>;

describe(toEventRow.name, () => {
  it('maps a stage change to won with flow columns and the actual value', () => {
    const row = toEventRow(ev(TOPICS.leadStageChanged, { leadId: randomUUID(), contactId: randomUUID(), callerE164: '+13125550101', stage: 'won', source: 'missed_call', estimatedValueCents: 25000, actualValueCents: 31000, previousStage: 'booked', changedBy: 'u1' }), { regionId: 'r1', trackingSource: 'yelp' }, new Date('2026-11-11T00:00:00Z'));
    expect(row).toMatchObject({ event_type: TOPICS.leadStageChanged, outcome: 'won', reason: 'booked', value_cents: 25000, actual_cents: 31000, region_id: 'r1', tracking_source: 'yelp', occurred_at: 1794326430, ingested_at: 1794355200 });
  });

  it('uses the estimate as realised value of a won lead without an actual value', () => {
    const row = toEventRow(ev(TOPICS.leadStageChanged, { leadId: randomUUID(), contactId: randomUUID(), callerE164: '+13125550101', stage: 'won', source: 'missed_call', estimatedValueCents: 25000, previousStage: 'booked', changedBy: 'u1' }), { regionId: '', trackingSource: '' });
    expect(row.actual_cents).toBe(25000);
  });

  it('keeps the event own tracking source and counts segments of a sent text', () => {
    const row = toEventRow(ev(TOPICS.smsSent, { messageId: randomUUID(), commandId: randomUUID(), provider: 'bandwidth', providerMessageId: 'p', from: '+13125550100', to: '+13125550101', purpose: 'first_text', automated: true, segments: 3, encoding: 'UCS-2', sentAt: '2026-11-10T16:00:30Z' }), { regionId: '', trackingSource: 'google-ads' });
    expect(row).toMatchObject({ outcome: 'first_text', segments: 3, tracking_source: 'google-ads' });
  });

  it('flags the first reply and never stores message bodies', () => {
    const row = toEventRow(ev(TOPICS.smsReceived, { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: 'p', from: '+13125550101', to: '+13125550100', body: 'my secret address', receivedAt: '2026-11-10T16:00:30Z' }), { regionId: '', trackingSource: '', firstReply: true });
    expect(row.reason).toBe('first_reply');
    expect(row.payload).not.toContain('secret');
  });

  it('records first-text outcome, suppression reason and latency', () => {
    const row = toEventRow(ev(TOPICS.firstTextDecided, { callId: randomUUID(), callerE164: null, outcome: 'suppressed', reason: 'landline', decisionLatencySeconds: 2.5, decidedAt: '2026-11-10T16:00:30Z' }), { regionId: '', trackingSource: '' });
    expect(row).toMatchObject({ outcome: 'suppressed', reason: 'landline', latency_seconds: 2.5 });
  });

  it('dates an event by the local day of its location time zone (DST, half-hour offsets, unknown zone = UTC)', () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    expect(localDateOf(at('2026-11-11T03:00:00Z'), 'America/Chicago')).toBe('2026-11-10');
    expect(localDateOf(at('2026-11-11T03:00:00Z'), 'Asia/Kolkata')).toBe('2026-11-11');
    expect(localDateOf(at('2026-11-10T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-11-10');
    expect(localDateOf(at('2026-11-10T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-11-11');
    expect(localDateOf(at('2026-03-08T05:59:59Z'), 'America/Chicago')).toBe('2026-03-07');
    expect(localDateOf(at('2026-11-11T03:00:00Z'), 'Not/AZone')).toBe('2026-11-11');
    const row = toEventRow(ev(TOPICS.smsDelivered, { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: 'p', to: '+13125550101', deliveredAt: '2026-11-10T16:00:30Z' }), { regionId: '', trackingSource: '', timeZone: 'Asia/Tokyo', firstTextStatus: 'delivered' });
    expect(row).toMatchObject({ local_date: '2026-11-11', first_text_status: 'delivered' });
  });
});
