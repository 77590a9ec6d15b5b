import { randomUUID } from 'node:crypto';
import { contractForTopic, createEvent, type EventEnvelope, TOPICS } from '@textback/contracts';
import { type Logger } from 'pino';
import { strictMock } from '@textback/testing';
import { EventIngestService } from './event-ingest.service';
import { type EventStoreRepository } from './event-store.repository';
import { type EventRow } from './event-row.mapper';

const log = { debug: jest.fn() } as unknown as Logger;
const tenantId = randomUUID();
const locationId = randomUUID();
const missed = (callId = randomUUID()) =>
  createEvent(contractForTopic(TOPICS.callMissed), { source: '/t', tenantId, locationId, correlationId: callId }, {
    callId, provider: 'bandwidth', providerCallId: 'p', callerE164: '+13125550101', callerRaw: '+13125550101', dialedE164: '+13125550100', startedAt: '2026-11-10T16:00:00Z',
    reason: 'no_answer', explanation: 'rang', ringSeconds: 25, endedAt: '2026-11-10T16:00:25Z', decidedAt: '2026-11-10T16:00:30Z', callerTextable: true,
  } as never) as EventEnvelope<unknown>;

describe(EventIngestService.name, () => {
  it('inserts concurrent events in one batch, dropping stored and in-batch duplicates', async () => {
    const a = missed();
    const b = missed();
    const stored = missed();
    const insertEvents = jest.fn<Promise<void>, [EventRow[]]>().mockResolvedValue(undefined);
    const store = strictMock<EventStoreRepository>({
      locationOf: jest.fn().mockResolvedValue({ regionId: 'r1', timeZone: 'America/Chicago' }),
      existingIds: jest.fn().mockResolvedValue(new Set([stored.id])),
      insertEvents,
    });
    const service = new EventIngestService(store, log);
    await Promise.all([service.ingest(a), service.ingest(b), service.ingest(a), service.ingest(stored)]);
    expect(insertEvents).toHaveBeenCalledTimes(1);
    expect(insertEvents.mock.calls[0]?.[0].map((r) => r.event_id).sort()).toEqual([a.id, b.id].sort());
    expect(insertEvents.mock.calls[0]?.[0][0]).toMatchObject({ region_id: 'r1', local_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('rejects every waiting handler when the insert fails, so the consumer retries', async () => {
    const store = strictMock<EventStoreRepository>({
      locationOf: jest.fn().mockResolvedValue(undefined),
      existingIds: jest.fn().mockResolvedValue(new Set()),
      insertEvents: jest.fn().mockRejectedValue(new Error('Code: 241, memory limit')),
    });
    const service = new EventIngestService(store, log);
    const results = await Promise.allSettled([service.ingest(missed()), service.ingest(missed())]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
