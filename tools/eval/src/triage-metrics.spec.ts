import { scoreTriage } from './triage-metrics';

describe('scoreTriage', () => {
  it('computes per-intent precision/recall, macro-F1 and emergency rates', () => {
    const s = scoreTriage([
      { gold: { intent: 'book', urgency: 'routine' }, predicted: { intent: 'book', urgency: 'routine' } },
      { gold: { intent: 'book', urgency: 'soon' }, predicted: { intent: 'question', urgency: 'soon' } },
      { gold: { intent: 'question', urgency: 'routine' }, predicted: { intent: 'question', urgency: 'routine' } },
      { gold: { intent: 'emergency', urgency: 'emergency' }, predicted: { intent: 'emergency', urgency: 'emergency' } },
      { gold: { intent: 'emergency', urgency: 'emergency' }, predicted: { intent: 'book', urgency: 'soon' } },
      { gold: { intent: 'question', urgency: 'routine' }, predicted: { intent: 'emergency', urgency: 'emergency' } },
    ]);
    const book = s.perIntent.find((c) => c.label === 'book');
    expect(book).toMatchObject({ support: 2, predicted: 2, truePositives: 1, precision: 0.5, recall: 0.5 });
    const question = s.perIntent.find((c) => c.label === 'question');
    expect(question).toMatchObject({ precision: 0.5, recall: 0.5 });
    expect(s.macroF1).toBeCloseTo(0.5, 5);
    expect(s.emergencyRecall).toBe(0.5);
    expect(s.missedEmergencies).toBe(1);
    expect(s.falseEmergencyRate).toBeCloseTo(1 / 4, 5);
    expect(s.accuracy).toBeCloseTo(3 / 6, 5);
    expect(s.optOutRecall).toBe(1);
  });

  it('counts the safety question as a caught emergency, and as needless on a non-emergency', () => {
    const s = scoreTriage([
      { gold: { intent: 'emergency', urgency: 'emergency' }, predicted: { intent: 'book', urgency: 'soon', asksUrgency: true } },
      { gold: { intent: 'emergency', urgency: 'emergency' }, predicted: { intent: 'emergency', urgency: 'emergency' } },
      { gold: { intent: 'book', urgency: 'routine' }, predicted: { intent: 'book', urgency: 'routine', asksUrgency: true } },
      { gold: { intent: 'book', urgency: 'routine' }, predicted: { intent: 'book', urgency: 'routine', asksUrgency: false } },
    ]);
    expect(s).toMatchObject({ emergencyRecall: 1, missedEmergencies: 0, pagedEmergencyRecall: 0.5, falseEmergencyRate: 0, urgencyQuestions: 1, urgencyQuestionRate: 0.5 });
  });

  it('computes opt-out recall', () => {
    const s = scoreTriage([
      { gold: { intent: 'opt_out', urgency: 'none' }, predicted: { intent: 'opt_out', urgency: 'none' } },
      { gold: { intent: 'opt_out', urgency: 'none' }, predicted: { intent: 'other', urgency: 'none' } },
    ]);
    expect(s).toMatchObject({ optOuts: 2, missedOptOuts: 1, optOutRecall: 0.5 });
  });

  it('reports full emergency recall when there are no emergencies', () => {
    expect(scoreTriage([{ gold: { intent: 'book', urgency: 'routine' }, predicted: { intent: 'book', urgency: 'routine' } }]).emergencyRecall).toBe(1);
  });
});
