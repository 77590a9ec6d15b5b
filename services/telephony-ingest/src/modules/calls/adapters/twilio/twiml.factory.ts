import { speakableText } from '@textback/voice-markup';
import { twiml } from 'twilio';
import { type CallInstruction } from '../../call-instruction.types';

/** An HTTP answer to a Twilio webhook. */
export interface TwilioReply {
  status: 200 | 204;
  contentType?: 'text/xml';
  body?: string;
}

/**
 * Renders a {@link CallInstruction} as TwiML with the twilio package's `twiml.VoiceResponse`
 * (https://www.twilio.com/docs/voice/twiml/dial.md, number.md, record.md; CARRIER-APIS.md §4.1):
 * - `forward` → `<Dial timeout action answerOnBridge><Number statusCallback statusCallbackEvent>`; with
 *   `answerConfirmation`, `<Number url=".../whisper">`: a TwiML document that "runs on the called party's end, after
 *   they answer, but before the two parties are connected" and may "decline the phone call using <Gather> and
 *   <Hangup>" (https://www.twilio.com/docs/voice/twiml/number#attributes-url); the caller hears ringing meanwhile
 *   (`answerOnBridge`).
 * - `confirm_answer` (the whisper) → `<Gather numDigits="1" timeout action=".../whisper-gather" actionOnEmptyResult="true">`
 *   around a `<Say>` of the prompt (through `speakableText`), then `<Hangup/>` should the action never be requested
 *   (https://www.twilio.com/docs/voice/twiml/gather: `actionOnEmptyResult` requests the action without input too).
 * - `bridge` → an empty `<Response/>`: the whisper ends and Twilio connects the legs.
 * - `voicemail` → `<Say>` (the greeting through `speakableText`, @textback/voice-markup) + `<Record action recordingStatusCallback maxLength>` + `<Hangup/>`.
 * - `hangup` → `<Hangup/>`.
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
      dial.number(
        {
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          statusCallback: url('status'),
          statusCallbackMethod: 'POST',
          ...(instruction.answerConfirmation ? { url: url('whisper'), method: 'POST' } : {}),
        },
        instruction.toE164,
      );
      break;
    }
    case 'confirm_answer': {
      const gather = response.gather({ numDigits: 1, timeout: instruction.timeoutSeconds, action: url('whisper-gather'), method: 'POST', actionOnEmptyResult: true });
      gather.say(speakableText(instruction.prompt));
      response.hangup();
      break;
    }
    case 'voicemail':
      response.say(speakableText(instruction.greeting));
      response.record({ action: url('record-action'), method: 'POST', recordingStatusCallback: url('recording-status'), recordingStatusCallbackMethod: 'POST', maxLength: instruction.maxSeconds, timeout: 5, playBeep: true });
      response.hangup();
      break;
    case 'bridge':
      break;
    case 'hangup':
      response.hangup();
      break;
  }
  return { status: 200, contentType: 'text/xml', body: response.toString() };
}
