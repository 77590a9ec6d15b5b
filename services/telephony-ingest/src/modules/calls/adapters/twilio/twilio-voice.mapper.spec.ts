import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateRequest } from 'twilio';
import { MalformedWebhookException } from '../../call-webhook.types';
import { parseTwilioWebhook, twilioLegCause } from './twilio-voice.mapper';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../../../../test/fixtures/twilio', `${name}.json`), 'utf8')) as Record<string, string>;
const NOW = '2026-11-30T15:00:10.000Z';

describe('parseTwilioWebhook', () => {
  it('incoming call: started at receipt time, reply route', () => {
    expect(parseTwilioWebhook('incoming', fixture('voice-incoming-call'), NOW)).toMatchObject({
      provider: 'twilio',
      providerCallId: 'CA1234567890abcdef1234567890abcdef',
      eventType: 'incoming',
      reply: 'route',
      start: { from: '+15551112222', to: '+15553334444', startedAt: NOW },
    });
  });

  it('whisper (the forwarded leg picked up): a pick-up of the parent call, reply bridge; a whisper without ParentCallSid is malformed', () => {
    const { Digits: _d, FinishedOnKey: _f, ...child } = fixture('voice-whisper-gather-pressed');
    expect(parseTwilioWebhook('whisper', child, NOW)).toMatchObject({
      providerCallId: 'CAabcdefabcdefabcdefabcdefabcdefab',
      callerLegId: 'CA1234567890abcdef1234567890abcdef',
      eventType: 'whisper',
      reply: 'bridge',
      facts: [{ kind: 'forward_answered', at: NOW }],
    });
    const { ParentCallSid: _p, ...orphan } = child;
    expect(() => parseTwilioWebhook('whisper', orphan, NOW)).toThrow(MalformedWebhookException);
  });

  it('whisper-gather: Digits 1 → accepted, reply bridge; empty (actionOnEmptyResult) or another key → not accepted, reply hangup', () => {
    expect(parseTwilioWebhook('whisper-gather', fixture('voice-whisper-gather-pressed'), NOW)).toMatchObject({
      eventType: 'whisper-gather',
      callerLegId: 'CA1234567890abcdef1234567890abcdef',
      reply: 'bridge',
      facts: [{ kind: 'forward_accepted', at: NOW, digits: '1' }],
    });
    expect(parseTwilioWebhook('whisper-gather', { ...fixture('voice-whisper-gather-pressed'), Digits: '' }, NOW)).toMatchObject({ reply: 'hangup', facts: [{ kind: 'forward_unaccepted', digits: '' }] });
    expect(parseTwilioWebhook('whisper-gather', { ...fixture('voice-whisper-gather-pressed'), Digits: '5' }, NOW)).toMatchObject({ reply: 'hangup', facts: [{ kind: 'forward_unaccepted', digits: '5' }] });
  });

  it('dial action no-answer → forward ended timeout; completed → normal end with talk seconds', () => {
    expect(parseTwilioWebhook('dial-action', fixture('voice-dial-action-no-answer'), NOW).facts).toEqual([{ kind: 'forward_ended', at: NOW, cause: 'timeout', providerCause: 'no-answer' }]);
    expect(parseTwilioWebhook('dial-action', fixture('voice-dial-action-completed'), NOW).facts).toEqual([{ kind: 'forward_ended', at: NOW, cause: 'hangup', providerCause: 'completed', talkSeconds: 42 }]);
  });

  it('dial action canceled means the caller hung up while it rang', () => {
    expect(parseTwilioWebhook('dial-action', { ...fixture('voice-dial-action-no-answer'), DialCallStatus: 'canceled' }, NOW).facts[0]).toMatchObject({ kind: 'caller_hung_up', cause: 'cancel' });
  });

  it('child-leg status callbacks are keyed by ParentCallSid and the status', () => {
    const hook = parseTwilioWebhook('status', fixture('voice-status-callback-child-no-answer'), NOW);
    expect(hook).toMatchObject({ callerLegId: 'CA1234567890abcdef1234567890abcdef', eventType: 'status:no-answer', reply: 'none', facts: [{ kind: 'forward_ended', cause: 'timeout', at: '2025-07-01T15:04:25.000Z' }] });
    const answered = parseTwilioWebhook('status', { ...fixture('voice-status-callback-child-no-answer'), CallStatus: 'in-progress' }, NOW);
    expect(answered.facts[0]?.kind).toBe('forward_answered');
  });

  it('parent status completed is the caller hanging up, at its Timestamp', () => {
    expect(parseTwilioWebhook('status', fixture('voice-status-callback-completed'), NOW).facts).toEqual([{ kind: 'caller_hung_up', at: '2025-07-01T15:04:05.000Z', cause: 'hangup', providerCause: 'completed' }]);
  });

  it('recordings are voicemails', () => {
    const body = { ...fixture('voice-incoming-call'), RecordingSid: 'RE123', RecordingDuration: '14', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE123' };
    expect(parseTwilioWebhook('record-action', body, NOW)).toMatchObject({ reply: 'hangup', facts: [{ kind: 'voicemail_recorded', recordingId: 'RE123', durationSeconds: 14, mediaUrl: body.RecordingUrl }] });
    expect(parseTwilioWebhook('recording-status', { ...body, RecordingStatus: 'failed' }, NOW).facts[0]?.kind).toBe('informational');
  });

  it.each([
    ['an empty form', {}],
    ['a CallSid that is not one', { ...fixture('voice-incoming-call'), CallSid: 'hello' }],
    ['a dial action without DialCallStatus', fixture('voice-incoming-call')],
  ])('rejects %s as malformed', (_n, body) => {
    expect(() => parseTwilioWebhook(body === fixture('voice-incoming-call') ? 'incoming' : 'dial-action', body, NOW)).toThrow(MalformedWebhookException);
  });

  it('maps DialCallStatus values', () => {
    expect(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled', 'weird'].map(twilioLegCause)).toEqual(['hangup', 'hangup', 'busy', 'timeout', 'error', 'cancel', 'unrecognized']);
  });

  it('the signature test vector validates with the twilio package (the guard relies on it)', () => {
    const v = JSON.parse(readFileSync(join(__dirname, '../../../../../test/fixtures/twilio/signature-test-vector.json'), 'utf8')) as { authToken: string; url: string; params: Record<string, string>; expectedXTwilioSignature: string };
    expect(validateRequest(v.authToken, v.expectedXTwilioSignature, v.url, v.params)).toBe(true);
    expect(validateRequest(v.authToken, v.expectedXTwilioSignature, v.url, { ...v.params, Digits: '9999' })).toBe(false);
  });
});
