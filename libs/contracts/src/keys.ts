/**
 * Kafka keys (DESIGN.md, Events): everything about one caller's conversation at one location
 * is keyed `${locationId}:${callerE164}` so it stays ordered on one partition. A caller with
 * no usable number (private, anonymous, restricted) has no conversation; their call's events
 * are keyed by the call instead.
 */
export function conversationKey(locationId: string, callerE164: string): string {
  return `${locationId}:${callerE164}`;
}

/** Key for the events of a call whose caller has no textable number (`${locationId}:call:${callId}`). */
export function callKey(locationId: string, callId: string): string {
  return `${locationId}:call:${callId}`;
}

/** Key of a caller's call events: the conversation key when the number is known, else the call key. */
export function callerKey(locationId: string, callerE164: string | null, callId: string): string {
  return callerE164 ? conversationKey(locationId, callerE164) : callKey(locationId, callId);
}
