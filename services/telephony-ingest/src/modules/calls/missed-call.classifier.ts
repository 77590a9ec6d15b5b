import { type MissedCallReason } from '@textback/contracts';
import { type CallContext, type CallFact, type CallVerdict, type LegCause } from './call-facts.types';

/** A recording shorter than this (seconds) is a hang-up at the beep, not a voicemail. */
export const MIN_VOICEMAIL_SECONDS = 1;

/**
 * The missed-call decision: turns a call's history (its facts in arrival order) into exactly
 * one outcome with an explicit reason, or "not yet". Pure and deterministic: the same history
 * always gives the same verdict, and the first decisive fact wins, so later or duplicate
 * webhooks never change a decision.
 *
 * Rules (carrier behaviour from CARRIER-APIS.md §1.5 "How no answer shows up" and §4.1):
 * - After hours: a voicemail → `voicemail_left`; the caller hanging up without one → `after_hours`.
 * - Forwarded: the location answering → `answered`. The forwarded leg ending while the caller is
 *   still on the line → by cause: `timeout`/`cancel` → `no_answer`, `busy` → `busy`, `rejected`
 *   → `rejected`, `hangup` → `answered` (a normal end of the bridged call), anything else →
 *   `provider_error`.
 * - The caller hanging up first (Bandwidth sends no `transferComplete` then, only the A-leg
 *   `disconnect`): a normal hang-up after at least `minRingSeconds` of ringing →
 *   `caller_abandoned`, before it → `short_abandon`; an error cause → `provider_error`.
 * - A voicemail before any other decision → `voicemail_left`.
 * - Answer confirmation on (`context.answerConfirmation`): a pick-up (`forward_answered`) decides nothing; the
 *   accepting key (`forward_accepted`) → `answered` (ring seconds until the pick-up); the prompt ending without it
 *   (`forward_unaccepted`), or the forwarded leg ending normally before it → `machine_or_unaccepted`. Carrier
 *   voicemail and unattended phones pick up forwarded calls (CARRIER-APIS.md §1.5 "pitfall"), and they press no key.
 * Causes it does not know are `provider_error` with `unrecognizedCause: true`, never a throw.
 */
export function classifyCall(context: CallContext, facts: readonly CallFact[]): CallVerdict {
  let pickedUpAt: string | undefined;
  for (const fact of facts) {
    const verdict = context.route === 'after_hours' ? afterHoursVerdict(fact) : forwardVerdict(context, fact, pickedUpAt);
    if (verdict.decided) return verdict;
    if (fact.kind === 'forward_answered') pickedUpAt ??= fact.at;
  }
  return { decided: false };
}

function afterHoursVerdict(fact: CallFact): CallVerdict {
  switch (fact.kind) {
    case 'voicemail_recorded':
      return voicemailVerdict(fact, 0, 'outside business hours; the caller left a voicemail');
    case 'caller_hung_up':
      return {
        decided: true,
        outcome: 'missed',
        reason: 'after_hours',
        ringSeconds: 0,
        endedAt: fact.at,
        explanation: `call came outside business hours; the caller hung up without a voicemail (cause ${fact.providerCause})`,
        providerCause: fact.providerCause,
      };
    case 'call_started':
    case 'forward_answered':
    case 'forward_accepted':
    case 'forward_unaccepted':
    case 'forward_ended':
    case 'informational':
      return { decided: false };
  }
}

function forwardVerdict(context: CallContext, fact: CallFact, pickedUpAt: string | undefined): CallVerdict {
  switch (fact.kind) {
    case 'forward_answered': {
      if (context.answerConfirmation) return { decided: false };
      const ringSeconds = secondsBetween(context.startedAt, fact.at);
      return { decided: true, outcome: 'answered', ringSeconds, answeredAt: fact.at, explanation: `the location answered after ${ringSeconds}s of ringing` };
    }
    case 'forward_accepted': {
      const ringSeconds = secondsBetween(context.startedAt, pickedUpAt ?? fact.at);
      return {
        decided: true,
        outcome: 'answered',
        ringSeconds,
        answeredAt: fact.at,
        explanation: `the location picked up after ${ringSeconds}s of ringing and accepted the call (pressed ${fact.digits})`,
      };
    }
    case 'forward_unaccepted':
      return unacceptedVerdict(context, pickedUpAt ?? fact.at, fact.at, fact.digits === '' ? 'nobody pressed a key while the confirmation prompt played' : `the key pressed (${fact.digits}) was not the accepting one`);
    case 'forward_ended': {
      const elapsed = secondsBetween(context.startedAt, fact.at);
      if (fact.cause === 'hangup' && context.answerConfirmation) {
        return { ...unacceptedVerdict(context, pickedUpAt ?? fact.at, fact.at, 'the forwarded leg ended before anyone accepted the call'), providerCause: fact.providerCause };
      }
      if (fact.cause === 'hangup') {
        const ringSeconds = fact.talkSeconds === undefined ? 0 : round1(Math.max(0, elapsed - fact.talkSeconds));
        return {
          decided: true,
          outcome: 'answered',
          ringSeconds,
          answeredAt: fact.talkSeconds === undefined ? fact.at : new Date(Date.parse(fact.at) - fact.talkSeconds * 1000).toISOString(),
          explanation: `the forwarded call ended normally (cause ${fact.providerCause}): it was answered`,
        };
      }
      return missedByCause(fact.cause, fact.providerCause, elapsed, fact.at, 'the forwarded call');
    }
    case 'caller_hung_up': {
      const ringSeconds = secondsBetween(context.startedAt, fact.at);
      if (fact.cause === 'hangup' || fact.cause === 'cancel') {
        const short = ringSeconds < context.minRingSeconds;
        return {
          decided: true,
          outcome: 'missed',
          reason: short ? 'short_abandon' : 'caller_abandoned',
          ringSeconds,
          endedAt: fact.at,
          explanation: short
            ? `the caller hung up after ${ringSeconds}s of ringing, before the minimum of ${context.minRingSeconds}s`
            : `the caller hung up after ${ringSeconds}s of ringing, before anyone answered`,
          providerCause: fact.providerCause,
        };
      }
      return missedByCause(fact.cause, fact.providerCause, ringSeconds, fact.at, 'the call');
    }
    case 'voicemail_recorded':
      return voicemailVerdict(fact, secondsBetween(context.startedAt, fact.at), 'the caller left a voicemail');
    case 'call_started':
    case 'informational':
      return { decided: false };
  }
}

/** `machine_or_unaccepted`: the forwarded leg was picked up at `pickedUpAt` but the call was never accepted. */
function unacceptedVerdict(context: CallContext, pickedUpAt: string, at: string, why: string): Extract<CallVerdict, { outcome: 'missed' }> {
  const ringSeconds = secondsBetween(context.startedAt, pickedUpAt);
  return {
    decided: true,
    outcome: 'missed',
    reason: 'machine_or_unaccepted',
    ringSeconds,
    endedAt: at,
    explanation: `the location's line picked up after ${ringSeconds}s but ${why}: a voicemail box or an unattended phone, not a person`,
  };
}

function missedByCause(cause: Exclude<LegCause, 'hangup'>, providerCause: string, ringSeconds: number, at: string, subject: string): CallVerdict {
  const base = { decided: true as const, outcome: 'missed' as const, ringSeconds, endedAt: at, providerCause };
  const reason: MissedCallReason = reasonOfCause(cause);
  switch (cause) {
    case 'timeout':
      return { ...base, reason, explanation: `${subject} rang ${ringSeconds}s until the ring timeout (cause ${providerCause})` };
    case 'cancel':
      return { ...base, reason, explanation: `${subject} was cancelled before anyone answered (cause ${providerCause})` };
    case 'busy':
      return { ...base, reason, explanation: `the location's line was busy (cause ${providerCause})` };
    case 'rejected':
      return { ...base, reason, explanation: `the location's line rejected the call (cause ${providerCause})` };
    case 'error':
      return { ...base, reason, explanation: `the carrier reported an error (cause ${providerCause})` };
    case 'unrecognized':
      return { ...base, reason, unrecognizedCause: true, explanation: `the carrier reported a cause this service does not know (${providerCause}); treated as a provider error` };
  }
}

/** The missed-call reason of a leg cause other than a normal hang-up. */
export function reasonOfCause(cause: Exclude<LegCause, 'hangup'>): MissedCallReason {
  switch (cause) {
    case 'timeout':
    case 'cancel':
      return 'no_answer';
    case 'busy':
      return 'busy';
    case 'rejected':
      return 'rejected';
    case 'error':
    case 'unrecognized':
      return 'provider_error';
  }
}

function voicemailVerdict(fact: Extract<CallFact, { kind: 'voicemail_recorded' }>, ringSeconds: number, explanation: string): CallVerdict {
  if (fact.durationSeconds < MIN_VOICEMAIL_SECONDS) return { decided: false };
  return { decided: true, outcome: 'missed', reason: 'voicemail_left', ringSeconds, endedAt: fact.at, explanation: `${explanation} (${fact.durationSeconds}s)` };
}

/** Seconds from `from` to `to` (ISO-8601), never negative, 0.1 s resolution. */
export function secondsBetween(from: string, to: string): number {
  return round1(Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000));
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
