import { INTENT_CORPORA, trainCorpusIntentModel } from './intent-corpus';
import { intentFeatures, trainIntentModel } from './intent-model.util';
import { stemEnglish } from './text-normalizer.util';

describe('intent model', () => {
  it('uses Snowball stems and stem bigrams as features', () => {
    expect(stemEnglish('cancelling')).toBe('cancel');
    expect(stemEnglish('reservations')).toBe('reserv');
    expect(intentFeatures('cancelling my reservations')).toEqual(['cancel', 'my', 'reserv', 'cancel_my', 'my_reserv']);
  });

  it('learns from examples, generalises over word forms and says nothing about unseen words', () => {
    const model = trainIntentModel(
      [
        { text: 'cancel my reservation', intent: 'cancel' },
        { text: 'please cancel the booking', intent: 'cancel' },
        { text: 'book a table for two', intent: 'book' },
        { text: 'i want to book a visit', intent: 'book' },
      ],
      'toy',
    );
    expect(model.predict('cancelled reservations')?.intent).toBe('cancel');
    expect(model.predict('booking a visit')?.intent).toBe('book');
    expect(model.predict('zzz qqq')).toBeNull();
    const p = model.predict('cancel')?.probability ?? 0;
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThanOrEqual(1);
  });

  it('refuses to train on nothing', () => {
    expect(() => trainIntentModel([], 'empty')).toThrow('no examples');
  });

  it('trains on the vendored corpora unless their source is left out', () => {
    expect(INTENT_CORPORA.map((c) => c.sourceRepo)).toEqual(['clinc/oos-eval']);
    expect(INTENT_CORPORA[0]?.id).toMatch(/^clinc150-828f809-[0-9a-f]{12}$/);
    const model = trainCorpusIntentModel();
    expect(model?.intents).toEqual(['book', 'cancel', 'other', 'question']);
    expect(model?.predict('could you cancel my reservation at the grill')?.intent).toBe('cancel');
    expect(trainCorpusIntentModel(['clinc/oos-eval'])).toBeNull();
  });
});
