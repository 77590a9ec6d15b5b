import { type LabelledRow } from './labelled-row';
import { scoreTriage, type ScoredPair, type TriageScores } from './triage-metrics';

/** A triage prediction for one row. */
export interface TriagePrediction {
  intent: string;
  urgency: string;
  /** The reply asks whether it is urgent (understanding's `urgencyQuestion` was set). */
  asksUrgency?: boolean;
}

/** Predicts rows (possibly through a network endpoint, hence async). */
export type TriagePredictor = (rows: readonly LabelledRow[]) => Promise<TriagePrediction[]>;

/** The fold being held out, given to a trainable system so it can leave that data out. */
export interface HeldOutFold {
  /**
   * `source` (leave-one-source-out), `domain` (leave-one-domain-out), `none` (in-sample) or `fresh`
   * (the fresh held-out set: training gets every development row, `rows` are the held-out rows).
   */
  scheme: 'source' | 'domain' | 'none' | 'fresh';
  fold: string;
  rows: readonly LabelledRow[];
}

/**
 * A system under evaluation. `fixed` systems (hand-written rules, an external endpoint) are the
 * same on every fold: their predictions are made once and scored per fold. `trained` systems are
 * fitted per fold by `fit`, which must not see the held-out rows (it gets the other folds' rows
 * and the held-out fold, so it can also drop any vendored training data of the held-out source).
 */
export type TriageSystem =
  | { kind: 'fixed'; name: string; predict: TriagePredictor }
  | {
      kind: 'trained';
      name: string;
      /** What `fit` refits per fold and what stays fixed, in one sentence for the report. */
      refits: string;
      fit: (training: readonly LabelledRow[], heldOut: HeldOutFold) => Promise<{ predict: TriagePredictor; note: string }>;
    };

/** Scores of one held-out fold. */
export interface FoldResult {
  fold: string;
  rows: number;
  scores: TriageScores;
  /** What the trained system was trained on for this fold (empty for fixed systems). */
  note: string;
}

/** Result of a leave-one-group-out run. */
export interface CrossValidationResult {
  scheme: 'source' | 'domain';
  folds: FoldResult[];
  /** Scores of all held-out predictions pooled (each row predicted by the model that did not see its fold). */
  pooled: TriageScores;
  /** Mean of the per-fold macro-F1 (small folds weigh as much as large ones). */
  meanFoldMacroF1: number;
  /** Each row's held-out prediction, by row id. */
  predictions: Map<string, TriagePrediction>;
}

function pairsOf(rows: readonly LabelledRow[], predictions: readonly TriagePrediction[]): ScoredPair[] {
  return rows.map((r, i) => {
    const p = predictions[i];
    if (!p) throw new Error(`no prediction for ${r.id}`);
    return { gold: { intent: r.intent, urgency: r.urgency }, predicted: p };
  });
}

/** In-sample scores: the system (trained systems fitted on every row) predicts every row. */
export async function evaluateInSample(rows: readonly LabelledRow[], system: TriageSystem): Promise<{ scores: TriageScores; predictions: TriagePrediction[]; note: string }> {
  if (system.kind === 'fixed') {
    const predictions = await system.predict(rows);
    return { scores: scoreTriage(pairsOf(rows, predictions)), predictions, note: '' };
  }
  const fitted = await system.fit(rows, { scheme: 'none', fold: '', rows: [] });
  const predictions = await fitted.predict(rows);
  return { scores: scoreTriage(pairsOf(rows, predictions)), predictions, note: fitted.note };
}

/**
 * Scores of a fresh held-out set (rows never read while the rules were written; see
 * tools/eval/data/README.md): a fixed system predicts them as they are; a trained system is fitted
 * on every development row (`devRows`, scheme `fresh`) and predicts the held-out rows, which it never sees.
 */
export async function evaluateFreshHeldOut(
  devRows: readonly LabelledRow[],
  heldOutRows: readonly LabelledRow[],
  system: TriageSystem,
): Promise<{ scores: TriageScores; predictions: TriagePrediction[]; note: string }> {
  if (system.kind === 'fixed') {
    const predictions = await system.predict(heldOutRows);
    return { scores: scoreTriage(pairsOf(heldOutRows, predictions)), predictions, note: '' };
  }
  const fitted = await system.fit(devRows, { scheme: 'fresh', fold: 'fresh-heldout', rows: heldOutRows });
  const predictions = await fitted.predict(heldOutRows);
  return { scores: scoreTriage(pairsOf(heldOutRows, predictions)), predictions, note: fitted.note };
}

/** Scores of the subsets of `rows` sharing `groupOf(row)` (largest first), from predictions made for `rows` in order. */
export function scoreGroups(
  rows: readonly LabelledRow[],
  predictions: readonly TriagePrediction[],
  groupOf: (row: LabelledRow) => string,
): { group: string; rows: number; scores: TriageScores }[] {
  const groups = new Map<string, { rows: LabelledRow[]; predicted: TriagePrediction[] }>();
  rows.forEach((r, i) => {
    const p = predictions[i];
    if (!p) throw new Error(`no prediction for ${r.id}`);
    const g = groups.get(groupOf(r)) ?? { rows: [], predicted: [] };
    g.rows.push(r);
    g.predicted.push(p);
    groups.set(groupOf(r), g);
  });
  return [...groups.entries()]
    .sort((a, b) => b[1].rows.length - a[1].rows.length || a[0].localeCompare(b[0]))
    .map(([group, g]) => ({ group, rows: g.rows.length, scores: scoreTriage(pairsOf(g.rows, g.predicted)) }));
}

/**
 * Leave-one-group-out: for each fold (rows sharing `foldOf(row)`), a trained system is fitted on
 * the other folds and scores the held-out one; a fixed system's predictions are scored per fold.
 * Folds are sorted by size, largest first.
 * @param cached predictions of a fixed system already made for `rows` (same order), to avoid predicting twice.
 */
export async function crossValidate(
  rows: readonly LabelledRow[],
  scheme: 'source' | 'domain',
  foldOf: (row: LabelledRow) => string,
  system: TriageSystem,
  cached?: readonly TriagePrediction[],
): Promise<CrossValidationResult> {
  const groups = new Map<string, LabelledRow[]>();
  for (const r of rows) groups.set(foldOf(r), [...(groups.get(foldOf(r)) ?? []), r]);
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const predictions = new Map<string, TriagePrediction>();
  let fixed: readonly TriagePrediction[] | null = null;
  if (system.kind === 'fixed') fixed = cached ?? (await system.predict(rows));
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const folds: FoldResult[] = [];
  for (const [fold, held] of ordered) {
    let predicted: TriagePrediction[];
    let note = '';
    if (fixed) {
      predicted = held.map((r) => fixed[index.get(r.id) ?? -1] ?? { intent: 'missing', urgency: 'missing' });
    } else if (system.kind === 'trained') {
      const training = rows.filter((r) => foldOf(r) !== fold);
      const fitted = await system.fit(training, { scheme, fold, rows: held });
      predicted = await fitted.predict(held);
      note = fitted.note;
    } else {
      throw new Error('unreachable');
    }
    held.forEach((r, i) => {
      const p = predicted[i];
      if (p) predictions.set(r.id, p);
    });
    folds.push({ fold, rows: held.length, scores: scoreTriage(pairsOf(held, predicted)), note });
  }
  const pooledPairs = pairsOf(
    rows,
    rows.map((r) => predictions.get(r.id) ?? { intent: 'missing', urgency: 'missing' }),
  );
  return {
    scheme,
    folds,
    pooled: scoreTriage(pooledPairs),
    meanFoldMacroF1: folds.length === 0 ? 0 : folds.reduce((s, f) => s + f.scores.macroF1, 0) / folds.length,
    predictions,
  };
}
