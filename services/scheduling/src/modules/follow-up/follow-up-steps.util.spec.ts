import { DateTime } from 'luxon';
import { parseFollowUpSteps, stepDueAt } from './follow-up-steps.util';

describe(parseFollowUpSteps.name, () => {
  it('reads delays and next_morning', () => {
    expect(parseFollowUpSteps('1h, next_morning,3d,45m')).toEqual([
      { kind: 'delay', seconds: 3_600 },
      { kind: 'next_morning' },
      { kind: 'delay', seconds: 259_200 },
      { kind: 'delay', seconds: 2_700 },
    ]);
  });

  it('names a bad step', () => {
    expect(() => parseFollowUpSteps('1h,tomorrow')).toThrow('bad follow-up step "tomorrow"');
  });

  it('puts next_morning on the next local day at the configured time', () => {
    const zone = 'America/Los_Angeles';
    const from = DateTime.fromISO('2026-12-01T23:30', { zone }).toJSDate();
    expect(stepDueAt({ kind: 'next_morning' }, from, zone, '09:00')).toEqual(DateTime.fromISO('2026-12-02T09:00', { zone }).toJSDate());
  });
});
