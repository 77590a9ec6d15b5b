import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recognizeConsentReply, type LabelledConsentReply } from '@textback/opt-out';

/**
 * Every opt-out of the table must survive the disguises FCC 24-24's reasonable reader sees through: case, spacing,
 * punctuation, repetition, emoji, zero-width characters and look-alike letters (UTS #39 confusables).
 */
const optOuts = readFileSync(join(__dirname, 'opt-out-table.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as LabelledConsentReply & { category: string; knownVerdict?: string })
  // Rows with a known disagreement (sent to review as written) are checked as written in opt-out-table.spec.ts.
  .filter((r) => r.expected === 'opt_out' && r.category !== 'adversarial' && r.knownVerdict === undefined);

/** Latin letters and a Cyrillic or Greek look-alike each (confusables.txt). */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  a: 'а', c: 'с', e: 'е', o: 'о', p: 'р', x: 'х', y: 'у', i: 'і', s: 'ѕ', A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н',
  K: 'К', M: 'М', O: 'Ο', P: 'Р', T: 'Т', X: 'Χ', S: 'Ѕ', N: 'Ν', I: 'І',
};

const DISGUISES: ReadonlyArray<readonly [string, (s: string) => string]> = [
  ['upper case', (s) => s.toUpperCase()],
  ['lower case', (s) => s.toLowerCase()],
  ['zero-width space between letters', (s) => [...s].join('\u200b')],
  ['word joiner and BOM', (s) => `\ufeff${s.replace(/ /g, ' \u2060')}`],
  ['homoglyphs', (s) => [...s].map((c) => HOMOGLYPHS[c] ?? c).join('')],
  ['fullwidth', (s) => s.replace(/[!-~]/g, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0))],
  ['trailing punctuation and emoji', (s) => `${s}!!! 😡`],
  ['leading emoji', (s) => `🙄 ${s}`],
  ['double spaces', (s) => s.replace(/ /g, '  ')],
  ['said twice', (s) => `${s} ${s}`],
];

describe('opt-outs under disguise', () => {
  it.each(DISGUISES)('every opt-out row stays an opt-out: %s', (_name, disguise) => {
    const missed = optOuts
      .map((r) => ({ text: disguise(r.text), verdict: recognizeConsentReply(disguise(r.text)) }))
      .filter((x) => x.verdict.kind !== 'opt_out')
      .map((x) => `${x.verdict.kind} ${x.verdict.rule}: ${JSON.stringify(x.text)}`);
    expect(missed).toEqual([]);
  });
});
