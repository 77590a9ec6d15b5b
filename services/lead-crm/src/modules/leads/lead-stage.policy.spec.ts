import { advanceStage } from './lead-stage.policy';

describe(advanceStage.name, () => {
  it('moves forward only', () => {
    expect(advanceStage('new', 'engaged')).toBe('engaged');
    expect(advanceStage('engaged', 'booked')).toBe('booked');
    expect(advanceStage('qualified', 'engaged')).toBe('qualified');
    expect(advanceStage('booked', 'qualified')).toBe('booked');
    expect(advanceStage('engaged', 'engaged')).toBe('engaged');
  });

  it('never reopens a won or lost lead', () => {
    expect(advanceStage('won', 'booked')).toBe('won');
    expect(advanceStage('lost', 'engaged')).toBe('lost');
  });
});
