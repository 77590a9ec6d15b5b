import { crossValidate, evaluateFreshHeldOut, evaluateInSample, scoreGroups, type TriageSystem } from './cross-validation';
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

describe('evaluateFreshHeldOut', () => {
  const fresh = [row('h:1', 'book it', 'book', 'H'), row('h:2', 'what hours', 'question', 'H'), row('h:3', 'help', 'emergency', 'H')];

  it('fits a trained system on every development row and predicts the held-out rows it never saw', async () => {
    const r = await evaluateFreshHeldOut(rows, fresh, nearestWord);
    expect(r.note).toBe('trained on a:1,a:2,b:1,c:1 without fresh-heldout');
    expect(r.predictions.map((p) => p.intent)).toEqual(['book', 'question', 'other']);
    expect(r.scores).toMatchObject({ total: 3, emergencies: 1, missedEmergencies: 1, emergencyRecall: 0 });
  });

  it('scores a fixed system on the held-out rows with the same metrics, counting the safety question as caught', async () => {
    const fixed: TriageSystem = {
      kind: 'fixed',
      name: 'asks on help',
      predict: (held) => Promise.resolve(held.map((h) => ({ intent: h.text === 'help' ? 'other' : 'book', urgency: 'routine', asksUrgency: h.text === 'help' }))),
    };
    const r = await evaluateFreshHeldOut(rows, fresh, fixed);
    expect(r.scores).toMatchObject({ total: 3, emergencyRecall: 1, pagedEmergencyRecall: 0, falseEmergencyRate: 0 });
    expect(r.scores.perIntent.find((c) => c.label === 'book')).toMatchObject({ support: 1, predicted: 2, truePositives: 1 });
  });
});

describe('scoreGroups', () => {
  it('scores each group of rows from predictions in row order, largest group first', () => {
    const predictions = [
      { intent: 'book', urgency: 'routine' },
      { intent: 'book', urgency: 'routine' },
      { intent: 'book', urgency: 'routine' },
      { intent: 'question', urgency: 'routine' },
    ];
    const groups = scoreGroups(rows, predictions, (r) => r.sourceRepo ?? '');
    expect(groups.map((g) => [g.group, g.rows, g.scores.accuracy])).toEqual([
      ['A', 2, 0.5],
      ['B', 1, 1],
      ['C', 1, 1],
    ]);
  });

  it('fails on a missing prediction', () => {
    expect(() => scoreGroups(rows, [], () => 'all')).toThrow('no prediction for a:1');
  });
});
