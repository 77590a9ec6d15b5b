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
});
