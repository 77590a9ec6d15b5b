import { speakableText } from '@textback/voice-markup';
import { twiml } from 'twilio';
import { type CallInstruction } from '../calls/call-instruction.types';

/** An HTTP answer to a Twilio webhook. */
export interface TwilioReply {
  status: 200 | 204;
  contentType?: 'text/xml';
  body?: string;
}

/**
 * Renders a {@link CallInstruction} as TwiML with the twilio package's `twiml.VoiceResponse`
 * (https://www.twilio.com/docs/voice/twiml/dial.md, number.md, record.md; CARRIER-APIS.md §4.1):
 * - `forward` → `<Dial timeout action answerOnBridge><Number statusCallback statusCallbackEvent>`.
 * - `voicemail` → `<Say>` (the greeting through `speakableText`, @textback/voice-markup) + `<Record action recordingStatusCallback maxLength>` + `<Hangup/>`.
 * - `bridge`/`hangup` → `<Hangup/>` (`bridge` never happens on Twilio: `<Dial>` bridges by itself).
 * - `none` → 204 (status callbacks ignore the body).
 * URLs are absolute: `baseUrl` + `/twilio/voice/<hook>`, the same public URL Twilio signs.
 */
export function renderTwiml(instruction: CallInstruction, baseUrl: string): TwilioReply {
  const url = (path: string) => `${baseUrl.replace(/\/$/, '')}/twilio/voice/${path}`;
  const response = new twiml.VoiceResponse();
  switch (instruction.kind) {
    case 'none':
      return { status: 204 };
    case 'forward': {
      const dial = response.dial({ timeout: instruction.ringTimeoutSeconds, action: url('dial-action'), method: 'POST', answerOnBridge: true });
      dial.number({ statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'], statusCallback: url('status'), statusCallbackMethod: 'POST' }, instruction.toE164);
      break;
    }
    case 'voicemail':
      response.say(speakableText(instruction.greeting));
      response.record({ action: url('record-action'), method: 'POST', recordingStatusCallback: url('recording-status'), recordingStatusCallbackMethod: 'POST', maxLength: instruction.maxSeconds, timeout: 5, playBeep: true });
      response.hangup();
      break;
    case 'bridge':
    case 'hangup':
      response.hangup();
      break;
  }
  return { status: 200, contentType: 'text/xml', body: response.toString() };
}
