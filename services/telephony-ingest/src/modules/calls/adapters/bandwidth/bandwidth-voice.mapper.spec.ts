import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MalformedWebhookException } from '../../call-webhook.types';
import { bandwidthLegCause, parseBandwidthCallback } from './bandwidth-voice.mapper';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../../../../test/fixtures/bandwidth', `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('parseBandwidthCallback', () => {
  it('initiate: call started at startTime, reply route, caller and dialled number kept raw', () => {
    const hook = parseBandwidthCallback(fixture('voice-initiate'));
    expect(hook).toMatchObject({
      provider: 'bandwidth',
      providerCallId: 'c-95ac8d6e-1a31c52e-b38f-4198-93c1-51633ec68f8d',
      callerLegId: 'c-95ac8d6e-1a31c52e-b38f-4198-93c1-51633ec68f8d',
      eventType: 'initiate',
      reply: 'route',
      start: { from: '+15551112222', to: '+15553334444', startedAt: '2019-06-20T15:54:22.234Z' },
      facts: [{ kind: 'call_started', at: '2019-06-20T15:54:22.234Z' }],
    });
  });

  it('initiate with a diversion object (open-ended keys) is accepted', () => {
    expect(parseBandwidthCallback(fixture('voice-initiate-diversion')).reply).toBe('route');
  });

  it('transferAnswer is about the B-leg: keyed by its parentCallId, reply bridge', () => {
    const hook = parseBandwidthCallback(fixture('voice-transfer-answer'));
    expect(hook).toMatchObject({ callerLegId: 'c-2a913f94-6a486f3a-3cae-4034-bcc3-f0c9fa77ca2f', reply: 'bridge', facts: [{ kind: 'forward_answered', at: '2019-06-20T15:57:22.477Z' }] });
  });

  it.each([
    ['voice-transfer-complete-timeout', 'timeout'],
    ['voice-transfer-complete-busy', 'busy'],
    ['voice-transfer-complete-hangup', 'hangup'],
  ])('%s: forward ended with cause %s, reply continue', (name, cause) => {
    const hook = parseBandwidthCallback(fixture(name));
    expect(hook.reply).toBe('continue');
    expect(hook.facts).toEqual([expect.objectContaining({ kind: 'forward_ended', cause, providerCause: cause })]);
  });

  it('gather on a B-leg (answer confirmation): empty digits → not accepted, reply hangup; 1 → accepted, reply bridge; keyed by parentCallId', () => {
    const timeout = parseBandwidthCallback(fixture('voice-gather-transfer-timeout'));
    expect(timeout).toMatchObject({
      providerCallId: 'c-95ac8d6e-1a31c52e-b38f-4198-93c1-51633ec68f8d',
      callerLegId: 'c-2a913f94-6a486f3a-3cae-4034-bcc3-f0c9fa77ca2f',
      eventType: 'gather',
      reply: 'hangup',
      facts: [{ kind: 'forward_unaccepted', at: '2019-06-20T15:57:30.104Z', digits: '' }],
    });
    expect(parseBandwidthCallback({ ...fixture('voice-gather-transfer-timeout'), digits: '1' })).toMatchObject({ reply: 'bridge', facts: [{ kind: 'forward_accepted', digits: '1' }] });
    expect(parseBandwidthCallback({ ...fixture('voice-gather-transfer-timeout'), digits: '9' })).toMatchObject({ reply: 'hangup', facts: [{ kind: 'forward_unaccepted', digits: '9' }] });
    const { digits: _digits, ...noDigits } = fixture('voice-gather-transfer-timeout');
    expect(parseBandwidthCallback(noDigits).facts).toEqual([{ kind: 'forward_unaccepted', at: '2019-06-20T15:57:30.104Z', digits: '' }]);
  });

  it('gather on the caller leg (no parentCallId) is informational', () => {
    const { parentCallId: _p, ...aLeg } = fixture('voice-gather-transfer-timeout');
    expect(parseBandwidthCallback(aLeg)).toMatchObject({ reply: 'none', facts: [{ kind: 'informational' }] });
  });

  it('transferDisconnect (no accountId/applicationId in the doc sample) is informational, 204', () => {
    const hook = parseBandwidthCallback(fixture('voice-transfer-disconnect-busy'));
    expect(hook).toMatchObject({ reply: 'none', callerLegId: 'c-95ac8d6e-2c7ae496-7558-47a4-b291-4f02a3ca6942', facts: [{ kind: 'informational' }] });
  });

  it('disconnect: the caller leg ended at endTime, 204', () => {
    const hook = parseBandwidthCallback(fixture('voice-disconnect-inbound-hangup'));
    expect(hook).toMatchObject({ reply: 'none', facts: [{ kind: 'caller_hung_up', at: '2019-06-20T15:56:40.050Z', cause: 'hangup' }] });
  });

  it('recordComplete and its SPEC spelling recordingComplete are voicemails; reply hangup', () => {
    const body = fixture('voice-record-complete');
    const hook = parseBandwidthCallback(body);
    expect(hook).toMatchObject({ reply: 'hangup', facts: [{ kind: 'voicemail_recorded', recordingId: 'r-115da407-e3d9-4ea7-889f-5f4ad7386a80', durationSeconds: 20.1 }] });
    expect(hook.facts[0]).not.toHaveProperty('mediaUrl'); // the doc sample's templated URL is not a URL
    expect(parseBandwidthCallback({ ...body, eventType: 'recordingComplete' }).facts[0]?.kind).toBe('voicemail_recorded');
  });

  it('recordingAvailable without offset in eventTime is read as UTC; status error is no voicemail', () => {
    const body = { ...fixture('voice-recording-available'), mediaUrl: 'https://voice.bandwidth.com/api/v2/accounts/1/calls/c-1/recordings/r-1/media' };
    const hook = parseBandwidthCallback(body);
    expect(hook).toMatchObject({ reply: 'none', eventTime: '2019-09-13T16:49:40.500Z', facts: [{ kind: 'voicemail_recorded', mediaUrl: body.mediaUrl }] });
    expect(parseBandwidthCallback({ ...body, status: 'error' }).facts[0]?.kind).toBe('informational');
  });

  it('redirect replies continue; unknown event types are stored as informational', () => {
    expect(parseBandwidthCallback(fixture('voice-redirect')).reply).toBe('continue');
    expect(parseBandwidthCallback({ ...fixture('voice-redirect'), eventType: 'gather' })).toMatchObject({ reply: 'none', facts: [{ kind: 'informational' }] });
  });

  it.each([
    ['no body', null],
    ['no callId', { ...fixture('voice-initiate'), callId: undefined }],
    ['a bad eventTime', { ...fixture('voice-initiate'), eventTime: 'yesterday' }],
    ['transferComplete without cause', { ...fixture('voice-transfer-complete-busy'), cause: undefined }],
    ['transferAnswer without parentCallId', { ...fixture('voice-transfer-answer'), parentCallId: undefined }],
    ['recordComplete without recordingId', { ...fixture('voice-record-complete'), recordingId: undefined }],
    ['transferDisconnect without cause', { ...fixture('voice-transfer-disconnect-busy'), cause: undefined }],
    ['transferDisconnect without parentCallId', { ...fixture('voice-transfer-disconnect-busy'), parentCallId: undefined }],
    ['disconnect with a bad eventTime', { ...fixture('voice-disconnect-inbound-hangup'), eventTime: 'yesterday' }],
    ['gather with a 65-digit entry', { ...fixture('voice-redirect'), eventType: 'gather', parentCallId: 'c-1', digits: '1'.repeat(65) }],
  ])('rejects %s as malformed', (_name, body) => {
    expect(() => parseBandwidthCallback(body)).toThrow(MalformedWebhookException);
  });

  it('names every failing field of a callback in one error, the common ones and its event type\'s', () => {
    const body = { ...fixture('voice-transfer-disconnect-busy'), callId: undefined, cause: undefined };
    expect(() => parseBandwidthCallback(body)).toThrow(expect.objectContaining({ message: expect.stringMatching(/callId[\s\S]*cause|cause[\s\S]*callId/) }) as Error);
  });

  it('maps every documented cause and treats others as unrecognized', () => {
    const documented = ['hangup', 'busy', 'timeout', 'cancel', 'rejected', 'callback-error', 'invalid-bxml', 'application-error', 'account-limit', 'node-capacity-exceeded', 'error', 'unknown'];
    expect(documented.map(bandwidthLegCause)).toEqual(['hangup', 'busy', 'timeout', 'cancel', 'rejected', 'error', 'error', 'error', 'error', 'error', 'error', 'error']);
    expect(bandwidthLegCause('solar-flare')).toBe('unrecognized');
  });
});
