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
  /**
   * Share of labelled emergencies caught: predicted emergency (intent or urgency), or answered
   * with the question whether it is urgent (the safety question, asked in the first reply).
   */
  emergencyRecall: number;
  /** Share of labelled emergencies predicted emergency outright (paged without asking). */
  pagedEmergencyRecall: number;
  emergencies: number;
  missedEmergencies: number;
  /** Share of labelled non-emergencies predicted as emergency. */
  falseEmergencyRate: number;
  falseEmergencies: number;
  /** Share of labelled non-emergencies answered with the safety question (asked needlessly). */
  urgencyQuestionRate: number;
  urgencyQuestions: number;
  /** Share of labelled opt-outs predicted `opt_out` (1 when there are none). */
  optOutRecall: number;
  optOuts: number;
  missedOptOuts: number;
  urgencyAccuracy: number;
}

/** One labelled example and its prediction. */
export interface ScoredPair {
  gold: { intent: string; urgency: string };
  /** `asksUrgency`: the reply asks whether it is urgent (a hazard the rules are unsure about). */
  predicted: { intent: string; urgency: string; asksUrgency?: boolean };
}

/**
 * Computes per-intent precision/recall/F1, macro-F1 over the labelled intents, accuracy,
 * emergency recall (caught: predicted emergency or asked the safety question) and paged recall,
 * the false-emergency rate (non-emergencies predicted emergency; an emergency is intent
 * `emergency` or urgency `emergency`) and the needless safety-question rate, opt-out recall and
 * urgency accuracy.
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
  const missed = gold.filter((p) => !isEmergency(p.predicted) && p.predicted.asksUrgency !== true).length;
  const paged = gold.filter((p) => isEmergency(p.predicted)).length;
  const urgencyQuestions = nonGold.filter((p) => !isEmergency(p.predicted) && p.predicted.asksUrgency === true).length;
  const falseEmergencies = nonGold.filter((p) => isEmergency(p.predicted)).length;
  const optOuts = pairs.filter((p) => p.gold.intent === 'opt_out');
  const missedOptOuts = optOuts.filter((p) => p.predicted.intent !== 'opt_out').length;
  return {
    total: pairs.length,
    accuracy: pairs.length === 0 ? 0 : pairs.filter((p) => p.gold.intent === p.predicted.intent).length / pairs.length,
    perIntent,
    macroF1: perIntent.length === 0 ? 0 : perIntent.reduce((s, c) => s + c.f1, 0) / perIntent.length,
    emergencyRecall: gold.length === 0 ? 1 : (gold.length - missed) / gold.length,
    pagedEmergencyRecall: gold.length === 0 ? 1 : paged / gold.length,
    emergencies: gold.length,
    missedEmergencies: missed,
    falseEmergencyRate: nonGold.length === 0 ? 0 : falseEmergencies / nonGold.length,
    falseEmergencies,
    urgencyQuestionRate: nonGold.length === 0 ? 0 : urgencyQuestions / nonGold.length,
    urgencyQuestions,
    optOutRecall: optOuts.length === 0 ? 1 : (optOuts.length - missedOptOuts) / optOuts.length,
    optOuts: optOuts.length,
    missedOptOuts,
    urgencyAccuracy: pairs.length === 0 ? 0 : pairs.filter((p) => p.gold.urgency === p.predicted.urgency).length / pairs.length,
  };
}
