import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { crossValidate, evaluateFreshHeldOut, evaluateInSample, scoreGroups, type TriageSystem } from './cross-validation';
import { domainFolds, DOMAIN_VERTICALS, MIN_DOMAIN_FOLD_ROWS, sourceFoldOf } from './eval-folds';
import { evalDirCandidates, FRESH_SET_V2, FRESH_SET_V3, FRESH_SET_V4, FRESH_SET_V5, FRESH_SET_V6, FRESH_SET_V7, FRESH_SET_V8, FRESH_SET_V9, findEvalDir, HELDOUT_SET, heldOutFiles } from './heldout-set';
import { readLabelledFile, type LabelledRow } from './labelled-row';
import { formatCrossValidation, formatPerIntent, formatSummary } from './triage-report';
import { llmSystem, predictionsSystem, rulesSystem, rulesWithFoldModelSystem, rulesWithModelSystem } from './triage-systems';

const USAGE = `usage: npm run eval:triage -- [labels.jsonl ...] [--llm | --model | --fold-model [--min-probability P] | --predictions FILE] [--no-vertical] [--errors] [--no-heldout | --heldout-errors] [--heldout-v2] [--heldout-v3] [--heldout-v4] [--heldout-v5] [--heldout-v6] [--heldout-v7] [--heldout-v8] [--heldout-v9] [--concurrency N]
  labels default to dev.jsonl and dev2.jsonl of ../shared/eval (or $TEXTBACK_EVAL_DIR)
  the fresh held-out set (tools/eval/data/README.md) is scored in its own section after them
  --llm          the conversation service's LLM path (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_TIMEOUT_MS)
  --model        the rules with the vendored-corpus intent model as fallback (trained: refitted per fold)
  --fold-model   MEASUREMENT ONLY: the rules with a naive Bayes trained on the training folds' labelled rows
                 overruling weak verdicts (trained: model and threshold refitted per fold; never shipped);
                 with --min-probability P the threshold is P on every fold instead (the model forced on)
  --predictions  score a JSONL of predictions (one {"intent","urgency"} per labelled row, files in order)
  --no-vertical  do not give understanding each row's location vertical (by default: its domain's vertical, see locationVerticalOf)
  --errors       list the rows whose in-sample intent is wrong
  --no-heldout   skip the fresh held-out section
  --heldout-errors  list the heldout-v1..v8 rows whose intent is wrong (all development data: v2, v3 since 2026-12-05 04:00 UTC,
                    v4 since 2026-12-05 08:30 UTC, v5 since 2026-12-05 12:00 UTC, v6 since the eleventh pass, v7 since the
                    twelfth, v8 since the thirteenth, 2026-12-05); never v9's
  --heldout-v2      also score the heldout-v2 set (development data since 2026-12-05)
  --heldout-v3      also score the heldout-v3 set (rebuilt outside the repository; development data since 2026-12-05)
  --heldout-v4      also score the heldout-v4 set (NLU++ hotels/banking, disaster messages; development data since 2026-12-05 08:30 UTC)
  --heldout-v5      also score the heldout-v5 set (Bot Framework Calendar and Restaurant utterances; development data since 2026-12-05 12:00 UTC)
  --heldout-v6      also score the heldout-v6 set (HVAC receptionist test messages, rebuilt outside the repository; development data since the eleventh pass)
  --heldout-v7      also score the heldout-v7 set (plumbing receptionist utterances, rebuilt outside the repository; development data since the twelfth pass)
  --heldout-v8      also score the heldout-v8 set (trades, dental and remodelling receptionist test lines, rebuilt outside the repository;
                    development data since the thirteenth pass)
  --heldout-v9      also score the fresh heldout-v9 set (multi-vertical receptionist, SMS bot and tenant test lines, rebuilt outside the
                    repository; never list its errors)`;

/** Every row is received at this instant, so relative times resolve the same on every run. */
const RECEIVED_AT = new Date('2026-03-10T17:00:00Z');

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** The repository root (this file runs from dist/tools/eval/src). */
const REPO_ROOT = resolve(__dirname, '../../../..');

/** The labelled files: `$TEXTBACK_EVAL_DIR`, else the first `shared/eval` beside the checkout or one of its parents. */
function defaultLabelFiles(): string[] {
  const dirs = evalDirCandidates(REPO_ROOT, process.env.TEXTBACK_EVAL_DIR);
  const dir = findEvalDir(dirs);
  if (!dir) throw new Error(`no labelled files given and no dev.jsonl in ${dirs.join(', ')}\n${USAGE}`);
  return ['dev.jsonl', 'dev2.jsonl'].map((f) => join(dir, f)).filter((f) => existsSync(f));
}

/** The files of a fresh held-out set (v2, v3) present (to score) and missing (to name), as absolute paths. */
function freshSetFiles(set: typeof FRESH_SET_V2, evalDir: string | undefined): { present: string[]; missing: string[] } {
  const all = [
    ...set.inRepo.map((f) => join(REPO_ROOT, f)),
    ...set.external.map((p) => (evalDir ? join(evalDir, p.file) : `<eval dir>/${p.file}`)),
  ];
  return { present: all.filter((f) => existsSync(f)), missing: all.filter((f) => !existsSync(f)) };
}

/**
 * The "fresh held-out" section: the same metrics on rows never read while the rules were written
 * (HELDOUT_SET), the system fitted on `devRows` when it is trained, with a line per held-out file.
 */
async function reportFreshHeldOut(
  devRows: readonly LabelledRow[],
  system: TriageSystem,
  listErrors: boolean,
  set: 'v1' | 'v2' | 'v3' | 'v4' | 'v5' | 'v6' | 'v7' | 'v8' | 'v9' = 'v1',
): Promise<void> {
  const evalDir = findEvalDir(evalDirCandidates(REPO_ROOT, process.env.TEXTBACK_EVAL_DIR));
  const files = set === 'v1' ? heldOutFiles(REPO_ROOT, evalDir) : freshSetFiles({ v2: FRESH_SET_V2, v3: FRESH_SET_V3, v4: FRESH_SET_V4, v5: FRESH_SET_V5, v6: FRESH_SET_V6, v7: FRESH_SET_V7, v8: FRESH_SET_V8, v9: FRESH_SET_V9 }[set], evalDir);
  const rows = files.present.flatMap((f) => readLabelledFile(f));
  if (set === 'v1') {
    console.log(`== heldout-${HELDOUT_SET.version} (development data since 2026-12-04: rules were changed after reading its errors), ${rows.length} rows ==`);
  } else if (set === 'v2' || set === 'v3') {
    console.log(`== heldout-${set} (development data since 2026-12-05: it measured three passes and its errors were read in the eighth), ${rows.length} rows ==`);
  } else if (set === 'v4') {
    console.log(`== heldout-v4 (development data since 2026-12-05 08:30 UTC: it measured three passes and its errors were read in the ninth), ${rows.length} rows ==`);
  } else if (set === 'v5') {
    console.log(`== heldout-v5 (development data since 2026-12-05 12:00 UTC: it measured one pass and its errors were read in the tenth), ${rows.length} rows ==`);
  } else if (set === 'v6') {
    console.log(`== heldout-v6 (development data since 2026-12-05, eleventh pass: it measured one pass and its errors were read in the eleventh), ${rows.length} rows ==`);
  } else if (set === 'v7') {
    console.log(`== heldout-v7 (development data since 2026-12-05, twelfth pass: it measured one pass and its errors were read in the twelfth), ${rows.length} rows ==`);
  } else if (set === 'v8') {
    console.log(`== heldout-v8 (development data since 2026-12-05, thirteenth pass: it measured one pass and its errors were read in the thirteenth), ${rows.length} rows ==`);
  } else {
    console.log(`== fresh held-out (never used to write rules): heldout-${set}, ${rows.length} rows ==`);
    console.log('  Labelled and committed before the first scoring run; see tools/eval/data/README.md. A rule, vocabulary, hazard or');
    console.log('  threshold changed after reading these rows\' errors makes them development data: collect a new set to measure again.');
  }
  if (files.missing.length > 0) console.log(`  not scored (absent; see tools/eval/data/README.md to rebuild): ${files.missing.join(', ')}`);
  if (rows.length === 0) return;
  const fresh = await evaluateFreshHeldOut(devRows, rows, system);
  if (fresh.note) console.log(`  ${fresh.note}`);
  console.log(`  ${formatSummary(fresh.scores)}`);
  // The fresh set prints totals and per-file lines only: per-intent figures would say where its errors are.
  if (set !== 'v9') for (const l of formatPerIntent(fresh.scores)) console.log(l);
  for (const g of scoreGroups(rows, fresh.predictions, (r) => r.id.split(':')[0] ?? '')) console.log(`  ${g.group}: ${formatSummary(g.scores)}`);
  const sources = scoreGroups(rows, fresh.predictions, (r) => r.sourceRepo ?? 'unknown-source');
  if (sources.length > 1 && sources.length !== files.present.length) {
    for (const g of sources) console.log(`  source ${g.group}: ${formatSummary(g.scores)}`);
  }
  if (listErrors) {
    rows.forEach((r, i) => {
      const p = fresh.predictions[i];
      const missedEmergency = r.urgency === 'emergency' && p && p.urgency !== 'emergency' && p.intent !== 'emergency' && !p.asksUrgency;
      if (p && (p.intent !== r.intent || missedEmergency)) {
        console.log(`    ${r.id} ${r.intent}/${r.urgency} -> ${p.intent}/${p.urgency}${p.asksUrgency ? ' (asks urgency)' : ''}: ${r.text.slice(0, 120).replace(/\s+/g, ' ')}`);
      }
    });
  }
}

/**
 * `npm run eval:triage`: scores caller-message understanding on the labelled files (default
 * ../shared/eval/dev.jsonl and dev2.jsonl, read at run time only) three ways: in-sample over all
 * rows, leave-one-source-out (folds by `source_repo`; see sourceFoldOf) and leave-one-domain-out
 * (folds by business vertical; see DOMAIN_VERTICALS). Each prints macro-F1 over intents,
 * per-intent precision/recall/F1, emergency recall, false-emergency rate (share of
 * non-emergency rows predicted emergency) and opt-out recall; then the same metrics on the fresh
 * held-out set (tools/eval/data, rows never read while the rules were written). A trained system is fitted on the
 * other folds for each held-out fold; a fixed system (rules, LLM, a predictions file) is scored
 * per fold, and the output says so. Exit code 1 when in-sample emergency recall is below 100%,
 * 2 on bad usage or input.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const valued = new Set(['--predictions', '--concurrency', '--min-probability']);
  const files = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1] ?? ''));
  const labelFiles = files.length > 0 ? files : defaultLabelFiles();
  const rows: LabelledRow[] = labelFiles.flatMap((f) => readLabelledFile(f));
  const predictionsFile = option(argv, '--predictions');
  let fallbacks = 0;
  let system: TriageSystem;
  const withVertical = !argv.includes('--no-vertical');
  if (predictionsFile) system = predictionsSystem(predictionsFile);
  else if (argv.includes('--fold-model')) {
    const fixed = option(argv, '--min-probability');
    if (fixed !== undefined && !(Number(fixed) > 0)) throw new Error(`--min-probability needs a number above 0, got ${fixed}\n${USAGE}`);
    system = rulesWithFoldModelSystem(RECEIVED_AT, withVertical, fixed === undefined ? undefined : Number(fixed));
  }
  else if (argv.includes('--model')) system = rulesWithModelSystem(RECEIVED_AT, withVertical);
  else if (argv.includes('--llm')) {
    const apiKey = process.env.OPENAI_API_KEY;
    if (!apiKey) throw new Error('--llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a local OpenAI-compatible server)');
    const baseUrl = process.env.OPENAI_BASE_URL;
    const settings = { apiKey, model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini', timeoutMs: Number(process.env.OPENAI_TIMEOUT_MS ?? 20_000), ...(baseUrl ? { baseUrl } : {}) };
    system = llmSystem(settings, RECEIVED_AT, Number(option(argv, '--concurrency') ?? 4), () => fallbacks++, withVertical);
  } else system = rulesSystem(RECEIVED_AT, withVertical);

  const perFile = labelFiles.map((f) => `${basename(f)} ${rows.filter((r) => r.id.startsWith(`${basename(f)}:`)).length}`).join(', ');
  console.log(`Triage evaluation: ${rows.length} labelled rows (${perFile}); ${rows.filter((r) => !r.usable).length} marked usable=false (near-misses) are scored too`);
  console.log(`System: ${system.name}`);
  if (system.kind === 'fixed') {
    console.log(
      'Protocol: this system is FIXED (hand-written rules and/or an external model): nothing in it is trained or tuned on these rows per fold,',
    );
    console.log('  so the per-fold scores below are its scores on each fold, not train/test splits; the pooled held-out scores equal the in-sample ones.');
    console.log('  Rules written while reading these rows are in-sample however they are split: only new rows measure them honestly.');
    console.log('  Refit per fold: NOTHING. Fixed: the intent rules and vocabularies, the emergency hazard data and rules, every threshold.');
  } else {
    console.log('Protocol: TRAINED system: for each held-out fold it is refitted without that fold (see the note under each fold).');
    console.log(`  Refit per fold: ${system.refits}.`);
    console.log('  NOT refit: the hand-written intent rules and vocabularies and the emergency hazard data and rules, written while');
    console.log('  reading these rows: the held-out figures measure the trained part honestly, the rules part still in-sample.');
  }
  console.log('Macro-F1 is the mean F1 over the intents present in the scored rows; emergency = intent or urgency "emergency".');
  console.log('An emergency counts as caught when it is predicted, or when the first reply asks whether it is urgent (the safety question);');
  console.log('  "paged outright" counts predictions only; "needless safety question" is the share of non-emergencies asked.');
  console.log('');

  const inSample = await evaluateInSample(rows, system);
  console.log('== in-sample: all rows ==');
  if (argv.includes('--llm')) console.log(`  ${fallbacks} of ${rows.length} rows fell back to the rules after an endpoint error`);
  if (inSample.note) console.log(`  ${inSample.note}`);
  console.log(`  ${formatSummary(inSample.scores)}`);
  for (const l of formatPerIntent(inSample.scores)) console.log(l);
  if (argv.includes('--errors')) {
    rows.forEach((r, i) => {
      const p = inSample.predictions[i];
      if (p && p.intent !== r.intent) console.log(`    ${r.id} ${r.intent} -> ${p.intent}: ${r.text.slice(0, 120).replace(/\s+/g, ' ')}`);
    });
  }
  console.log('');

  const cached = system.kind === 'fixed' ? inSample.predictions : undefined;
  const bySource = await crossValidate(rows, 'source', sourceFoldOf, system, cached);
  console.log(`Source folds: source_repo; rows without one: quotes from court records -> "court-records", others by the host of source_url.`);
  for (const l of formatCrossValidation(bySource, 'leave-one-source-out', system.kind === 'trained')) console.log(l);
  console.log('');

  const domainOf = domainFolds(rows);
  const verticals = [...new Set(Object.values(DOMAIN_VERTICALS))].join(', ');
  console.log(`Domain folds: each row's domain mapped to a vertical (${verticals}; unlisted domains -> other_business);`);
  console.log(`  verticals with fewer than ${MIN_DOMAIN_FOLD_ROWS} rows join other_business.`);
  const byDomain = await crossValidate(rows, 'domain', domainOf, system, cached);
  for (const l of formatCrossValidation(byDomain, 'leave-one-domain-out', system.kind === 'trained')) console.log(l);

  if (!argv.includes('--no-heldout')) {
    console.log('');
    await reportFreshHeldOut(rows, system, argv.includes('--heldout-errors'));
  }
  if (argv.includes('--heldout-v2')) {
    console.log('');
    await reportFreshHeldOut(rows, system, argv.includes('--heldout-errors'), 'v2');
  }
  if (argv.includes('--heldout-v3')) {
    console.log('');
    await reportFreshHeldOut(rows, system, argv.includes('--heldout-errors'), 'v3');
  }
  if (argv.includes('--heldout-v4')) {
    console.log('');
    await reportFreshHeldOut(rows, system, argv.includes('--heldout-errors'), 'v4');
  }
  if (argv.includes('--heldout-v5')) {
    console.log('');
    await reportFreshHeldOut(rows, system, argv.includes('--heldout-errors'), 'v5');
  }
  if (argv.includes('--heldout-v6')) {
    console.log('');
    await reportFreshHeldOut(rows, system, argv.includes('--heldout-errors'), 'v6');
  }
  if (argv.includes('--heldout-v7')) {
    console.log('');
    await reportFreshHeldOut(rows, system, argv.includes('--heldout-errors'), 'v7');
  }
  if (argv.includes('--heldout-v8')) {
    console.log('');
    await reportFreshHeldOut(rows, system, argv.includes('--heldout-errors'), 'v8');
  }
  if (argv.includes('--heldout-v9')) {
    console.log('');
    await reportFreshHeldOut(rows, system, false, 'v9');
  }

  if (inSample.scores.emergencyRecall < 1) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
