import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The fresh held-out set (tools/eval/data/README.md): labelled rows that were never read while the
 * understanding rules were written, labelled and committed before the first scoring run.
 * `inRepo` files carry their text (permissive licence) and ship with the checkout; `external`
 * files are rebuilt outside the repository (licence not stated; see build-heldout-medspeech.ts)
 * under the eval directory and are scored only when present.
 */
export const HELDOUT_SET = {
  version: 'v1',
  /** Paths relative to the repository root. */
  inRepo: ['tools/eval/data/heldout-v1.jsonl'],
  /** Paths relative to the eval directory (../shared/eval or $TEXTBACK_EVAL_DIR). */
  external: ['heldout/heldout-v1-medspeech.jsonl'],
} as const;

/** Candidate eval directories, first match wins: `$TEXTBACK_EVAL_DIR`, then `shared/eval` beside the checkout or one of its parents. */
export function evalDirCandidates(repoRoot: string, envDir: string | undefined): string[] {
  return [envDir, join(repoRoot, '../shared/eval'), join(repoRoot, '../../shared/eval'), join(repoRoot, '../../../shared/eval')].filter(
    (d): d is string => typeof d === 'string' && d.length > 0,
  );
}

/** The first of `candidates` holding `marker` (default `dev.jsonl`), or undefined. */
export function findEvalDir(candidates: readonly string[], marker = 'dev.jsonl'): string | undefined {
  return candidates.find((d) => existsSync(join(d, marker)));
}

/** The held-out files: those present (to score) and those missing (to name in the report), as absolute paths. */
export function heldOutFiles(repoRoot: string, evalDir: string | undefined): { present: string[]; missing: string[] } {
  const all = [
    ...HELDOUT_SET.inRepo.map((f) => join(repoRoot, f)),
    ...HELDOUT_SET.external.map((f) => (evalDir ? join(evalDir, f) : `<eval dir>/${f}`)),
  ];
  return { present: all.filter((f) => existsSync(f)), missing: all.filter((f) => !existsSync(f)) };
}
