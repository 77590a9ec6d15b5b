import { type Intent } from '@textback/contracts';
import { stemEnglish, tokenize } from './text-normalizer.util';

/** One labelled training utterance. */
export interface IntentExample {
  text: string;
  intent: Intent;
}

/** The model's best intent for a message and its posterior probability (0..1). */
export interface IntentGuess {
  intent: Intent;
  probability: number;
}

/** A trained intent model (multinomial naive Bayes over Snowball stems and stem bigrams). */
export interface IntentModel {
  /** Names the training data (corpus id), so a prediction can be traced to what it learnt from. */
  readonly id: string;
  readonly intents: readonly Intent[];
  /** Best intent for normalized text (see normalizeText), or null when no feature of the text was seen in training. */
  predict(normalized: string): IntentGuess | null;
}

/**
 * Features of normalized text: the Snowball stems of its words and adjacent stem pairs
 * ("cancel_reserv"), so word order near a verb counts a little.
 */
export function intentFeatures(normalized: string): string[] {
  const stems = tokenize(normalized).map(stemEnglish);
  const features = [...stems];
  for (let i = 1; i < stems.length; i++) features.push(`${stems[i - 1]}_${stems[i]}`);
  return features;
}

/**
 * Trains a multinomial naive Bayes intent model with add-`alpha` smoothing and equal class
 * priors (the corpus's class sizes say nothing about what callers send). Deterministic: the
 * same examples give the same model.
 * @param id names the training data (e.g. the corpus id with its content hash).
 * @throws Error when `examples` is empty.
 */
export function trainIntentModel(examples: readonly IntentExample[], id: string, alpha = 0.5): IntentModel {
  if (examples.length === 0) throw new Error('trainIntentModel: no examples');
  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  const counts = new Map<Intent, Map<string, number>>(intents.map((i) => [i, new Map()]));
  const totals = new Map<Intent, number>(intents.map((i) => [i, 0]));
  const vocabulary = new Set<string>();
  for (const e of examples) {
    const c = counts.get(e.intent);
    if (!c) continue;
    for (const f of intentFeatures(e.text.toLowerCase())) {
      c.set(f, (c.get(f) ?? 0) + 1);
      totals.set(e.intent, (totals.get(e.intent) ?? 0) + 1);
      vocabulary.add(f);
    }
  }
  const v = vocabulary.size;
  return {
    id,
    intents,
    predict(normalized: string): IntentGuess | null {
      const features = intentFeatures(normalized).filter((f) => vocabulary.has(f));
      if (features.length === 0) return null;
      const logs = intents.map((intent) => {
        const c = counts.get(intent) ?? new Map<string, number>();
        const denominator = Math.log((totals.get(intent) ?? 0) + alpha * v);
        return features.reduce((sum, f) => sum + Math.log((c.get(f) ?? 0) + alpha) - denominator, 0);
      });
      const max = Math.max(...logs);
      const exp = logs.map((l) => Math.exp(l - max));
      const z = exp.reduce((a, b) => a + b, 0);
      let best = 0;
      for (let i = 1; i < intents.length; i++) if ((exp[i] ?? 0) > (exp[best] ?? 0)) best = i;
      return { intent: intents[best] ?? 'other', probability: (exp[best] ?? 0) / z };
    },
  };
}
