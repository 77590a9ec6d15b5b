import { foldConsentText, MAX_RECOGNISED_CHARS, normalizeConsentText } from './text-normalizer.util';

describe('normalizeConsentText', () => {
  const words = (s: string) => normalizeConsentText(s).words.join(' ');

  it.each([
    ['ＳＴＯＰ', 'stop'], // fullwidth (NFKC)
    ['𝐒𝐓𝐎𝐏', 'stop'], // mathematical bold (NFKC)
    ['Ⓢⓣⓞⓟ', 'stop'], // circled letters (NFKC)
    ['ˢᵗᵒᵖ', 'stop'], // modifier letters (NFKC)
    ['ЅТОР', 'stop'], // Cyrillic capitals (UTS #39)
    ['sтοp', 'stop'], // Cyrillic te, Greek omicron
    ['SΤΟΡ', 'stop'], // Greek Tau, Omicron, Rho
    ['unsubsсribе', 'unsubscribe'], // Cyrillic es, ie
  ])('maps look-alikes: %j -> %j', (input, expected) => {
    expect(words(input)).toBe(expected);
  });

  it.each([
    ['S\u200bT\u200bO\u200bP', 'stop'],
    ['\ufeffSTOP', 'stop'],
    ['ST\u2060OP', 'stop'],
    ['S\u200dTO\u200cP', 'stop'],
    ['ST\u00adOP', 'stop'],
    ['S\u200eTOP\u200f', 'stop'], // bidi marks
  ])('drops invisible format characters: %j', (input, expected) => {
    expect(words(input)).toBe(expected);
  });

  it.each([
    ['arrêt', 'arret'],
    ['envíes más', 'envies mas'],
    ['désabonner', 'desabonner'],
    ['s̶t̶o̶p̶', 'stop'], // combining strike-through
  ])('removes diacritics and combining marks: %j', (input, expected) => {
    expect(words(input)).toBe(expected);
  });

  it.each([
    ['s t o p', 'stop'],
    ['S.T.O.P', 'stop'],
    ['S-T-O-P', 'stop'],
    ['stoooop', 'stop'],
    ['st0p', 'stop'],
    ['$TOP', 'stop'],
    ['STOP STOP STOP', 'stop'],
    ['🛑 stop 😡', 'stop'],
  ])('undoes spacing, repetition and leetspeak: %j', (input, expected) => {
    expect(words(input)).toBe(expected);
  });

  it('contracts English negations and splits French elisions', () => {
    expect(words("Don't text me")).toBe('dont text me');
    expect(words('do not text me')).toBe('dont text me');
    expect(words('I will not stop')).toBe('i wont stop');
    expect(words("ne m'envoyez plus")).toBe('ne m envoyez plus');
    expect(words('don’t')).toBe('dont'); // typographic apostrophe
  });

  it('splits clauses at sentence punctuation', () => {
    expect(normalizeConsentText('Wrong number, stop! Who is this?').clauses).toEqual([
      ['wrong', 'number'],
      ['stop'],
      ['who', 'is', 'this'],
    ]);
  });

  it('notes a stop-sign emoji and keeps no words for it', () => {
    expect(normalizeConsentText('🛑')).toEqual({ clauses: [], words: [], hasStopSign: true });
    expect(normalizeConsentText('⛔').hasStopSign).toBe(true);
  });

  it('never throws on odd input and reads at most MAX_RECOGNISED_CHARS characters', () => {
    expect(normalizeConsentText('').words).toEqual([]);
    expect(normalizeConsentText('\u0000\ud800\udfff\u0007').words).toEqual([]);
    const long = `${'a '.repeat(MAX_RECOGNISED_CHARS)}stop`;
    expect(foldConsentText(long).folded).not.toContain('stop');
  });
});
