import { joinMedspeechLabels, parseCsv } from './heldout-medspeech';

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

describe('joinMedspeechLabels', () => {
  const csv = 'file_name,phrase,prompt\nf1.wav,"I can hardly breathe ",Hard to breath\nf2.wav,My knee hurts,Knee pain\nf1.wav,a later duplicate,Hard to breath\n';
  const label = (id: string, intent: string) => JSON.stringify({ source_record_id: `file_name=${id}`, domain: 'doctor_clinic', label: { intent, urgency: 'routine' } });

  it('puts each label with the first phrase of its file name, text first, in label order', () => {
    const out = joinMedspeechLabels([label('f2.wav', 'book'), '', label('f1.wav', 'emergency')], csv).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => o.text)).toEqual(['My knee hurts', 'I can hardly breathe']);
    expect(Object.keys(out[0] ?? {})[0]).toBe('text');
    expect(out[1]).toMatchObject({ domain: 'doctor_clinic', label: { intent: 'emergency' } });
  });

  it('names the label line whose file is not in the CSV, and requires the columns', () => {
    expect(() => joinMedspeechLabels([label('f1.wav', 'book'), label('nope.wav', 'book')], csv)).toThrow('labels line 2: nope.wav is not in the CSV');
    expect(() => joinMedspeechLabels([], 'name,text\n')).toThrow('columns file_name and phrase');
  });
});
