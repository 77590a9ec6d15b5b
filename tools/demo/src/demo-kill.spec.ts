import { checkKillInvariants, formatKillSummary, type KillFacts } from './demo-kill';
import { type DemoFacts } from './demo-invariants';

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 15, 0, s));
const BIZ = '+17202000101';
const A = '+13035550001';
const B = '+13035550002';
const C = '+13035550003';

/** A run killed mid-replay where nothing was lost: three calls (C answered, A and B missed), B sent STOP. */
function clean(): { facts: DemoFacts; kill: KillFacts } {
  const facts: DemoFacts = {
    locations: [{ locationId: 'loc-1', name: 'Demo Denver', timeZone: 'America/Denver', mainLine: BIZ, funnel: {} }],
    totals: {},
    texts: [
      { from: BIZ, to: A, at: at(1), purpose: 'first_text' },
      { from: BIZ, to: B, at: at(2), purpose: 'first_text' },
      { from: BIZ, to: B, at: at(10), purpose: 'keyword_reply' },
    ],
    optOuts: [{ phone: B, sendingNumber: BIZ, at: at(9) }],
    telephony: { calls: 3, answered: 1, missed: 2, missedCallers: [{ locationId: 'loc-1', callerE164: A }, { locationId: 'loc-1', callerE164: B }] },
    leads: [{ locationId: 'loc-1', callerE164: A, stage: 'engaged' }, { locationId: 'loc-1', callerE164: B, stage: 'new' }],
    bookings: 0,
    providerErrorTexts: {},
    providerErrorCalls: 0,
    callsRecorded: 3,
    callsUndecided: 0,
    wonMarked: 0,
    invariantsChecked: [],
  };
  const kill: KillFacts = {
    callsPlaced: 3,
    locationOfNumber: { [BIZ]: 'loc-1' },
    calls: [
      { callId: 'call-a', locationId: 'loc-1', callerE164: A, decision: 'missed' },
      { callId: 'call-b', locationId: 'loc-1', callerE164: B, decision: 'missed' },
      { callId: 'call-c', locationId: 'loc-1', callerE164: C, decision: 'answered' },
    ],
    decisions: [
      { callId: 'call-a', locationId: 'loc-1', callerE164: A, outcome: 'sent', reason: null },
      { callId: 'call-b', locationId: 'loc-1', callerE164: B, outcome: 'sent', reason: null },
    ],
    callerTexts: [
      { messageId: 'm-1', from: A, to: BIZ, text: 'need a plumber', lastStatus: 200, attempts: 3 },
      { messageId: 'm-2', from: B, to: BIZ, text: 'STOP', lastStatus: 204, attempts: 1 },
    ],
    storedInbound: ['m-1', 'm-2'],
    stops: [{ caller: B, businessNumber: BIZ }],
  };
  return { facts, kill };
}

describe('checkKillInvariants', () => {
  it('passes a run where nothing was lost or doubled and counts it', () => {
    const { facts, kill } = clean();
    const { failures, summary } = checkKillInvariants(facts, kill);
    expect(failures).toEqual([]);
    expect(summary).toEqual({ missedCallers: 2, leads: 2, otherLeads: 0, duplicateLeads: 0, textedCallers: 2, firstTexts: 2, duplicateFirstTexts: 0, missingFirstTexts: 0, callerTexts: 2, lostCallerTexts: 0, stops: 1, lostOptOuts: 0 });
    expect(formatKillSummary(summary)).toBe('After the kill: 2 leads for 2 missed callers (0 duplicate; 0 other), 2 first texts for 2 callers texted (0 duplicate, 0 missing), 2 of 2 caller texts stored, 1 of 1 STOPs opted out.');
  });

  it('catches a first text sent again after the restart', () => {
    const { facts, kill } = clean();
    facts.texts.push({ from: BIZ, to: A, at: at(40), purpose: 'first_text' });
    const { failures, summary } = checkKillInvariants(facts, kill);
    expect(failures).toEqual([`1 caller(s) got more than one first text: loc-1|${A} x2`]);
    expect(summary.duplicateFirstTexts).toBe(1);
  });

  it('catches a first text decided but never sent', () => {
    const { facts, kill } = clean();
    facts.texts = facts.texts.filter((t) => t.to !== A);
    const { failures, summary } = checkKillInvariants(facts, kill);
    expect(failures).toEqual([`1 caller(s) decided "sent" got no first text at the carrier: loc-1|${A}`]);
    expect(summary.missingFirstTexts).toBe(1);
  });

  it('catches a missed call whose first-text decision was lost, or suppressed as stale after the restart', () => {
    const { facts, kill } = clean();
    kill.decisions = kill.decisions.filter((d) => d.callId !== 'call-a');
    facts.texts = facts.texts.filter((t) => t.to !== A);
    expect(checkKillInvariants(facts, kill).failures).toEqual(['1 missed call(s) without a first-text decision: call-a']);
    kill.decisions.push({ callId: 'call-a', locationId: 'loc-1', callerE164: A, outcome: 'suppressed', reason: 'stale' });
    expect(checkKillInvariants(facts, kill).failures).toEqual([`1 first text(s) suppressed as stale: loc-1|${A}`]);
  });

  it('catches a lead lost and a lead doubled (a lead of no missed call, e.g. an on-call ACK, is allowed)', () => {
    const { facts, kill } = clean();
    facts.leads = [{ locationId: 'loc-1', callerE164: B, stage: 'new' }, { locationId: 'loc-1', callerE164: B, stage: 'new' }, { locationId: 'loc-1', callerE164: C, stage: 'new' }];
    const { failures, summary } = checkKillInvariants(facts, kill);
    expect(failures).toEqual([`1 caller(s) with more than one lead: loc-1|${B} x2`, `1 missed caller(s) without a lead: loc-1|${A}`]);
    expect(summary).toMatchObject({ leads: 2, otherLeads: 1, duplicateLeads: 1 });
  });

  it('catches a call the process never decided, or never stored', () => {
    const { facts, kill } = clean();
    kill.calls[2] = { ...kill.calls[2]!, decision: null };
    expect(checkKillInvariants(facts, kill).failures).toEqual(['1 call(s) never got their answered/missed decision: call-c']);
    kill.calls.pop();
    expect(checkKillInvariants(facts, kill).failures).toEqual(['telephony-ingest holds 2 calls, the replay placed 3']);
  });

  it('catches a caller text the carrier gave up on, or one acknowledged but not stored', () => {
    const { facts, kill } = clean();
    kill.callerTexts[0] = { ...kill.callerTexts[0]!, lastStatus: 0, attempts: 12 };
    kill.storedInbound = ['m-2'];
    expect(checkKillInvariants(facts, kill).failures).toEqual([`1 caller text(s) lost: ${A} "need a plumber" (last status 0 after 12 attempt(s), not stored)`]);
    kill.callerTexts[0] = { ...kill.callerTexts[0]!, lastStatus: 200, attempts: 1 };
    expect(checkKillInvariants(facts, kill).failures).toEqual([`1 caller text(s) lost: ${A} "need a plumber" (last status 200 after 1 attempt(s), not stored)`]);
  });

  it('catches a STOP whose opt-out was lost', () => {
    const { facts, kill } = clean();
    facts.optOuts = [];
    const { failures, summary } = checkKillInvariants(facts, kill);
    expect(failures).toEqual([`1 STOP(s) without an opt-out in the consent ledger: ${B} to ${BIZ}`]);
    expect(summary.lostOptOuts).toBe(1);
  });
});
