/** A phone call that reads a page aloud. */
export interface PageCallRequest {
  to: string;
  from: string;
  /** Where the carrier fetches the call's BXML once answered. */
  answerUrl: string;
  /** The page's stable key (its page id), carried as the call's `tag` on every callback of the call. */
  tag: string;
}

/** A call the carrier reports (listCalls), candidate for a page call whose creation outcome was unknown. */
export interface CarrierCall {
  callId: string;
  /** When the carrier queued it (`enqueuedTime`, else `startTime`); null when it says neither. */
  createdAt: Date | null;
}

/** Whether the carrier certainly did not create the call (it answered with an error), or the outcome is unknown (timeout, connection lost). */
export type PageCallFailure = 'refused' | 'unknown';

/** Placing a page call failed; `outcome` tells whether a call may nevertheless exist at the carrier. */
export class PageCallError extends Error {
  constructor(
    readonly outcome: PageCallFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PageCallError';
  }
}

/**
 * Port: places the phone-call half of a page. Implemented with bandwidth-sdk's CallsApi; a
 * service without voice credentials uses a pager that reports voice as unavailable.
 */
export interface VoicePager {
  /** False when no carrier is configured: pages go by text only. */
  readonly enabled: boolean;
  /**
   * Places the call. @returns the carrier's call id.
   * @throws PageCallError `refused` when the carrier answered with an error (no call exists),
   * `unknown` when no answer came (a call may exist).
   */
  placeCall(request: PageCallRequest): Promise<string>;
  /**
   * Calls from `from` to `to` the carrier started at or after `since` (its own clock), oldest
   * first: how a page call whose creation outcome was unknown is found again.
   * @throws Error when the carrier cannot be asked (the caller retries later).
   */
  findCalls(query: { to: string; from: string; since: Date }): Promise<CarrierCall[]>;
}

/** Injection token of the {@link VoicePager}. */
export const VOICE_PAGER = Symbol('VoicePager');
