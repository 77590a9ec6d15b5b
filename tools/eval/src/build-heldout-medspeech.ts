import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { evalDirCandidates, findEvalDir, HELDOUT_SET } from './heldout-set';
import { joinMedspeechLabels } from './heldout-medspeech';

const LABELS = 'tools/eval/data/heldout-v1-medspeech.labels.jsonl';

/**
 * `node dist/tools/eval/src/build-heldout-medspeech.js <overview-of-recordings.csv> [out.jsonl]`:
 * rebuilds the medical-speech part of the fresh held-out set OUTSIDE the repository (its licence is
 * not stated, so its text is not committed): joins the committed labels with the CSV's phrases and
 * writes JSONL to `out.jsonl`, by default `<eval dir>/heldout/heldout-v1-medspeech.jsonl` where
 * `npm run eval:triage` looks for it. The CSV: Figure Eight "Medical Speech, Transcription, and
 * Intent", e.g. `git show 54fda56d36385d09c09ccbb41cc772e7c0e9ec3d:overview-of-recordings.csv` in a
 * clone of bzamith/ID_Agile-HH. Exit code 2 on bad usage or input.
 */
function main(): void {
  const [csvPath, outArg] = process.argv.slice(2);
  if (!csvPath) throw new Error('usage: build-heldout-medspeech <overview-of-recordings.csv> [out.jsonl]');
  const root = resolve(__dirname, '../../../..');
  const evalDir = findEvalDir(evalDirCandidates(root, process.env.TEXTBACK_EVAL_DIR));
  const external = HELDOUT_SET.external[0];
  const out = outArg ?? (evalDir ? resolve(evalDir, external) : undefined);
  if (!out) throw new Error('no eval directory found (set TEXTBACK_EVAL_DIR) and no output path given');
  const lines = joinMedspeechLabels(readFileSync(resolve(root, LABELS), 'utf8').split('\n'), readFileSync(csvPath, 'utf8'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`wrote ${lines.length} rows to ${out}`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
}
