import { parseLabelledRow } from './labelled-row';

describe('parseLabelledRow', () => {
  it('reads text, source, domain and label, defaulting usable to true', () => {
    const r = parseLabelledRow(
      JSON.stringify({ text: 'hi', source_repo: null, source_url: 'https://x.org/a', license: 'MIT', domain: 'hvac', label: { intent: 'other', urgency: 'none' } }),
      'dev.jsonl:3',
    );
    expect(r).toEqual({ id: 'dev.jsonl:3', text: 'hi', sourceRepo: null, sourceUrl: 'https://x.org/a', license: 'MIT', domain: 'hvac', intent: 'other', urgency: 'none', usable: true });
  });

  it('names the row of bad input', () => {
    expect(() => parseLabelledRow('{', 'f:1')).toThrow(/^f:1: not JSON/);
    expect(() => parseLabelledRow('{"text":"x","label":{"intent":"book"}}', 'f:2')).toThrow('f:2: missing label.intent or label.urgency');
  });
});
