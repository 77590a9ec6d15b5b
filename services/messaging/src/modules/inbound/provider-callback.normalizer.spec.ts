import { normalizeProviderCallback } from './provider-callback.normalizer';

/** Decoded form bodies from /work/shared/reference/carrier/twilio/ (sms-inbound.json, sms-status-*.json). */
const inbound = {
  ToCountry: 'US',
  SmsMessageSid: 'SMe287d7109a5a925f182f0e07fe5b223b',
  NumMedia: '0',
  SmsSid: 'SMe287d7109a5a925f182f0e07fe5b223b',
  SmsStatus: 'received',
  Body: 'Msg',
  To: '+12028831111',
  NumSegments: '1',
  MessageSid: 'SMe287d7109a5a925f182f0e07fe5b223b',
  AccountSid: 'acctid',
  From: '+14133881111',
  ApiVersion: '2010-04-01',
};
const status = (MessageStatus: string, ErrorCode?: string) => ({
  AccountSid: 'ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  ApiVersion: '2010-04-01',
  From: '+15551112222',
  To: '+15553330000',
  MessageSid: 'SM0b6e2697aae04182a9f5b5c7a8994c7e',
  SmsSid: 'SM0b6e2697aae04182a9f5b5c7a8994c7e',
  MessageStatus,
  SmsStatus: MessageStatus,
  ...(ErrorCode !== undefined ? { ErrorCode } : {}),
});

describe('normalizeProviderCallback', () => {
  it('maps a Twilio inbound text (sms-inbound.json) and its media and OptOutType', () => {
    expect(normalizeProviderCallback('twilio', { kind: 'inbound', params: inbound })).toEqual({
      kind: 'received',
      provider: 'twilio',
      providerMessageId: 'SMe287d7109a5a925f182f0e07fe5b223b',
      from: '+14133881111',
      to: '+12028831111',
      text: 'Msg',
      media: [],
    });
    const mms = { ...inbound, NumMedia: '2', MediaUrl0: 'https://api.twilio.com/a.jpg', MediaUrl1: 'https://api.twilio.com/b.jpg', Body: 'STOP', OptOutType: 'STOP' };
    expect(normalizeProviderCallback('twilio', { kind: 'inbound', params: mms })).toMatchObject({ media: ['https://api.twilio.com/a.jpg', 'https://api.twilio.com/b.jpg'], optOutType: 'STOP' });
  });

  it.each([
    ['delivered', undefined, { kind: 'status', status: 'delivered' }],
    ['undelivered', '30006', { kind: 'status', status: 'failed', errorCode: '30006' }],
    ['failed', '21610', { kind: 'status', status: 'failed', errorCode: '21610' }],
    ['failed', undefined, { kind: 'status', status: 'failed', errorCode: 'unknown' }],
    ['sent', undefined, { kind: 'ignored', outcome: 'ignored_status_sent' }],
    ['queued', undefined, { kind: 'ignored', outcome: 'ignored_status_queued' }],
  ])('maps Twilio MessageStatus %s (ErrorCode %s)', (messageStatus, code, expected) => {
    expect(normalizeProviderCallback('twilio', { kind: 'status', commandId: 'cmd-1', params: status(messageStatus, code) })).toMatchObject(expected);
  });

  it('carries the command id of a Twilio status callback and the Bandwidth tag alike', () => {
    expect(normalizeProviderCallback('twilio', { kind: 'status', commandId: 'cmd-1', params: status('delivered') })).toMatchObject({ providerMessageId: 'SM0b6e2697aae04182a9f5b5c7a8994c7e', commandId: 'cmd-1' });
    const bw = { type: 'message-failed', time: '2026-11-30T00:00:00Z', to: '+15553330000', errorCode: 4720, description: 'invalid-destination-address', message: { id: 'm-1', direction: 'out', from: '+15551112222', text: '', tag: 'cmd-2' } };
    expect(normalizeProviderCallback('bandwidth', bw)).toMatchObject({ kind: 'status', provider: 'bandwidth', status: 'failed', errorCode: '4720', commandId: 'cmd-2' });
  });

  it('rejects a stored Twilio payload without params', () => {
    expect(() => normalizeProviderCallback('twilio', { kind: 'status' })).toThrow();
  });
});
