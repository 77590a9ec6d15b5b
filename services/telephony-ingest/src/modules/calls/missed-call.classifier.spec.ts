import { type CallContext, type CallFact } from './call-facts.types';
import { classifyCall, MIN_VOICEMAIL_SECONDS, reasonOfCause, secondsBetween } from './missed-call.classifier';

const T0 = '2026-11-30T15:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
const forward: CallContext = { provider: 'bandwidth', route: 'forward', startedAt: T0, minRingSeconds: 3 };
const afterHours: CallContext = { ...forward, route: 'after_hours' };
const started: CallFact = { kind: 'call_started', at: T0 };

describe('classifyCall', () => {
  it('is undecided while the call only rang', () => {
    expect(classifyCall(forward, [started])).toEqual({ decided: false });
    expect(classifyCall(forward, [started, { kind: 'informational', at: at(2), note: 'x' }])).toEqual({ decided: false });
    expect(classifyCall(afterHours, [started])).toEqual({ decided: false });
  });

  it('answered: the location picked up after 7 s', () => {
    const v = classifyCall(forward, [started, { kind: 'forward_answered', at: at(7) }]);
    expect(v).toMatchObject({ decided: true, outcome: 'answered', ringSeconds: 7, answeredAt: at(7) });
  });

  it('answered and talked: later hang-ups do not turn it into a missed call', () => {
    const v = classifyCall(forward, [
      started,
      { kind: 'forward_answered', at: at(5) },
      { kind: 'forward_ended', at: at(65), cause: 'hangup', providerCause: 'hangup' },
      { kind: 'caller_hung_up', at: at(65), cause: 'hangup', providerCause: 'hangup' },
    ]);
    expect(v).toMatchObject({ decided: true, outcome: 'answered', ringSeconds: 5 });
  });

  it('answered when the forward ended normally and Twilio reports the talk time', () => {
    const v = classifyCall(forward, [started, { kind: 'forward_ended', at: at(50), cause: 'hangup', providerCause: 'completed', talkSeconds: 42 }]);
    expect(v).toMatchObject({ decided: true, outcome: 'answered', ringSeconds: 8, answeredAt: at(8) });
  });

  it('no_answer: rang until the ring timeout', () => {
    const v = classifyCall(forward, [started, { kind: 'forward_ended', at: at(25), cause: 'timeout', providerCause: 'timeout' }]);
    expect(v).toMatchObject({ decided: true, outcome: 'missed', reason: 'no_answer', ringSeconds: 25, endedAt: at(25), providerCause: 'timeout' });
    expect(v.decided && v.explanation).toContain('ring timeout');
  });

  it('no_answer when the carrier cancelled the forward before it was answered', () => {
    expect(classifyCall(forward, [started, { kind: 'forward_ended', at: at(30), cause: 'cancel', providerCause: 'cancel' }])).toMatchObject({ outcome: 'missed', reason: 'no_answer' });
  });

  it('busy', () => {
    expect(classifyCall(forward, [started, { kind: 'forward_ended', at: at(1), cause: 'busy', providerCause: 'busy' }])).toMatchObject({ outcome: 'missed', reason: 'busy', ringSeconds: 1, providerCause: 'busy' });
  });

  it('rejected', () => {
    expect(classifyCall(forward, [started, { kind: 'forward_ended', at: at(3), cause: 'rejected', providerCause: 'rejected' }])).toMatchObject({ outcome: 'missed', reason: 'rejected' });
  });

  it('caller_abandoned: the caller hung up after 4 s of ringing (Bandwidth sends no transferComplete then)', () => {
    const v = classifyCall(forward, [
      started,
      { kind: 'caller_hung_up', at: at(4), cause: 'hangup', providerCause: 'hangup' },
      { kind: 'informational', at: at(4), note: 'forwarded leg ended (cause cancel)' },
    ]);
    expect(v).toMatchObject({ decided: true, outcome: 'missed', reason: 'caller_abandoned', ringSeconds: 4, endedAt: at(4) });
  });

  it('short_abandon: the caller hung up after 1 s, before the minimum ring time', () => {
    const v = classifyCall(forward, [started, { kind: 'caller_hung_up', at: at(1), cause: 'hangup', providerCause: 'hangup' }]);
    expect(v).toMatchObject({ outcome: 'missed', reason: 'short_abandon', ringSeconds: 1 });
    expect(v.decided && v.explanation).toContain('minimum of 3s');
  });

  it('the minimum ring time is inclusive: exactly 3 s is caller_abandoned', () => {
    expect(classifyCall(forward, [started, { kind: 'caller_hung_up', at: at(3), cause: 'cancel', providerCause: 'canceled' }])).toMatchObject({ reason: 'caller_abandoned', ringSeconds: 3 });
  });

  it('after_hours: the caller hung up without a voicemail', () => {
    const v = classifyCall(afterHours, [started, { kind: 'caller_hung_up', at: at(12), cause: 'hangup', providerCause: 'hangup' }]);
    expect(v).toMatchObject({ outcome: 'missed', reason: 'after_hours', ringSeconds: 0, endedAt: at(12) });
  });

  it('after hours with an error cause is still after_hours (the location was closed)', () => {
    expect(classifyCall(afterHours, [started, { kind: 'caller_hung_up', at: at(2), cause: 'error', providerCause: 'callback-error' }])).toMatchObject({ reason: 'after_hours' });
  });

  it('voicemail_left after hours', () => {
    const v = classifyCall(afterHours, [started, { kind: 'voicemail_recorded', at: at(40), recordingId: 'r-1', durationSeconds: 20 }, { kind: 'caller_hung_up', at: at(41), cause: 'hangup', providerCause: 'hangup' }]);
    expect(v).toMatchObject({ outcome: 'missed', reason: 'voicemail_left', ringSeconds: 0, endedAt: at(40) });
  });

  it('a recording shorter than the minimum is a hang-up at the beep, not a voicemail', () => {
    const tiny: CallFact = { kind: 'voicemail_recorded', at: at(10), recordingId: 'r-2', durationSeconds: MIN_VOICEMAIL_SECONDS / 2 };
    expect(classifyCall(afterHours, [started, tiny])).toEqual({ decided: false });
    expect(classifyCall(afterHours, [started, tiny, { kind: 'caller_hung_up', at: at(11), cause: 'hangup', providerCause: 'hangup' }])).toMatchObject({ reason: 'after_hours' });
  });

  it('a voicemail after a no-answer keeps the first decision (no_answer): the first decisive fact wins', () => {
    const v = classifyCall(forward, [
      started,
      { kind: 'forward_ended', at: at(25), cause: 'timeout', providerCause: 'timeout' },
      { kind: 'voicemail_recorded', at: at(60), recordingId: 'r-3', durationSeconds: 30 },
    ]);
    expect(v).toMatchObject({ reason: 'no_answer' });
  });

  it('voicemail_left when a voicemail is the first decisive fact of a forwarded call', () => {
    expect(classifyCall(forward, [started, { kind: 'voicemail_recorded', at: at(60), recordingId: 'r-4', durationSeconds: 30 }])).toMatchObject({ reason: 'voicemail_left', ringSeconds: 60 });
  });

  it('provider_error for a carrier error cause on the forward or on the caller leg', () => {
    expect(classifyCall(forward, [started, { kind: 'forward_ended', at: at(2), cause: 'error', providerCause: 'account-limit' }])).toMatchObject({ reason: 'provider_error', providerCause: 'account-limit' });
    const v = classifyCall(forward, [started, { kind: 'caller_hung_up', at: at(2), cause: 'error', providerCause: 'invalid-bxml' }]);
    expect(v).toMatchObject({ reason: 'provider_error', providerCause: 'invalid-bxml' });
    expect(v.decided && v.outcome === 'missed' && v.unrecognizedCause).toBeFalsy();
  });

  it('provider_error flagged as unrecognized for a cause it does not know, never a throw', () => {
    const v = classifyCall(forward, [started, { kind: 'forward_ended', at: at(9), cause: 'unrecognized', providerCause: 'quantum-tunnelling' }]);
    expect(v).toMatchObject({ outcome: 'missed', reason: 'provider_error', unrecognizedCause: true, providerCause: 'quantum-tunnelling' });
    expect(v.decided && v.explanation).toContain('quantum-tunnelling');
  });

  it('busy/rejected/timeout reported on the caller leg map like the forward causes', () => {
    expect(classifyCall(forward, [started, { kind: 'caller_hung_up', at: at(5), cause: 'busy', providerCause: 'busy' }])).toMatchObject({ reason: 'busy' });
    expect(classifyCall(forward, [started, { kind: 'caller_hung_up', at: at(5), cause: 'timeout', providerCause: 'timeout' }])).toMatchObject({ reason: 'no_answer' });
  });

  it('is deterministic and ignores facts after the decision (duplicates change nothing)', () => {
    const facts: CallFact[] = [started, { kind: 'forward_ended', at: at(1), cause: 'busy', providerCause: 'busy' }];
    const once = classifyCall(forward, facts);
    expect(classifyCall(forward, [...facts, ...facts, { kind: 'forward_answered', at: at(9) }])).toEqual(once);
  });

  it('never reports negative ring seconds when carrier clocks disagree', () => {
    expect(classifyCall(forward, [started, { kind: 'caller_hung_up', at: at(-2), cause: 'hangup', providerCause: 'hangup' }])).toMatchObject({ reason: 'short_abandon', ringSeconds: 0 });
    expect(secondsBetween(at(0), at(1.26))).toBe(1.3);
  });

  it('maps every non-hangup cause to a reason', () => {
    expect(['timeout', 'cancel', 'busy', 'rejected', 'error', 'unrecognized'].map((c) => reasonOfCause(c as Parameters<typeof reasonOfCause>[0]))).toEqual([
      'no_answer',
      'no_answer',
      'busy',
      'rejected',
      'provider_error',
      'provider_error',
    ]);
  });

  describe('answer confirmation', () => {
    const confirming: CallContext = { ...forward, answerConfirmation: true };
    const pickedUp: CallFact = { kind: 'forward_answered', at: at(6) };

    it('a pick-up alone decides nothing', () => {
      expect(classifyCall(confirming, [started, pickedUp])).toEqual({ decided: false });
    });

    it('the accepting key → answered, ring seconds until the pick-up', () => {
      const v = classifyCall(confirming, [started, pickedUp, { kind: 'forward_accepted', at: at(9), digits: '1' }, { kind: 'forward_ended', at: at(60), cause: 'hangup', providerCause: 'hangup' }]);
      expect(v).toMatchObject({ decided: true, outcome: 'answered', ringSeconds: 6, answeredAt: at(9) });
    });

    it('no key (a voicemail box) → machine_or_unaccepted; a later normal end changes nothing', () => {
      const v = classifyCall(confirming, [started, pickedUp, { kind: 'forward_unaccepted', at: at(12), digits: '' }, { kind: 'forward_ended', at: at(12), cause: 'hangup', providerCause: 'hangup' }]);
      expect(v).toMatchObject({ decided: true, outcome: 'missed', reason: 'machine_or_unaccepted', ringSeconds: 6, endedAt: at(12) });
      expect(v.decided && v.explanation).toContain('nobody pressed a key');
    });

    it('another key → machine_or_unaccepted, naming the key', () => {
      const v = classifyCall(confirming, [started, pickedUp, { kind: 'forward_unaccepted', at: at(9), digits: '7' }]);
      expect(v).toMatchObject({ decided: true, reason: 'machine_or_unaccepted' });
      expect(v.decided && v.explanation).toContain('(7)');
    });

    it('the forwarded leg ending normally before any key (the machine hung up) → machine_or_unaccepted, not answered', () => {
      const v = classifyCall(confirming, [started, pickedUp, { kind: 'forward_ended', at: at(30), cause: 'hangup', providerCause: 'completed' }]);
      expect(v).toMatchObject({ decided: true, outcome: 'missed', reason: 'machine_or_unaccepted', ringSeconds: 6, providerCause: 'completed' });
    });

    it('still no_answer / caller_abandoned when nobody picked up', () => {
      expect(classifyCall(confirming, [started, { kind: 'forward_ended', at: at(18), cause: 'timeout', providerCause: 'timeout' }])).toMatchObject({ reason: 'no_answer' });
      expect(classifyCall(confirming, [started, pickedUp, { kind: 'caller_hung_up', at: at(8), cause: 'hangup', providerCause: 'hangup' }])).toMatchObject({ reason: 'caller_abandoned' });
    });

    it('without confirmation a pick-up is still an answer', () => {
      expect(classifyCall(forward, [started, pickedUp])).toMatchObject({ outcome: 'answered' });
    });
  });
});
