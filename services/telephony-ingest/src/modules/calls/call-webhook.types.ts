import { type Provider } from '@textback/contracts';
import { type CallFact } from './call-facts.types';

/**
 * What the carrier expects back from a webhook, provider-neutral:
 * - `route`: the first webhook of a call: forward it (in hours) or take a voicemail (after hours).
 * - `continue`: the caller is still on the line after the forward ended: voicemail when the call
 *   was missed and no voicemail exists yet, else hang up.
 * - `bridge`: the location answered: nothing to play, connect the legs; with answer confirmation on the call, the
 *   confirmation prompt instead (`confirm_answer`). The answer to a confirmation's key is `bridge` (accepted) or
 *   `hangup` (the forwarded leg is hung up).
 * - `hangup`: end the call (after a recording).
 * - `none`: an asynchronous callback: acknowledge with 204, no body.
 */
export type ReplyKind = 'route' | 'continue' | 'bridge' | 'hangup' | 'none';

/**
 * A carrier webhook after its adapter validated and translated it. The idempotency key is
 * `(provider, providerCallId, eventType)`: the same callback delivered again (or concurrently)
 * finds its stored copy and changes nothing.
 */
export interface InboundCallWebhook {
  provider: Provider;
  /** The carrier's id of the leg this webhook is about (Bandwidth `callId`, Twilio `CallSid`). */
  providerCallId: string;
  /** Event type as the idempotency key uses it (Bandwidth `eventType`, Twilio hook + status). */
  eventType: string;
  /** The carrier's id of the caller's leg (the A-leg / parent call) that the call record is keyed by. */
  callerLegId: string;
  /** ISO-8601 time of the event (the carrier's, else receipt time). */
  eventTime: string;
  /** For the first webhook of a call: the raw caller id and dialled number. */
  start?: { from: string; to: string; startedAt: string };
  facts: CallFact[];
  reply: ReplyKind;
  /**
   * For the forwarded leg's pick-up (Bandwidth `transferAnswer`, Twilio `<Number url>` whisper): the line that answered,
   * as the carrier wrote it (Bandwidth `transferTo`, the `<Transfer>`'s `<PhoneNumber>`, else `to`; Twilio's child-leg
   * `To`). Answering from memory reads the location's answer confirmation from it (memory-answer.policy.ts).
   */
  answeredLine?: string;
  /** The webhook body as decoded (JSON object or form map), made jsonb-safe (U+0000 removed, lone surrogates replaced). */
  payload: Record<string, unknown>;
  /** The exact bytes received (stored with the webhook in `call_webhook.raw_body`), when the controller captured them. */
  rawBody?: Buffer;
}

/** Thrown by an adapter when a webhook body is not a valid instance of the documented shape (→ HTTP 400). */
export class MalformedWebhookException extends Error {
  constructor(
    readonly provider: Provider,
    readonly problems: string[],
  ) {
    super(`malformed ${provider} webhook: ${problems.join('; ')}`);
    this.name = 'MalformedWebhookException';
  }
}
