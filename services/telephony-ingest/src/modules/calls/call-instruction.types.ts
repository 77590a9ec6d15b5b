/**
 * What to tell the carrier to do with a call, provider-neutral; each adapter renders it
 * (Bandwidth: BXML, Twilio: TwiML). Stored with the webhook so a duplicate delivery gets the
 * very same answer.
 * - `forward`: ring the location's line for `ringTimeoutSeconds` seconds.
 * - `voicemail`: speak `greeting`, then record up to `maxSeconds` seconds.
 * - `bridge`: the location answered; play nothing and connect the legs.
 * - `hangup`: end the call.
 * - `none`: asynchronous callback: 204, no body.
 */
export type CallInstruction =
  | { kind: 'forward'; toE164: string; ringTimeoutSeconds: number }
  | { kind: 'voicemail'; greeting: string; maxSeconds: number }
  | { kind: 'bridge' }
  | { kind: 'hangup' }
  | { kind: 'none' };
