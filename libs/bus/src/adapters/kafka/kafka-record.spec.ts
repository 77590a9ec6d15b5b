import { randomUUID } from 'node:crypto';
import { callMissedV1, createEvent } from '@textback/contracts';
import { isPermanentFailure, PermanentEventError } from '@textback/bus/port';
import { toKafkaRecord } from './kafka-record';

describe(toKafkaRecord.name, () => {
  const locationId = randomUUID();
  const event = createEvent(
    callMissedV1,
    { source: '/textback/test', tenantId: randomUUID(), locationId, correlationId: 'call-1', causationId: 'evt-0' },
    { callId: randomUUID(), provider: 'twilio', providerCallId: 'CA1', callerE164: '+447700900123', callerRaw: '+447700900123', dialedE164: '+15555550100', startedAt: '2026-11-29T15:00:00Z', reason: 'busy', explanation: 'busy', ringSeconds: 0, endedAt: '2026-11-29T15:00:01Z', decidedAt: '2026-11-29T15:00:01Z', callerTextable: true },
  );

  it('keys, labels and serialises a valid event as a structured CloudEvent', () => {
    const record = toKafkaRecord(callMissedV1, event);
    expect(record).toMatchObject({ topic: 'telephony.call.missed.v1', key: `${locationId}:+447700900123` });
    expect(record.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
      'textback-event-id': event.id,
      'textback-event-type': 'telephony.call.missed.v1',
      'textback-schema-version': '1',
      'textback-correlation-id': 'call-1',
      'textback-causation-id': 'evt-0',
      'textback-tenant-id': event.tenantId,
    });
    expect(JSON.parse(record.value)).toEqual(event);
  });

  it('does not parse again an envelope createEvent validated for the same contract, and parses any other', () => {
    const parse = jest.spyOn(callMissedV1.envelope, 'parse');
    try {
      expect(JSON.parse(toKafkaRecord(callMissedV1, event).value)).toEqual(event);
      expect(parse).not.toHaveBeenCalled();
      toKafkaRecord(callMissedV1, { ...event });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('keeps a validated envelope as validated: it and its data are frozen', () => {
    expect(() => {
      (event.data as { ringSeconds: number }).ringSeconds = -1;
    }).toThrow(TypeError);
    expect(() => {
      (event as { id: string }).id = 'not-a-uuid';
    }).toThrow(TypeError);
  });

  it('refuses to produce an event that breaks its contract', () => {
    expect(() => toKafkaRecord(callMissedV1, { ...event, data: { ...event.data, ringSeconds: -1 } })).toThrow(/ringSeconds/);
  });
});

describe('consumer failure policy', () => {
  it('treats only errors marked retriable=false as permanent', () => {
    expect(isPermanentFailure(new PermanentEventError('no such location'))).toBe(true);
    expect(isPermanentFailure(Object.assign(new Error('domain'), { retriable: false }))).toBe(true);
    expect(isPermanentFailure(new Error('connection reset'))).toBe(false);
    expect(isPermanentFailure('string')).toBe(false);
  });
});
