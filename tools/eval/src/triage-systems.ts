import { readFileSync } from 'node:fs';
import { type Logger } from 'pino';
import { trainCorpusIntentModel } from '../../../services/conversation-ai/src/modules/understanding/intent-corpus';
import { type Intent } from '@textback/contracts';
import { type IntentModel, trainIntentModel } from '../../../services/conversation-ai/src/modules/understanding/intent-model.util';
import { type LlmSettings, OpenAiTriageModel } from '../../../services/conversation-ai/src/modules/understanding/adapters/openai/openai-triage.model';
import { LlmUnderstanding } from '../../../services/conversation-ai/src/modules/understanding/llm-understanding.service';
import { MessageUnderstandingService } from '../../../services/conversation-ai/src/modules/understanding/message-understanding.service';
import { normalizeText } from '../../../services/conversation-ai/src/modules/understanding/text-normalizer.util';
import { type UnderstandingContext } from '../../../services/conversation-ai/src/modules/understanding/understanding.types';
import { type TriagePrediction, type TriageSystem } from './cross-validation';
import { locationVerticalOf, sourceFoldOf } from './eval-folds';
import { type LabelledRow } from './labelled-row';
import { scoreTriage } from './triage-metrics';
import { asksUrgency, triage, type TriageOutput } from './triage-record';

function pick(o: Pick<TriageOutput, 'intent' | 'urgency'> & { asksUrgency?: boolean }): TriagePrediction {
  return { intent: o.intent, urgency: o.urgency, asksUrgency: o.asksUrgency === true };
}

/** The location a row was texted to: its vertical (locationVerticalOf) when `withVertical`, else nothing. */
function locationOf(row: LabelledRow, withVertical: boolean): { vertical?: string } {
  const vertical = withVertical ? locationVerticalOf(row.domain) : undefined;
  return vertical ? { vertical } : {};
}

/**
 * The deterministic understanding as it ships (fixed: hand-written rules, nothing trained on the
 * rows), given each row's location vertical when `withVertical`.
 */
export function rulesSystem(receivedAt: Date, withVertical = true): TriageSystem {
  return {
    kind: 'fixed',
    name: `deterministic understanding (rules)${withVertical ? ", each row's location vertical given" : ', no location vertical'}`,
    predict: (rows) => Promise.resolve(rows.map((r) => pick(triage({ text: r.text, location: locationOf(r, withVertical) }, receivedAt)))),
  };
}

/**
 * The service's own LLM path (MessageUnderstandingService with LlmUnderstanding on the OpenAI adapter: the model
 * first; the rules as fallback on any endpoint error and for opt-outs and emergencies) against
 * an OpenAI-compatible endpoint, `concurrency` requests at a time. A fixed system.
 * @param onFallback called once per row that fell back to the rules after an endpoint error.
 */
export function llmSystem(settings: LlmSettings, receivedAt: Date, concurrency: number, onFallback: () => void, withVertical = true): TriageSystem {
  const log = { warn: onFallback } as unknown as Logger;
  const service = new MessageUnderstandingService(log, new LlmUnderstanding(new OpenAiTriageModel(settings)));
  return {
    kind: 'fixed',
    name: `LLM path (${settings.model} at ${settings.baseUrl ?? 'the OpenAI API'}; rules as fallback)`,
    predict: async (rows) => {
      const out: TriagePrediction[] = new Array<TriagePrediction>(rows.length);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < rows.length; i = next++) {
          const row = rows[i];
          if (!row) continue;
          const u = await service.understand(row.text, locationOf(row, withVertical) as UnderstandingContext, receivedAt);
          out[i] = { intent: u.intent, urgency: u.urgency, asksUrgency: asksUrgency(u) };
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
      return out;
    },
  };
}

/** Another system's output: one JSON line with `intent`, `urgency` (and optional `asksUrgency`) per labelled row, in order. A fixed system. */
export function predictionsSystem(file: string): TriageSystem {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  return {
    kind: 'fixed',
    name: `predictions from ${file}`,
    predict: (rows) => {
      if (lines.length !== rows.length) throw new Error(`${file} has ${lines.length} lines, the labelled files have ${rows.length}`);
      return Promise.resolve(lines.map((l) => pick(JSON.parse(l) as TriageOutput)));
    },
  };
}

/** Minimum probabilities tried when tuning the model fallback; above 1 means "model off". */
export const PROBABILITY_GRID = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01];

function predictWith(rows: readonly LabelledRow[], model: IntentModel | null, minProbability: number, receivedAt: Date, withVertical: boolean): TriagePrediction[] {
  return rows.map((r) => pick(triage({ text: r.text, location: locationOf(r, withVertical) }, receivedAt, model ? { model, minProbability } : undefined)));
}

/**
 * The rules with the vendored-corpus intent model (intent-corpus.ts) as their fallback, a
 * trained system. For each held-out fold the model is retrained without any vendored corpus
 * whose source is the held-out source, and its minimum probability is tuned (PROBABILITY_GRID,
 * best macro-F1, ties to the higher value, so "off" wins a tie) on the training folds' rows only.
 */
export function rulesWithModelSystem(receivedAt: Date, withVertical = true): TriageSystem {
  return {
    kind: 'trained',
    name: 'rules + vendored-corpus intent model as fallback (minimum probability tuned on the training folds)',
    refits:
      'the naive Bayes (retrained without a vendored corpus of the held-out source) and its minimum probability (tuned on the other folds\' rows)',
    fit: (training, heldOut) => {
      const model = trainCorpusIntentModel(heldOut.scheme === 'source' ? [heldOut.fold] : []);
      let best = { p: 1.01, f1: -1 };
      for (const p of model ? PROBABILITY_GRID : [1.01]) {
        const predicted = predictWith(training, model, p, receivedAt, withVertical);
        const f1 = scoreTriage(training.map((r, i) => ({ gold: r, predicted: predicted[i] ?? { intent: '', urgency: '' } }))).macroF1;
        if (f1 >= best.f1) best = { p, f1 };
      }
      const trainedOn = model ? `model ${model.id}` : `no model (retrained without ${heldOut.fold}: no vendored corpus is left)`;
      const tunedOn =
        heldOut.scheme === 'none'
          ? `all ${training.length} rows`
          : heldOut.scheme === 'fresh'
            ? `all ${training.length} development rows, none of the fresh held-out set`
            : `the ${training.length} rows of the other folds`;
      const note = `${trainedOn}; minimum probability ${best.p > 1 ? 'off' : best.p} (tuned on ${tunedOn})`;
      return Promise.resolve({ note, predict: (rows) => Promise.resolve(predictWith(rows, model, best.p, receivedAt, withVertical)) });
    },
  };
}

/** Intents the in-domain model may give (never emergency or opt-out: those stay with the rules and the opt-out lib). */
const FOLD_MODEL_INTENTS = new Set(['book', 'question', 'other', 'callback', 'cancel', 'reschedule', 'wrong_number', 'spam']);
/** The rules' verdicts the in-domain model may overrule: the weak ones (a problem report or job word read as book, any question form, other). */
const WEAK_VERDICT_CONFIDENCE = 0.65;

interface RulesVerdict {
  prediction: TriagePrediction;
  confidence: number;
}

/** The rules' prediction for `row`, or the fold model's guess when the rules' verdict is weak and the guess clears `minProbability`. */
function withFoldModel(rules: RulesVerdict, text: string, model: IntentModel, minProbability: number): TriagePrediction {
  const p = rules.prediction;
  if (minProbability > 1 || rules.confidence > WEAK_VERDICT_CONFIDENCE || p.urgency === 'emergency' || p.asksUrgency) return p;
  if (p.intent !== 'book' && p.intent !== 'question' && p.intent !== 'other') return p;
  const guess = model.predict(normalizeText(text));
  if (!guess || guess.probability < minProbability || guess.intent === p.intent) return p;
  return { ...p, intent: guess.intent, urgency: guess.intent === 'book' || guess.intent === 'question' || guess.intent === 'callback' ? (p.urgency === 'none' ? 'routine' : p.urgency) : 'none' };
}

function trainOnRows(rows: readonly LabelledRow[], id: string): IntentModel | null {
  const examples = rows.filter((r) => FOLD_MODEL_INTENTS.has(r.intent)).map((r) => ({ text: normalizeText(r.text), intent: r.intent as Intent }));
  return examples.length === 0 ? null : trainIntentModel(examples, id);
}

/**
 * MEASUREMENT ONLY, never shipped: the rules with a naive Bayes intent model (intent-model.util.ts) trained on the
 * labelled rows of the training folds themselves (in memory; nothing is written), a trained system. The model may
 * overrule only the rules' weak verdicts (book, question or other with confidence at most 0.65; never an emergency,
 * a safety question or an opt-out). For each held-out fold: the model is trained on the other folds' rows, and its
 * minimum probability (PROBABILITY_GRID; above 1 = off, which wins ties) is chosen by an inner leave-one-source-out
 * over those rows only (each inner fold predicted by a model trained without it), so the held-out fold is seen by
 * neither the model nor its threshold. It answers whether in-domain training data would help held-out scores; the
 * labelled rows cannot train the shipped model (share-alike text, and they are absent from a clean clone and CI).
 * @param fixedMinProbability when given, the minimum probability is this value on every fold (no inner tuning), to
 *   show what the model does when forced on; the model is still trained per fold.
 */
export function rulesWithFoldModelSystem(receivedAt: Date, withVertical = true, fixedMinProbability?: number): TriageSystem {
  const rulesCache = new Map<string, RulesVerdict>();
  const rulesOf = (r: LabelledRow): RulesVerdict => {
    let v = rulesCache.get(r.id);
    if (!v) {
      const out = triage({ text: r.text, location: locationOf(r, withVertical) }, receivedAt);
      v = { prediction: pick(out), confidence: out.confidence };
      rulesCache.set(r.id, v);
    }
    return v;
  };
  return {
    kind: 'trained',
    name: 'rules + naive Bayes trained on the training folds\' labelled rows, overruling weak verdicts only (MEASUREMENT ONLY: not shippable)',
    refits: 'the naive Bayes (trained on the other folds\' rows) and its minimum probability (inner leave-one-source-out over those rows)',
    fit: (training, heldOut) => {
      const model = trainOnRows(training, `rows-without-${heldOut.fold || 'nothing'}`);
      if (!model) return Promise.resolve({ note: 'no model (no training rows)', predict: (rows) => Promise.resolve(rows.map((r) => rulesOf(r).prediction)) });
      // Inner leave-one-source-out over the training rows: a model per inner fold, predictions pooled, one threshold chosen.
      const inner = new Map<string, LabelledRow[]>();
      for (const r of training) inner.set(sourceFoldOf(r), [...(inner.get(sourceFoldOf(r)) ?? []), r]);
      const innerPredictions = new Map<number, TriagePrediction[]>(PROBABILITY_GRID.map((p) => [p, []]));
      const innerGold: LabelledRow[] = [];
      for (const [fold, held] of inner) {
        const innerModel = trainOnRows(training.filter((r) => sourceFoldOf(r) !== fold), `inner-${fold}`);
        innerGold.push(...held);
        for (const p of PROBABILITY_GRID) innerPredictions.get(p)?.push(...held.map((r) => (innerModel ? withFoldModel(rulesOf(r), r.text, innerModel, p) : rulesOf(r).prediction)));
      }
      let best = { p: 1.01, f1: -1 };
      for (const p of fixedMinProbability === undefined ? PROBABILITY_GRID : []) {
        const predicted = innerPredictions.get(p) ?? [];
        const f1 = scoreTriage(innerGold.map((r, i) => ({ gold: r, predicted: predicted[i] ?? { intent: '', urgency: '' } }))).macroF1;
        if (f1 > best.f1 || (f1 === best.f1 && p > best.p)) best = { p, f1 };
      }
      const heldNote =
        heldOut.scheme === 'none'
          ? 'trained on all rows (in-sample)'
          : heldOut.scheme === 'fresh'
            ? `trained on all ${training.length} development rows, none of the fresh held-out set`
            : `trained on the ${training.length} rows of the other folds`;
      if (fixedMinProbability !== undefined) best = { p: fixedMinProbability, f1: Number.NaN };
      const chosen = fixedMinProbability === undefined ? `inner leave-one-source-out macro-F1 ${best.f1.toFixed(3)}` : 'fixed by --min-probability';
      const note = `model ${heldNote}; minimum probability ${best.p > 1 ? 'off' : best.p} (${chosen})`;
      return Promise.resolve({ note, predict: (rows) => Promise.resolve(rows.map((r) => withFoldModel(rulesOf(r), r.text, model, best.p))) });
    },
  };
}
