/** Precision, recall and F1 of one class (0 when undefined). */
export interface ClassScore {
  label: string;
  support: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Scores of a triage run against labels. Rates are 0..1. */
export interface TriageScores {
  total: number;
  accuracy: number;
  perIntent: ClassScore[];
  /** Mean F1 over the intents present in the labels. */
  macroF1: number;
  /** Share of labelled emergencies predicted as emergency (intent or urgency). */
  emergencyRecall: number;
  emergencies: number;
  missedEmergencies: number;
  /** Share of labelled non-emergencies predicted as emergency. */
  falseEmergencyRate: number;
  falseEmergencies: number;
  /** Share of labelled opt-outs predicted `opt_out` (1 when there are none). */
  optOutRecall: number;
  optOuts: number;
  missedOptOuts: number;
  urgencyAccuracy: number;
}

/** One labelled example and its prediction. */
export interface ScoredPair {
  gold: { intent: string; urgency: string };
  predicted: { intent: string; urgency: string };
}

/**
 * Computes per-intent precision/recall/F1, macro-F1 over the labelled intents, accuracy,
 * emergency recall and false-emergency rate (an emergency is intent `emergency` or urgency
 * `emergency`), opt-out recall and urgency accuracy.
 */
export function scoreTriage(pairs: readonly ScoredPair[]): TriageScores {
  const labels = [...new Set(pairs.map((p) => p.gold.intent))].sort();
  const perIntent = labels.map((label): ClassScore => {
    const support = pairs.filter((p) => p.gold.intent === label).length;
    const predicted = pairs.filter((p) => p.predicted.intent === label).length;
    const tp = pairs.filter((p) => p.gold.intent === label && p.predicted.intent === label).length;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support, predicted, truePositives: tp, precision, recall, f1 };
  });
  const isEmergency = (x: { intent: string; urgency: string }) => x.intent === 'emergency' || x.urgency === 'emergency';
  const gold = pairs.filter((p) => isEmergency(p.gold));
  const nonGold = pairs.filter((p) => !isEmergency(p.gold));
  const missed = gold.filter((p) => !isEmergency(p.predicted)).length;
  const falseEmergencies = nonGold.filter((p) => isEmergency(p.predicted)).length;
  const optOuts = pairs.filter((p) => p.gold.intent === 'opt_out');
  const missedOptOuts = optOuts.filter((p) => p.predicted.intent !== 'opt_out').length;
  return {
    total: pairs.length,
    accuracy: pairs.length === 0 ? 0 : pairs.filter((p) => p.gold.intent === p.predicted.intent).length / pairs.length,
    perIntent,
    macroF1: perIntent.length === 0 ? 0 : perIntent.reduce((s, c) => s + c.f1, 0) / perIntent.length,
    emergencyRecall: gold.length === 0 ? 1 : (gold.length - missed) / gold.length,
    emergencies: gold.length,
    missedEmergencies: missed,
    falseEmergencyRate: nonGold.length === 0 ? 0 : falseEmergencies / nonGold.length,
    falseEmergencies,
    optOutRecall: optOuts.length === 0 ? 1 : (optOuts.length - missedOptOuts) / optOuts.length,
    optOuts: optOuts.length,
    missedOptOuts,
    urgencyAccuracy: pairs.length === 0 ? 0 : pairs.filter((p) => p.gold.urgency === p.predicted.urgency).length / pairs.length,
  };
}
