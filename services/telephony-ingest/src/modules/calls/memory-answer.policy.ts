import { type NumberOwner } from '@textback/platform';
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
 * - `bridge`, `hangup`, `none`: as always.
 * @param owner the owner of the dialled number (`start.to`, or the body's dialled number for `continue`), or null.
 */
export function answerFromMemory(webhook: Pick<InboundCallWebhook, 'reply' | 'start' | 'facts'>, owner: NumberOwner | null): CallInstruction {
  const location = owner && owner.purpose !== 'sending' ? owner.config : null;
  switch (webhook.reply) {
    case 'none':
      return { kind: 'none' };
    case 'bridge':
      return { kind: 'bridge' };
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
