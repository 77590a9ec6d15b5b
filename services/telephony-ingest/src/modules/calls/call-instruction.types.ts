/**
 * What to tell the carrier to do with a call, provider-neutral; each adapter renders it
 * (Bandwidth: BXML, Twilio: TwiML). Stored with the webhook so a duplicate delivery gets the
 * very same answer.
 * - `forward`: ring the location's line for `ringTimeoutSeconds` seconds (`answerConfirmation`: with a whisper that
 *   asks whoever picks up to accept the call, where the carrier names it in the forward itself: Twilio `<Number url>`).
 * - `voicemail`: speak `greeting`, then record up to `maxSeconds` seconds.
 * - `bridge`: the location answered (or accepted); play nothing and connect the legs.
 * - `confirm_answer`: answer confirmation, played to the location's phone only, before the legs are connected: speak
 *   `prompt` and wait up to `timeoutSeconds` seconds for one key; the carrier reports the key (or none) to the
 *   confirmation callback, whose answer is `bridge` for `acceptDigit` and `hangup` (of the forwarded leg) otherwise.
 * - `hangup`: end the call.
 * - `none`: asynchronous callback: 204, no body.
 */
export type CallInstruction =
  | { kind: 'forward'; toE164: string; ringTimeoutSeconds: number; answerConfirmation?: boolean }
  | { kind: 'confirm_answer'; prompt: string; timeoutSeconds: number; acceptDigit: string }
  | { kind: 'voicemail'; greeting: string; maxSeconds: number }
  | { kind: 'bridge' }
  | { kind: 'hangup' }
  | { kind: 'none' };
