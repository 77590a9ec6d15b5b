import { BandwidthStandIn } from '@textback/testing';
import { type MessagesList } from 'bandwidth-sdk';
import { BandwidthSmsCarrier, matchListedMessage } from './bandwidth-sms.carrier';

/** A `messagesList` as documented (bandwidth-openapi.yml `listMessageItem`/`pageInfo`, its example values). */
function documentedList(overrides: Partial<NonNullable<MessagesList['messages']>[number]> = {}, pageInfo: MessagesList['pageInfo'] = {}): MessagesList {
  return {
    totalCount: 1,
    pageInfo,
    messages: [
      {
        messageId: '1589228074636lm4k2je7j7jklbn2',
        accountId: '9900000',
        sourceTn: '+15554443333',
        destinationTn: '+15554442222',
        messageStatus: 'DELIVERED',
        messageDirection: 'OUTBOUND',
        messageType: 'sms',
        segmentCount: 1,
        errorCode: 0,
        receiveTime: '2020-04-07T14:03:07.000Z',
        carrierName: 'other',
        messageSize: 27,
        messageLength: 18,
        attachmentCount: 0,
        recipientCount: 1,
        campaignClass: 'T',
        campaignId: 'CJEUMDK',
        ...overrides,
      },
    ],
  };
}

describe(matchListedMessage.name, () => {
  const request = { from: '+15554443333', to: '+15554442222', segments: 1, sentAfter: new Date('2020-04-07T14:03:00.000Z') };

  it('finds an outbound message of the same numbers and segment count received since the call started', () => {
    expect(matchListedMessage(documentedList(), request)).toEqual({ kind: 'found', provider: 'bandwidth', providerMessageId: '1589228074636lm4k2je7j7jklbn2', segments: 1 });
  });

  it('does not take an inbound, earlier, other-number or other-length message', () => {
    expect(matchListedMessage(documentedList({ messageDirection: 'INBOUND' }), request)).toEqual({ kind: 'not_found' });
    expect(matchListedMessage(documentedList({ receiveTime: '2020-04-07T14:02:59.000Z' }), request)).toEqual({ kind: 'not_found' });
    expect(matchListedMessage(documentedList({ destinationTn: '+15554440000' }), request)).toEqual({ kind: 'not_found' });
    expect(matchListedMessage(documentedList({ segmentCount: 2 }), request)).toEqual({ kind: 'not_found' });
  });

  it('answers unknown when no item matches but more pages follow', () => {
    const next = { nextPage: 'https://messaging.bandwidth.com/api/v2/users/accountId/messages?prevPage=GL83PD3C', nextPageToken: 'GL83PD3C' };
    expect(matchListedMessage(documentedList({ segmentCount: 3 }, next), request)).toMatchObject({ kind: 'unknown' });
  });
});

describe('BandwidthSmsCarrier.findSent (against the stand-in)', () => {
  const standIn = new BandwidthStandIn({ username: 'user', password: 'pass' });
  let carrier: BandwidthSmsCarrier;

  beforeAll(async () => {
    await standIn.start(0);
    carrier = new BandwidthSmsCarrier({ accountId: 'acc-1', username: 'user', password: 'pass', applicationId: 'app-1', baseUrl: standIn.messagingBaseUrl, timeoutMs: 2000 });
  });
  afterAll(() => standIn.stop());

  it('finds a message the carrier accepted and only that one', async () => {
    const sentAfter = new Date(Date.now() - 1000);
    const sent = await carrier.send({ from: '+17205550100', to: '+17205550111', body: 'Sorry we missed your call', tag: 'c0ffee00-0000-4000-8000-000000000001' });
    expect(sent.kind).toBe('accepted');
    const found = await carrier.findSent({ from: '+17205550100', to: '+17205550111', body: 'Sorry we missed your call', segments: 1, tag: 'c0ffee00-0000-4000-8000-000000000001', sentAfter });
    expect(found).toEqual({ kind: 'found', provider: 'bandwidth', providerMessageId: sent.kind === 'accepted' ? sent.providerMessageId : '', segments: 1 });
    const list = standIn.requests.filter((r) => r.operation === 'listMessages');
    expect(list.map((r) => r.method)).toEqual(['GET']);
    expect(list[0]?.path).toBe('/api/v2/users/acc-1/messages');
    expect(await carrier.findSent({ from: '+17205550100', to: '+17205550122', body: 'x', segments: 1, tag: 'c0ffee00-0000-4000-8000-000000000002', sentAfter })).toEqual({ kind: 'not_found' });
  });

  it('answers unknown on a 429 of List Messages', async () => {
    standIn.failNextListMessages(429);
    expect(await carrier.findSent({ from: '+17205550100', to: '+17205550111', body: 'x', segments: 1, tag: 't', sentAfter: new Date() })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('429') });
  });
});
