import { readFileSync } from 'node:fs';
import { type Logger } from 'pino';
import { trainCorpusIntentModel } from '../../../services/conversation-ai/src/modules/understanding/intent-corpus';
import { type IntentModel } from '../../../services/conversation-ai/src/modules/understanding/intent-model.util';
import { LlmUnderstanding, type LlmSettings } from '../../../services/conversation-ai/src/modules/understanding/llm-understanding.service';
import { MessageUnderstandingService } from '../../../services/conversation-ai/src/modules/understanding/message-understanding.service';
import { type UnderstandingContext } from '../../../services/conversation-ai/src/modules/understanding/understanding.types';
import { type TriagePrediction, type TriageSystem } from './cross-validation';
import { locationVerticalOf } from './eval-folds';
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
 * The service's own LLM path (MessageUnderstandingService with LlmUnderstanding: the model
 * first; the rules as fallback on any endpoint error and for opt-outs and emergencies) against
 * an OpenAI-compatible endpoint, `concurrency` requests at a time. A fixed system.
 * @param onFallback called once per row that fell back to the rules after an endpoint error.
 */
export function llmSystem(settings: LlmSettings, receivedAt: Date, concurrency: number, onFallback: () => void, withVertical = true): TriageSystem {
  const log = { warn: onFallback } as unknown as Logger;
  const service = new MessageUnderstandingService(log, new LlmUnderstanding(settings));
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
    fit: (training, heldOut) => {
      const model = trainCorpusIntentModel(heldOut.scheme === 'source' ? [heldOut.fold] : []);
      let best = { p: 1.01, f1: -1 };
      for (const p of model ? PROBABILITY_GRID : [1.01]) {
        const predicted = predictWith(training, model, p, receivedAt, withVertical);
        const f1 = scoreTriage(training.map((r, i) => ({ gold: r, predicted: predicted[i] ?? { intent: '', urgency: '' } }))).macroF1;
        if (f1 >= best.f1) best = { p, f1 };
      }
      const trainedOn = model ? `model ${model.id}` : `no model (retrained without ${heldOut.fold}: no vendored corpus is left)`;
      const tunedOn = heldOut.scheme === 'none' ? `all ${training.length} rows` : `the ${training.length} rows of the other folds`;
      const note = `${trainedOn}; minimum probability ${best.p > 1 ? 'off' : best.p} (tuned on ${tunedOn})`;
      return Promise.resolve({ note, predict: (rows) => Promise.resolve(predictWith(rows, model, best.p, receivedAt, withVertical)) });
    },
  };
}
