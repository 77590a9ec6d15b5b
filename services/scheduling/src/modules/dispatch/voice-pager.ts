/** A phone call that reads a page aloud. */
export interface PageCallRequest {
  to: string;
  from: string;
  /** Where the carrier fetches the call's BXML once answered. */
  answerUrl: string;
  /** Carried on the call's webhooks (our page id). */
  tag: string;
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
   * @throws Error (e.g. AxiosError with the carrier's 4xx/5xx) when the carrier refuses; the timer retries.
   */
  placeCall(request: PageCallRequest): Promise<string>;
}

/** Injection token of the {@link VoicePager}. */
export const VOICE_PAGER = Symbol('VoicePager');
