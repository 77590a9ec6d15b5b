import { squeezeElongations } from './elongation.util';

describe('squeezeElongations', () => {
  it.each([
    ['heeeelp', 'help'],
    ['pleeease', 'please'],
    ['nooooo', 'no'],
    ['I sssmellll gassss', 'I smell gas'],
    ['FIIIRE in the kitcheeen', 'FIRE in the kitchen'],
    ['tooo late', 'too late'],
    ['flooodinggg', 'flooding'],
  ])('reads %p as %p (the known word, more double letters first)', (text, expected) => {
    expect(squeezeElongations(text)).toBe(expected);
  });

  it('squeezes an unknown stretched word to one letter per run, as the opt-out normaliser does', () => {
    expect(squeezeElongations('aaaargh')).toBe('argh');
  });

  it('leaves text without a run of three equal letters, and words of one repeated letter, unchanged', () => {
    expect(squeezeElongations('Book a cleaning, 3 weeks out')).toBe('Book a cleaning, 3 weeks out');
    expect(squeezeElongations('see www.example.com zzz')).toBe('see www.example.com zzz');
  });

  it('reads a long text word by word: a 100 000-letter word beside a stretched one is returned with only the stretch undone', () => {
    const long = 'ab'.repeat(50_000);
    expect(squeezeElongations(`${long} heeelp`)).toBe(`${long} help`);
  });
});
