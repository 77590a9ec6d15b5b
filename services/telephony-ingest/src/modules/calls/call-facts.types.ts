import { type MissedCallReason, type Provider } from '@textback/contracts';

/**
 * A carrier's cause for the end of a call leg, normalized across providers:
 * - `hangup`: the leg ended normally (Bandwidth `hangup`; Twilio `completed`).
 * - `timeout`: nobody answered before the ring timeout (Bandwidth `timeout`; Twilio `no-answer`).
 * - `busy`, `rejected`: the callee was busy or declined (Bandwidth `busy`/`rejected`; Twilio `busy`).
 * - `cancel`: the leg was cancelled while it rang (Bandwidth `cancel`; Twilio `canceled`).
 * - `error`: the carrier reported a failure (Bandwidth `callback-error`, `invalid-bxml`,
 *   `application-error`, `account-limit`, `node-capacity-exceeded`, `error`, `unknown`; Twilio `failed`).
 * - `unrecognized`: a value this service does not know (Bandwidth says its list "is not
 *   exhaustive"); classified as `provider_error` and logged, never a crash.
 * Source: CARRIER-APIS.md §1.4 (Bandwidth cause table) and §4.1 (Twilio DialCallStatus).
 */
export type LegCause = 'hangup' | 'timeout' | 'busy' | 'rejected' | 'cancel' | 'error' | 'unrecognized';

/** How the call was routed when it arrived. */
export type CallRoute = 'forward' | 'after_hours';

/**
 * One provider-neutral fact about a call, derived from one webhook. `at` is an ISO-8601 UTC
 * timestamp of when the fact happened (the carrier's event time, or receipt time when the
 * carrier sends none). Stored with the webhook, so a call's history is the ordered list of them.
 */
export type CallFact =
  /** The call reached a Textback number (Bandwidth `initiate`, Twilio incoming-call webhook). */
  | { kind: 'call_started'; at: string }
  /**
   * The location's line answered the forwarded leg (Bandwidth `transferAnswer`, Twilio child `in-progress`). With
   * answer confirmation this is only a pick-up: a person or a machine, decided by the confirmation facts below.
   */
  | { kind: 'forward_answered'; at: string }
  /**
   * Answer confirmation: whoever picked up the forwarded leg pressed the accepting key while the confirmation prompt
   * played (Bandwidth `gather` on the B-leg, Twilio whisper `<Gather>` action with `Digits`).
   */
  | { kind: 'forward_accepted'; at: string; digits: string }
  /**
   * Answer confirmation: the prompt's `<Gather>` ended without the accepting key (empty `digits` on a timeout, or
   * another key): a voicemail box or an unattended device took the forwarded leg, or the person declined.
   */
  | { kind: 'forward_unaccepted'; at: string; digits: string }
  /**
   * The forwarded leg ended while the caller was still on the line (Bandwidth `transferComplete`,
   * Twilio `<Dial action>`). `talkSeconds` is the connected time when the carrier reports it (Twilio `DialCallDuration`).
   */
  | { kind: 'forward_ended'; at: string; cause: LegCause; providerCause: string; talkSeconds?: number }
  /** The caller's leg ended (Bandwidth `disconnect`, Twilio parent status callback). */
  | { kind: 'caller_hung_up'; at: string; cause: LegCause; providerCause: string }
  /** A voicemail recording exists (Bandwidth `recordComplete`/`recordingAvailable`, Twilio Record action/status). */
  | { kind: 'voicemail_recorded'; at: string; recordingId: string; durationSeconds: number; mediaUrl?: string }
  /** A webhook that carries nothing for the decision (e.g. `transferDisconnect`, `redirect`). */
  | { kind: 'informational'; at: string; note: string };

/** What the classifier needs to know about a call besides its facts. */
export interface CallContext {
  provider: Provider;
  route: CallRoute;
  /** ISO-8601 time the caller's call started (ring seconds count from here). */
  startedAt: string;
  /** Location's minimum ring time, seconds: a hang-up before it is `short_abandon`. */
  minRingSeconds: number;
  /**
   * Answer confirmation was on when the call arrived (LocationConfig `answerConfirmation`): a pick-up alone is not an
   * answer; only `forward_accepted` is. Absent: off.
   */
  answerConfirmation?: boolean;
}

/** The classifier's verdict: still open, or decided once and for all. */
export type CallVerdict =
  | { decided: false }
  | {
      decided: true;
      outcome: 'answered';
      /** Seconds the location's line rang before it was answered (0.1 s resolution). */
      ringSeconds: number;
      answeredAt: string;
      explanation: string;
    }
  | {
      decided: true;
      outcome: 'missed';
      reason: MissedCallReason;
      /** Seconds the location's line rang (0 when it never rang, e.g. after hours). */
      ringSeconds: number;
      endedAt: string;
      explanation: string;
      providerCause?: string;
      /** True when the decision rests on a cause this service does not know (logged as a warning). */
      unrecognizedCause?: boolean;
    };
