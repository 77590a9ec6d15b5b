import { joinLabelsWithCsv, parseCsv } from './heldout-external';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF records', () => {
    expect(parseCsv('a,b,c\r\n1,"x, ""y""",3\n2,"two\nlines",\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"', '3'],
      ['2', 'two\nlines', ''],
    ]);
  });

  it('keeps a last record without a line break and rejects an unclosed quote', () => {
    expect(parseCsv('a\n1')).toEqual([['a'], ['1']]);
    expect(() => parseCsv('a\n"1')).toThrow('not closed');
  });
});

describe('joinLabelsWithCsv', () => {
  const csv = 'file_name,phrase,prompt\nf1.wav,"I can hardly breathe ",Hard to breath\nf2.wav,My knee hurts,Knee pain\nf1.wav,a later duplicate,Hard to breath\n';
  const byFile = { textColumn: 'phrase', key: { column: 'file_name' } };
  const label = (id: string, intent: string) => JSON.stringify({ source_record_id: id, domain: 'doctor_clinic', label: { intent, urgency: 'routine' } });

  it('puts each label with the first text of its key, text first, in label order', () => {
    const out = joinLabelsWithCsv([label('file_name=f2.wav', 'book'), '', label('file_name=f1.wav', 'emergency')], csv, byFile).map(
      (l) => JSON.parse(l) as Record<string, unknown>,
    );
    expect(out.map((o) => o.text)).toEqual(['My knee hurts', 'I can hardly breathe']);
    expect(Object.keys(out[0] ?? {})[0]).toBe('text');
    expect(out[1]).toMatchObject({ domain: 'doctor_clinic', label: { intent: 'emergency' } });
  });

  it('keys by data record number when asked (header excluded, 1-based)', () => {
    const out = joinLabelsWithCsv([label('row=3', 'spam'), label('row=1', 'spam')], 'LABEL,TEXT\nspam,first\nham,"second, quoted"\nSmishing,third\n', {
      textColumn: 'TEXT',
      key: 'row',
    });
    expect(out.map((l) => (JSON.parse(l) as { text: string }).text)).toEqual(['third', 'first']);
  });

  it('names the label line whose id is not in the CSV, and requires the columns', () => {
    expect(() => joinLabelsWithCsv([label('file_name=f1.wav', 'book'), label('file_name=nope.wav', 'book')], csv, byFile)).toThrow(
      'labels line 2: nope.wav is not in the CSV',
    );
    expect(() => joinLabelsWithCsv([], 'name,text\n', byFile)).toThrow('columns file_name and phrase are required');
    expect(() => joinLabelsWithCsv([], 'name,text\n', { textColumn: 'TEXT', key: 'row' })).toThrow('columns TEXT are required');
  });
});
