import { readFileSync } from 'node:fs';
import { parseTriageLine, triage, type TriageOutput } from './triage-record';
import { scoreTriage, type ScoredPair } from './triage-metrics';

/**
 * `npm run eval:triage -- <labels.jsonl> [predictions.jsonl] [--errors]`: scores triage against
 * labelled rows (each with `text` and `label.intent` / `label.urgency`, the format of
 * ../shared/eval/dev.jsonl). Without a predictions file (one triage output per labelled line, in
 * order) it runs the deterministic triage itself. Prints per-intent precision/recall/F1,
 * macro-F1, accuracy, emergency recall, false-emergency rate and urgency accuracy; `--errors`
 * also lists the misclassified rows. Exit code 1 when emergency recall is below 100%.
 */
function main(): void {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const showErrors = process.argv.includes('--errors');
  const labelsFile = args[0];
  if (!labelsFile) {
    console.error('usage: npm run eval:triage -- <labels.jsonl> [predictions.jsonl] [--errors]');
    process.exit(2);
  }
  const rows = readFileSync(labelsFile, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  const predictions = args[1] ? readFileSync(args[1], 'utf8').split('\n').filter((l) => l.trim().length > 0).map((l) => JSON.parse(l) as TriageOutput) : null;
  if (predictions && predictions.length !== rows.length) throw new Error(`${args[1]} has ${predictions.length} lines, ${labelsFile} has ${rows.length}`);
  const pairs: (ScoredPair & { text: string })[] = rows.map((line, i) => {
    const input = parseTriageLine(line, i + 1);
    const label = (JSON.parse(line) as { label?: { intent?: string; urgency?: string } }).label;
    if (!label?.intent || !label.urgency) throw new Error(`${labelsFile}: line ${i + 1} has no label.intent/label.urgency`);
    const p = predictions ? predictions[i] : triage(input);
    if (!p) throw new Error(`no prediction for line ${i + 1}`);
    return { text: input.text, gold: { intent: label.intent, urgency: label.urgency }, predicted: { intent: p.intent, urgency: p.urgency } };
  });
  const s = scoreTriage(pairs);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`rows ${s.total}   accuracy ${pct(s.accuracy)}   macro-F1 ${s.macroF1.toFixed(3)}   urgency accuracy ${pct(s.urgencyAccuracy)}`);
  console.log(`emergency recall ${pct(s.emergencyRecall)} (${s.emergencies - s.missedEmergencies}/${s.emergencies})   false-emergency rate ${pct(s.falseEmergencyRate)} (${s.falseEmergencies})`);
  console.log('intent          support  predicted  precision  recall   F1');
  for (const c of s.perIntent) {
    console.log(`${c.label.padEnd(15)} ${String(c.support).padStart(7)}  ${String(c.predicted).padStart(9)}  ${c.precision.toFixed(3).padStart(9)}  ${c.recall.toFixed(3).padStart(6)}  ${c.f1.toFixed(3)}`);
  }
  if (showErrors) {
    for (const p of pairs) {
      if (p.gold.intent !== p.predicted.intent) console.log(`  ${p.gold.intent} -> ${p.predicted.intent}: ${p.text.slice(0, 140)}`);
    }
  }
  if (s.emergencyRecall < 1) process.exitCode = 1;
}

main();
