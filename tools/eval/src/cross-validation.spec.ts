import { crossValidate, evaluateInSample, type TriageSystem } from './cross-validation';
import { type LabelledRow } from './labelled-row';

const row = (id: string, text: string, intent: string, sourceRepo: string): LabelledRow => ({
  id,
  text,
  intent,
  urgency: intent === 'emergency' ? 'emergency' : 'routine',
  sourceRepo,
  sourceUrl: null,
  license: null,
  domain: 'auto_repair',
  usable: true,
});

const rows = [
  row('a:1', 'book me in', 'book', 'A'),
  row('a:2', 'what time', 'question', 'A'),
  row('b:1', 'book a slot', 'book', 'B'),
  row('c:1', 'what price', 'question', 'C'),
];

/** A "model" that predicts, for any text, the intent of the first training row sharing a word with it (else "other"). */
const nearestWord: TriageSystem = {
  kind: 'trained',
  name: 'nearest word',
  refits: 'the word table',
  fit: (training, heldOut) => {
    const seen = training.map((r) => r.id);
    return Promise.resolve({
      note: `trained on ${seen.join(',')} without ${heldOut.fold}`,
      predict: (held) =>
        Promise.resolve(
          held.map((h) => {
            if (training.some((t) => t.id === h.id)) throw new Error(`fold leak: ${h.id}`);
            const words = new Set(h.text.split(' '));
            const hit = training.find((t) => t.text.split(' ').some((w) => words.has(w)));
            return { intent: hit?.intent ?? 'other', urgency: 'routine' };
          }),
        ),
    });
  },
};

describe('crossValidate', () => {
  it('refits a trained system without each held-out fold and pools the held-out predictions', async () => {
    const r = await crossValidate(rows, 'source', (x) => x.sourceRepo ?? '', nearestWord);
    expect(r.folds.map((f) => [f.fold, f.rows])).toEqual([
      ['A', 2],
      ['B', 1],
      ['C', 1],
    ]);
    expect(r.folds[0]?.note).toBe('trained on b:1,c:1 without A');
    // Held out A: "book me in" shares "book" with b:1 -> book; "what time" shares "what" with c:1 -> question.
    expect(r.predictions.get('a:1')?.intent).toBe('book');
    expect(r.predictions.get('a:2')?.intent).toBe('question');
    // Held out B: "book a slot" shares "book" with a:1. Held out C: "what price" shares "what" with a:2.
    expect(r.pooled.accuracy).toBe(1);
    expect(r.pooled.total).toBe(4);
  });

  it('scores a fixed system per fold from one set of predictions', async () => {
    let calls = 0;
    const fixed: TriageSystem = {
      kind: 'fixed',
      name: 'always book',
      predict: (held) => {
        calls++;
        return Promise.resolve(held.map(() => ({ intent: 'book', urgency: 'routine' })));
      },
    };
    const inSample = await evaluateInSample(rows, fixed);
    const r = await crossValidate(rows, 'source', (x) => x.sourceRepo ?? '', fixed, inSample.predictions);
    expect(calls).toBe(1);
    expect(r.folds.find((f) => f.fold === 'B')?.scores.macroF1).toBe(1);
    expect(r.folds.find((f) => f.fold === 'C')?.scores.macroF1).toBe(0);
    expect(r.pooled.macroF1).toBeCloseTo(inSample.scores.macroF1, 10);
  });
});
