import { type LocationConfig } from '@textback/contracts';
import { type NumberOwner } from '@textback/platform';
import { answerFromMemory } from './memory-answer.policy';

const allDay = [{ open: '00:00', close: '24:00' }];
const config = (open: boolean) =>
  ({
    locationId: 'loc-1',
    tenantId: 'ten-1',
    businessName: 'Acme Plumbing',
    timeZone: 'Etc/UTC',
    businessHours: open ? { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } : {},
    holidays: [],
    forwardToE164: '+19195550199',
    ringTimeoutSeconds: 18,
    templates: {},
  }) as unknown as LocationConfig;
const owner = (open: boolean, purpose: NumberOwner['purpose'] = 'main_line'): NumberOwner => ({ config: config(open), purpose });
const initiate = { reply: 'route' as const, start: { from: '+19195550123', to: '+19195550100', startedAt: '2026-12-04T09:00:00.000Z' }, facts: [] };

describe('answerFromMemory', () => {
  it('forwards a first webhook to the location line in business hours, with its ring timeout', () => {
    expect(answerFromMemory(initiate, owner(true))).toEqual({ kind: 'forward', toE164: '+19195550199', ringTimeoutSeconds: 18 });
  });

  it('forwards with the answer-confirmation whisper when the location asks for it, as a persisted answer does', () => {
    const confirming: NumberOwner = { config: { ...config(true), answerConfirmation: true }, purpose: 'main_line' };
    expect(answerFromMemory(initiate, confirming)).toEqual({ kind: 'forward', toE164: '+19195550199', ringTimeoutSeconds: 18, answerConfirmation: true });
  });

  it('takes the after-hours voicemail outside business hours, naming the business', () => {
    const answer = answerFromMemory(initiate, owner(false));
    expect(answer).toMatchObject({ kind: 'voicemail', maxSeconds: 120 });
    expect(answer.kind === 'voicemail' && answer.greeting).toContain('Acme Plumbing');
  });

  it('hangs up a first webhook whose number no location owns, or only sends from', () => {
    expect(answerFromMemory(initiate, null)).toEqual({ kind: 'hangup' });
    expect(answerFromMemory(initiate, owner(true, 'sending'))).toEqual({ kind: 'hangup' });
  });

  it('after the forward: voicemail when the line did not answer (timeout, busy), hang up after a normal end', () => {
    const ended = (cause: 'timeout' | 'busy' | 'hangup') => ({ reply: 'continue' as const, facts: [{ kind: 'forward_ended' as const, at: '2026-12-04T09:00:20.000Z', cause, providerCause: cause }] });
    expect(answerFromMemory(ended('timeout'), owner(true))).toMatchObject({ kind: 'voicemail' });
    expect(answerFromMemory(ended('busy'), null)).toMatchObject({ kind: 'voicemail', greeting: expect.stringContaining('the business') });
    expect(answerFromMemory(ended('hangup'), owner(true))).toEqual({ kind: 'hangup' });
  });

  it('keeps the neutral answers of the other callbacks', () => {
    expect(answerFromMemory({ reply: 'none', facts: [] }, null)).toEqual({ kind: 'none' });
    expect(answerFromMemory({ reply: 'bridge', facts: [] }, null)).toEqual({ kind: 'bridge' });
    expect(answerFromMemory({ reply: 'hangup', facts: [] }, null)).toEqual({ kind: 'hangup' });
  });

  describe("the forwarded leg's pick-up (no call record in memory)", () => {
    const answered = { kind: 'forward_answered' as const, at: '2026-12-04T09:00:05.000Z' };
    const transferAnswer = { provider: 'bandwidth' as const, eventType: 'transferAnswer', reply: 'bridge' as const, facts: [answered] };
    const whisper = { provider: 'twilio' as const, eventType: 'whisper', reply: 'bridge' as const, facts: [answered] };
    const confirming = (businessName: string, prompt?: string) =>
      ({ ...config(true), businessName, answerConfirmation: true, templates: prompt ? { 'voice.answer_confirmation_prompt': prompt } : {} }) as LocationConfig;

    it("plays the location's own confirmation prompt when the line's location asks for confirmation (Bandwidth transferAnswer)", () => {
      expect(answerFromMemory(transferAnswer, null, [confirming('Acme Plumbing', 'Call for {{businessName}}: press 1')])).toEqual({
        kind: 'confirm_answer',
        prompt: 'Call for Acme Plumbing: press 1',
        timeoutSeconds: 5,
        acceptDigit: '1',
      });
    });

    it('bridges a pick-up on a line whose locations do not ask for confirmation, or on an unknown line', () => {
      expect(answerFromMemory(transferAnswer, null, [config(true)])).toEqual({ kind: 'bridge' });
      expect(answerFromMemory(transferAnswer, null, [])).toEqual({ kind: 'bridge' });
    });

    it('always prompts on a Twilio whisper (requested only for a forward with confirmation), with the default prompt when the line is unknown', () => {
      expect(answerFromMemory(whisper, null, [])).toEqual({ kind: 'confirm_answer', prompt: 'Missed-call text-back: press 1 to take this call.', timeoutSeconds: 5, acceptDigit: '1' });
    });

    it('errs toward confirmation when locations sharing the line disagree, naming the one that asks', () => {
      const answer = answerFromMemory(transferAnswer, null, [config(true), confirming('Beta Drains', '{{businessName}} call, press 1')]);
      expect(answer).toMatchObject({ kind: 'confirm_answer', prompt: 'Beta Drains call, press 1' });
      const two = answerFromMemory(transferAnswer, null, [confirming('Acme', '{{businessName}}: press 1'), confirming('Beta', '{{businessName}}: press 1')]);
      expect(two).toMatchObject({ kind: 'confirm_answer', prompt: 'Missed-call text-back: press 1 to take this call.' });
    });

    it('bridges an accepted key (a gather with digit 1), which has no pick-up fact', () => {
      expect(answerFromMemory({ provider: 'bandwidth', eventType: 'gather', reply: 'bridge', facts: [{ kind: 'forward_accepted', at: '2026-12-04T09:00:07.000Z', digits: '1' }] }, null, [confirming('Acme')])).toEqual({ kind: 'bridge' });
    });
  });
});
