/**
 * Shapes of the caller the Bandwidth stand-in plays: an inbound call to a business number, driven through the
 * application's callback URLs and the URLs the returned BXML names, in Bandwidth's documented wire formats
 * (/work/shared/reference/carrier/CARRIER-APIS.md §1, bandwidth/voice-*.json; bandwidth-openapi.yml `*Callback`).
 */

/**
 * What happens to the forwarded leg when the business answer is a `<Transfer>`:
 * - `answered`: the business picks up after `ringSeconds`, they talk `talkSeconds`, one side hangs up (`hangsUpFirst`).
 * - `no-answer`: it rings until the `<Transfer callTimeout>` → `transferComplete` cause `timeout`.
 * - `busy`: the business line is busy after `ringSeconds` (default 1) → cause `busy` ("Callee is busy").
 * - `rejected`: the business declines after `ringSeconds` (default 4) → cause `rejected`.
 * - `caller-hangs-up`: the caller gives up after `ringSeconds` (default 8) while it rings: the A-leg `disconnect`
 *   and the B-leg `transferDisconnect` (cause `cancel`), and NO `transferComplete` (Bandwidth sends it only while
 *   the A-leg is up).
 * A ring of `callTimeout` seconds or more becomes `no-answer`, as it would on Bandwidth.
 */
export type CallOutcome = 'answered' | 'no-answer' | 'busy' | 'rejected' | 'caller-hangs-up';

/** What the caller does when a voicemail prompt (`<SpeakSentence>` + `<Record>`) plays: after hours, or after a missed forward. */
export type VoicemailChoice = 'leave-voicemail' | 'hang-up';

/**
 * How a voicemail recording ends:
 * - `caller-hangs-up` (the common case): the A-leg `disconnect`, then `recordingAvailable`; Bandwidth sends no
 *   `recordComplete` because the call is gone (BW-DOCS `webhooks/recordComplete.mdx`).
 * - `silence`: the `<Record silenceTimeout>` (or `maxDuration`) ends it with the call still up: `recordComplete`
 *   (its BXML replaces the remaining verbs), the call ends, then `recordingAvailable`.
 */
export type VoicemailEnd = 'caller-hangs-up' | 'silence';

/** One call to play. Times are simulated seconds from the call's `startTime` (see {@link CallTiming}). */
export interface PlaceCallInput {
  /** Caller id as Bandwidth sends it: E.164, or `Anonymous` / `Private` / `Restricted` / `Unavailable`. */
  from: string;
  /** The business number dialled (E.164). */
  to: string;
  /** Forwarded-leg outcome (only used when the answer is a `<Transfer>`). Default `no-answer`. */
  outcome?: CallOutcome;
  /** At a voicemail prompt. Default `hang-up`. */
  atVoicemail?: VoicemailChoice;
  /** Default `caller-hangs-up`. */
  voicemailEnd?: VoicemailEnd;
  /**
   * Seconds from the call's start until the business answers (`answered`, default 6), the line reports busy
   * (`busy`, default 1) or rejects (`rejected`, default 4), or the caller hangs up (`caller-hangs-up`, default 8).
   * telephony-ingest's ring seconds are exactly this (it subtracts `startTime` from the event's time).
   */
  ringSeconds?: number;
  /** `answered`: seconds of conversation (default 45). */
  talkSeconds?: number;
  /** `answered`: who ends the bridged call (default `business`: transferComplete cause `hangup` reaches the A-leg). */
  hangsUpFirst?: 'business' | 'caller';
  /**
   * `answered`: who picked up the forwarded leg. `person` (default) follows a `<Gather>` prompt the `transferAnswer`
   * BXML plays and presses {@link PlaceCallInput.personPresses}; `machine` (the phone's own voicemail, an unattended
   * device) presses nothing, so the `<Gather>` ends at its `firstDigitTimeout` with empty `digits`. Without a
   * `<Gather>` both are simply connected (as on Bandwidth: a machine that picks up is an answered call).
   */
  answeredBy?: 'person' | 'machine';
  /** `answeredBy: 'person'`: the keys pressed when a `<Gather>` plays on the forwarded leg (default `1`). */
  personPresses?: string;
  /** Seconds of message the caller speaks into `<Record>` (default 12; capped by `maxDuration`). */
  voicemailSeconds?: number;
  /** Simulated start of the call (`startTime`; default: now). It decides business hours at telephony-ingest. */
  startAt?: Date;
  /** Carrier call id of the caller's leg (default a fresh `c-<8 hex>-<uuid>`). */
  callId?: string;
  /** Overrides the stand-in's time scale for this call (real ms waited per simulated ms; 0 = no waiting). */
  timeScale?: number;
}

/** The Voice application the numbers belong to (BW-DOCS `account/applications.mdx`): where initiate and disconnect go. */
export interface VoiceApplication {
  /** `CallInitiatedCallbackUrl`, e.g. `http://127.0.0.1:3001/bandwidth/voice/initiate`. */
  callInitiatedCallbackUrl: string;
  /** `CallStatusCallbackUrl` (receives the inbound leg's `disconnect`), e.g. `.../bandwidth/voice/status`. */
  callStatusCallbackUrl: string;
  /** `CallInitiatedFallbackUrl` (tried when the initiate callback fails). */
  callInitiatedFallbackUrl?: string;
  /** `CallbackCreds` (HTTP Basic on initiate and disconnect; verb callbacks use the verb's own credentials). */
  username?: string;
  password?: string;
  /** Application id sent in every callback (default a fixed uuid). */
  applicationId?: string;
  /** Account id in callbacks and call URLs (default `9900000`). */
  accountId?: string;
}

/**
 * Rewrites of callback URLs before they are requested, by prefix: a reverse proxy between Bandwidth and the
 * service. E.g. `{ from: 'https://hooks.example.com/telephony', to: 'http://127.0.0.1:3001' }` when
 * telephony-ingest's `TELEPHONY_PUBLIC_BASE_URL` names a host this machine cannot reach.
 */
export interface CallbackUrlRewrite {
  from: string;
  to: string;
}

/** One callback the caller sent, with the answer it got. */
export interface VoiceCallbackExchange {
  eventType: string;
  /** The URL as configured or named in BXML (resolved against the document's URL). */
  url: string;
  /** The URL actually requested (after rewrites and, for GET callbacks, with the query). */
  requestedUrl: string;
  method: 'POST' | 'GET';
  /** 1 = first try; a retried async callback or a fallback URL counts up. */
  attempt: number;
  /** HTTP status, 0 when the connection failed or timed out. */
  status: number;
  /** The callback body sent (the JSON object). */
  body: Record<string, unknown>;
  responseContentType?: string;
  responseBody?: string;
  /** Names of the BXML verbs in the answer (sync callbacks that returned BXML). */
  verbs?: string[];
  sentAt: Date;
  /** Milliseconds from sending the callback to the end of its answer's body; absent when it got no answer. */
  answeredMs?: number;
  /**
   * Why it got no answer (status 0): `timeout` (the callback timeout elapsed) or the fetch error's cause code
   * (`ECONNRESET`, `ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, `UND_ERR_SOCKET`, …), else its message.
   */
  error?: string;
}

/** How the business answered the initiate callback. */
export type CallRoute = 'forward' | 'voicemail' | 'rejected' | 'other' | 'failed';

/** A call the stand-in placed: everything it sent and received, for test assertions. */
export interface PlacedCall {
  callId: string;
  from: string;
  to: string;
  input: PlaceCallInput;
  /** Classified from the initiate answer: `<Transfer>` → forward, `<Record>` → voicemail, `<Hangup>`/empty → rejected. */
  route: CallRoute;
  /** What was actually played on the forwarded leg (a long `answered` ring becomes `no-answer`), if forwarded. */
  playedOutcome?: CallOutcome;
  /**
   * What the forwarded leg's `transferAnswer` BXML did, when it was answered: who picked up, the `digits` of each
   * `<Gather>` it played (in order), and whether the legs were connected (`bridged`) or the BXML hung the leg up.
   */
  forwardedLeg?: { answeredBy: 'person' | 'machine'; gathered: string[]; bridged: boolean };
  /** Whether a voicemail was recorded (`recordingId`). */
  recordingId?: string;
  /** `startTime` / `endTime` of the caller's leg (ISO-8601 UTC, simulated). */
  startTime: string;
  endTime?: string;
  /** `cause` of the caller's leg `disconnect` (`hangup`, `callback-error`, `invalid-bxml`, ...). */
  endCause?: string;
  exchanges: VoiceCallbackExchange[];
  /** BXML verbs the stand-in does not play (e.g. `Gather`, `Forward`), skipped in document order. */
  skippedVerbs: string[];
  /** True once the call has ended (its `disconnect` was sent or attempted). */
  done: boolean;
}

/** A caller's inbound text the stand-in delivered to messaging (`message-received`). */
export interface SentText {
  from: string;
  to: string;
  text: string;
  messageId: string;
  /** HTTP status of the last delivery attempt (0 = connection failed). */
  status: number;
  attempts: number;
  at: Date;
}
