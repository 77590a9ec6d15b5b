import { type LocationConfig } from '@textback/contracts';
import { type NumberOwner } from '@textback/platform';
import { ANSWER_CONFIRMATION_DIGIT, ANSWER_CONFIRMATION_TIMEOUT_SECONDS, answerConfirmationPrompt } from './answer-confirmation.constants';
import { isWithinBusinessHours } from './business-hours.policy';
import { type CallInstruction } from './call-instruction.types';
import { type InboundCallWebhook } from './call-webhook.types';
import { greetingFor } from './voice-greeting.policy';

/** Longest voicemail recorded, seconds (the same as a persisted answer). */
export const VOICEMAIL_MAX_SECONDS = 120;

/**
 * The answer to a voice webhook from the location's configuration alone (no call state, no database), for when the
 * callback could not be persisted in time or arrives on a fallback URL (docs/operations.md "The phone path fails
 * open"):
 * - `route` (Bandwidth `initiate`, Twilio incoming call): the dialled number's location (`owner`, from memory) in its
 *   business hours at the call's start → forward to its line with its ring timeout (with the answer-confirmation
 *   whisper when the location asks for it, as the persisted answer and the call record replayed later do); outside
 *   them → the after-hours voicemail; no location (or a sending-only number) → hang up, as a persisted answer would.
 * - `continue` (Bandwidth `transferComplete`, Twilio `<Dial action>`): the forwarded leg ended with a cause other than
 *   a normal hang-up (timeout, busy, rejected, …) → the missed-call voicemail (the decision itself is made when the
 *   callback is replayed); else hang up.
 * - `bridge` for the forwarded leg's pick-up (Bandwidth `transferAnswer`, Twilio `<Number url>` whisper: a
 *   `forward_answered` fact): the answer-confirmation prompt when the call was forwarded with it, as the persisted
 *   answer gives from the call record. Memory has no call record, so it is read from the wire and the line: a Twilio
 *   whisper is requested only for a forward with confirmation (twiml.factory); for Bandwidth, any location forwarding
 *   to the answered line asks for confirmation (erring toward "a machine is not a person": a person presses the key).
 *   The prompt is that location's (the default naming "the business" when several share the line). Else `bridge`.
 * - `bridge` (an accepted key), `hangup`, `none`: as always.
 * @param owner the owner of the dialled number (`start.to`, or the body's dialled number for `continue`), or null.
 * @param answeredLine for a pick-up, the locations forwarding to the line that answered (the callback's `to`,
 *   {@link LocationDirectory.locationsForwardingToInMemory}); empty when unknown.
 */
export function answerFromMemory(
  webhook: Pick<InboundCallWebhook, 'reply' | 'start' | 'facts'> & Partial<Pick<InboundCallWebhook, 'provider' | 'eventType'>>,
  owner: NumberOwner | null,
  answeredLine: readonly LocationConfig[] = [],
): CallInstruction {
  const location = owner && owner.purpose !== 'sending' ? owner.config : null;
  switch (webhook.reply) {
    case 'none':
      return { kind: 'none' };
    case 'bridge': {
      if (!webhook.facts.some((f) => f.kind === 'forward_answered')) return { kind: 'bridge' };
      const confirming = answeredLine.filter((l) => l.answerConfirmation === true);
      const whisper = webhook.provider === 'twilio' && webhook.eventType === 'whisper';
      if (!whisper && confirming.length === 0) return { kind: 'bridge' };
      const named = confirming.length === 1 ? confirming[0] : answeredLine.length === 1 ? answeredLine[0] : null;
      return { kind: 'confirm_answer', prompt: answerConfirmationPrompt(named), timeoutSeconds: ANSWER_CONFIRMATION_TIMEOUT_SECONDS, acceptDigit: ANSWER_CONFIRMATION_DIGIT };
    }
    case 'hangup':
      return { kind: 'hangup' };
    case 'route': {
      if (!location) return { kind: 'hangup' };
      const startedAt = webhook.start ? new Date(webhook.start.startedAt) : new Date();
      if (isWithinBusinessHours(location, startedAt)) {
        return { kind: 'forward', toE164: location.forwardToE164, ringTimeoutSeconds: location.ringTimeoutSeconds, ...(location.answerConfirmation === true ? { answerConfirmation: true } : {}) };
      }
      return { kind: 'voicemail', greeting: greetingFor(location, 'voice.after_hours_greeting'), maxSeconds: VOICEMAIL_MAX_SECONDS };
    }
    case 'continue': {
      const missed = webhook.facts.some((f) => f.kind === 'forward_ended' && f.cause !== 'hangup');
      return missed ? { kind: 'voicemail', greeting: greetingFor(location, 'voice.missed_greeting'), maxSeconds: VOICEMAIL_MAX_SECONDS } : { kind: 'hangup' };
    }
  }
}
