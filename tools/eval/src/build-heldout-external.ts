import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { joinLabelsWithCsv } from './heldout-external';
import { evalDirCandidates, findEvalDir, HELDOUT_SET } from './heldout-set';

/**
 * `node dist/tools/eval/src/build-heldout-external.js <part> <source.csv> [out.jsonl]`: rebuilds a part of
 * the fresh held-out set whose text is NOT committed (licence not stated or not verified) OUTSIDE the
 * repository: joins the committed labels of `<part>` (HELDOUT_SET.external: medspeech, smishing) with the
 * texts of its source CSV and writes JSONL to `out.jsonl`, by default `<eval dir>/<part file>` where
 * `npm run eval:triage` looks for it. Exit code 2 on bad usage or input.
 */
function main(): void {
  const [name, csvPath, outArg] = process.argv.slice(2);
  const part = HELDOUT_SET.external.find((p) => p.name === name);
  if (!part || !csvPath) {
    const parts = HELDOUT_SET.external.map((p) => `  ${p.name}: ${p.source}`).join('\n');
    throw new Error(`usage: build-heldout-external <part> <source.csv> [out.jsonl]\n${parts}`);
  }
  const root = resolve(__dirname, '../../../..');
  const evalDir = findEvalDir(evalDirCandidates(root, process.env.TEXTBACK_EVAL_DIR));
  const out = outArg ?? (evalDir ? resolve(evalDir, part.file) : undefined);
  if (!out) throw new Error('no eval directory found (set TEXTBACK_EVAL_DIR) and no output path given');
  const lines = joinLabelsWithCsv(readFileSync(resolve(root, part.labels), 'utf8').split('\n'), readFileSync(csvPath, 'utf8'), part);
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
