import { type CrossValidationResult } from './cross-validation';
import { type TriageScores } from './triage-metrics';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One summary line: rows, macro-F1, accuracy, emergency recall, false-emergency rate, opt-out recall. */
export function formatSummary(s: TriageScores): string {
  return [
    `rows ${s.total}`,
    `macro-F1 ${s.macroF1.toFixed(3)}`,
    `accuracy ${pct(s.accuracy)}`,
    `emergency recall ${pct(s.emergencyRecall)} (${s.emergencies - s.missedEmergencies}/${s.emergencies}; paged outright ${pct(s.pagedEmergencyRecall)})`,
    `false-emergency rate ${pct(s.falseEmergencyRate)} (${s.falseEmergencies}/${s.total - s.emergencies})`,
    `needless safety question ${pct(s.urgencyQuestionRate)} (${s.urgencyQuestions})`,
    `opt-out recall ${pct(s.optOutRecall)} (${s.optOuts - s.missedOptOuts}/${s.optOuts})`,
    `urgency accuracy ${pct(s.urgencyAccuracy)}`,
  ].join('   ');
}

/** The per-intent precision/recall/F1 table. */
export function formatPerIntent(s: TriageScores): string[] {
  const lines = ['  intent          support  predicted  precision  recall   F1'];
  for (const c of s.perIntent) {
    lines.push(
      `  ${c.label.padEnd(15)} ${String(c.support).padStart(7)}  ${String(c.predicted).padStart(9)}  ${c.precision.toFixed(3).padStart(9)}  ${c.recall.toFixed(3).padStart(6)}  ${c.f1.toFixed(3)}`,
    );
  }
  return lines;
}

/** The per-fold table and pooled line of a leave-one-group-out run (and the pooled per-intent table when `perIntent`). */
export function formatCrossValidation(r: CrossValidationResult, label: string, perIntent = true): string[] {
  const lines = [`== ${label}: ${r.folds.length} folds ==`];
  lines.push('  held-out fold                                        rows  macro-F1  accuracy  emerg.recall  false-emerg  opt-out recall');
  for (const f of r.folds) {
    const s = f.scores;
    const emerg = s.emergencies === 0 ? '-' : `${s.emergencies - s.missedEmergencies}/${s.emergencies}`;
    const optOut = s.optOuts === 0 ? '-' : `${s.optOuts - s.missedOptOuts}/${s.optOuts}`;
    lines.push(
      `  ${f.fold.padEnd(52)} ${String(f.rows).padStart(4)}  ${s.macroF1.toFixed(3).padStart(8)}  ${pct(s.accuracy).padStart(8)}  ${emerg.padStart(12)}  ${pct(s.falseEmergencyRate).padStart(11)}  ${optOut.padStart(14)}`,
    );
    if (f.note) lines.push(`      ${f.note}`);
  }
  lines.push(`  pooled held-out predictions: ${formatSummary(r.pooled)}`);
  lines.push(`  mean of per-fold macro-F1: ${r.meanFoldMacroF1.toFixed(3)}${perIntent ? '' : ' (fixed system: a per-fold breakdown of the in-sample predictions, not a held-out estimate)'}`);
  if (perIntent) lines.push(...formatPerIntent(r.pooled).map((l) => `  ${l}`));
  return lines;
}
