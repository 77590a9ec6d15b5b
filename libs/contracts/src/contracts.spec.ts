import { randomUUID } from 'node:crypto';
import { callMissedV1, type CallMissedV1 } from './events/telephony/call-missed.v1';
import { locationConfigV1 } from './events/crm/location-config.v1';
import { smsSendCommandV1 } from './events/messaging/sms-send.cmd.v1';
import { createEvent } from './create-event';
import { defineContract } from './contract';
import { ALL_CONTRACTS, contractForTopic, TOPICS } from './registry';
import { z } from 'zod';

const attrs = { source: '/textback/test', tenantId: randomUUID(), locationId: randomUUID(), correlationId: randomUUID() };

const missed: CallMissedV1 = {
  callId: randomUUID(),
  provider: 'bandwidth',
  providerCallId: 'c-abc',
  callerE164: '+15555550123',
  callerRaw: '5555550123',
  dialedE164: '+15555550100',
  startedAt: '2026-11-29T15:00:00.000Z',
  reason: 'caller_abandoned',
  explanation: 'caller hung up after 4s of ringing',
  ringSeconds: 4,
  endedAt: '2026-11-29T15:00:05.000Z',
  decidedAt: '2026-11-29T15:00:05.100Z',
  callerTextable: true,
};

describe('contracts', () => {
  it('name every topic <domain>.<entity>.<event>.v<N> (commands with .cmd.) and register each once', () => {
    const topics = ALL_CONTRACTS.map((c) => c.topic);
    expect(new Set(topics).size).toBe(topics.length);
    for (const c of ALL_CONTRACTS) {
      expect(c.topic).toMatch(/^[a-z]+\.[a-z-]+\.[a-z-]+(\.cmd)?\.v\d+$/);
      expect(c.topic.includes('.cmd.')).toBe(c.kind === 'command');
      expect(contractForTopic(c.topic)).toBe(c);
    }
    expect(Object.values(TOPICS).sort()).toEqual([...topics].sort());
  });

  it('keys a caller\'s events by location and E.164 number, and an anonymous caller\'s by call', () => {
    const event = createEvent(callMissedV1, attrs, missed);
    expect(callMissedV1.key(event)).toBe(`${attrs.locationId}:+15555550123`);
    const anonymous = createEvent(callMissedV1, attrs, { ...missed, callerE164: null, callerRaw: 'anonymous', callerTextable: false });
    expect(callMissedV1.key(anonymous)).toBe(`${attrs.locationId}:call:${missed.callId}`);
  });

  it('builds CloudEvents 1.0 envelopes with Textback attributes', () => {
    const event = createEvent(callMissedV1, { ...attrs, causationId: 'evt-1', subject: missed.callId }, missed);
    expect(event).toMatchObject({ specversion: '1.0', type: 'telephony.call.missed.v1', datacontenttype: 'application/json', causationId: 'evt-1', subject: missed.callId, ...attrs });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(event.time)).not.toBeNaN();
  });

  it('rejects data that breaks the contract, naming the field', () => {
    expect(() => createEvent(callMissedV1, attrs, { ...missed, reason: 'lunch' as never })).toThrow(/reason/);
    expect(() => createEvent(callMissedV1, attrs, { ...missed, callerE164: '555-0123' })).toThrow(/E\.164/);
    expect(() => createEvent(callMissedV1, { ...attrs, tenantId: 'acme' }, missed)).toThrow(/tenantId/);
  });

  it('requires a body or a template on an SMS send command', () => {
    const base = { commandId: randomUUID(), to: '+15555550123', purpose: 'first_text' as const, automated: true, requestedBy: 'messaging' };
    expect(() => createEvent(smsSendCommandV1, attrs, base)).toThrow(/body or templateId/);
    expect(createEvent(smsSendCommandV1, attrs, { ...base, templateId: 'first_text' }).data.templateId).toBe('first_text');
  });

  it('fills location config defaults and rejects an unknown time zone', () => {
    const config = {
      locationId: attrs.locationId,
      tenantId: attrs.tenantId,
      regionId: null,
      revision: 1,
      businessName: 'Acme HVAC',
      locationName: 'Austin',
      timeZone: 'America/Chicago',
      businessHours: { mon: [{ open: '08:00', close: '17:00' }] },
      forwardToE164: '+15125550100',
      phoneNumbers: [{ e164: '+15125550199', provider: 'bandwidth' as const, purpose: 'main_line' as const }],
      sendingNumbers: [{ e164: '+15125550199', provider: 'bandwidth' as const, campaignStatus: 'registered' as const }],
      services: [{ serviceId: 'ac-repair', name: 'AC repair', averageTicketCents: 45_000 }],
    };
    const parsed = locationConfigV1.data.parse(config);
    expect(parsed).toMatchObject({ ringTimeoutSeconds: 25, minRingSeconds: 3, firstTextCooldownMinutes: 30, quietHours: { start: '21:00', end: '08:00' }, internationalPolicy: 'callback_task' });
    expect(locationConfigV1.key({ locationId: attrs.locationId, data: parsed })).toBe(attrs.locationId);
    expect(locationConfigV1.topicConfig).toEqual({ 'cleanup.policy': 'compact' });
    expect(() => locationConfigV1.data.parse({ ...config, timeZone: 'Mars/Olympus' })).toThrow(/IANA/);
    expect(() => locationConfigV1.data.parse({ ...config, businessHours: { mon: [{ open: '17:00', close: '08:00' }] } })).toThrow(/close must be after open/);
    // 24:00 closes at the end of the day (open around the clock: 00:00-24:00); it is never an opening time.
    expect(locationConfigV1.data.parse({ ...config, businessHours: { mon: [{ open: '00:00', close: '24:00' }] } }).businessHours.mon).toEqual([{ open: '00:00', close: '24:00' }]);
    expect(() => locationConfigV1.data.parse({ ...config, businessHours: { mon: [{ open: '24:00', close: '24:00' }] } })).toThrow(/HH:mm/);
    expect(() => locationConfigV1.data.parse({ ...config, businessHours: { mon: [{ open: '08:00', close: '24:01' }] } })).toThrow(/24:00/);
  });

  it('refuses a contract type without a version suffix', () => {
    expect(() => defineContract({ type: 'a.b.c', kind: 'event', description: 'x', data: z.object({}), key: () => 'k' })).toThrow(/\.v<N>/);
  });
});
