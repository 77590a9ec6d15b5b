import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ExternalCsvSpec } from './heldout-external';

/** A part of the held-out set whose text is not committed: its labels (in the repo) and how to rebuild it from its source CSV. */
export interface ExternalHeldOutPart extends ExternalCsvSpec {
  name: string;
  /** The rebuilt file, relative to the eval directory. */
  file: string;
  /** The committed labels (no text), relative to the repository root. */
  labels: string;
  /** Where the CSV comes from, for the build script's usage line. */
  source: string;
}

/**
 * The fresh held-out set (tools/eval/data/README.md): labelled rows that were never read while the
 * understanding rules were written, labelled and committed before the first scoring run.
 * `inRepo` files carry their text (permissive licence) and ship with the checkout; `external`
 * files are rebuilt outside the repository (licence not stated; see build-heldout-external.ts)
 * under the eval directory and are scored only when present.
 */
export const HELDOUT_SET: { version: string; inRepo: readonly string[]; external: readonly ExternalHeldOutPart[] } = {
  version: 'v1',
  /** Paths relative to the repository root. */
  inRepo: ['tools/eval/data/heldout-v1.jsonl'],
  external: [
    {
      name: 'medspeech',
      file: 'heldout/heldout-v1-medspeech.jsonl',
      labels: 'tools/eval/data/heldout-v1-medspeech.labels.jsonl',
      textColumn: 'phrase',
      key: { column: 'file_name' },
      source: 'overview-of-recordings.csv (bzamith/ID_Agile-HH at 54fda56d36385d09c09ccbb41cc772e7c0e9ec3d)',
    },
    {
      name: 'smishing',
      file: 'heldout/heldout-v1-smishing.jsonl',
      labels: 'tools/eval/data/heldout-v1-smishing.labels.jsonl',
      textColumn: 'TEXT',
      key: 'row',
      source: 'data/SMISH_DT-main/Dataset/Mendeley_Dataset_5971.csv (marcellonascif/smishing-models at ef943e87f62a15e4d279fa147fe69ad206c3a01e)',
    },
  ],
};

/**
 * The second fresh held-out collection (tools/eval/data/README.md, "heldout-v2"): labelled and committed before
 * its first scoring run; heldout-v1 (HELDOUT_SET) became development data on 2026-12-04 when rules were changed
 * after reading its errors. Scored only on request (`--heldout-v2`) so that nobody reads its errors while tuning.
 */
export const FRESH_SET_V2: { version: string; inRepo: readonly string[]; external: readonly { name: string; file: string; labels: string; builder: string }[] } = {
  version: 'v2',
  inRepo: ['tools/eval/data/heldout-v2.jsonl'],
  /** Parts whose text is not committed (no licence stated): rebuilt under the eval directory by their builder. */
  external: [
    {
      name: 'sahyog',
      file: 'heldout/heldout-v2-sahyog.jsonl',
      labels: 'tools/eval/data/heldout-v2-sahyog.labels.jsonl',
      builder: 'python3 tools/eval/data/builders/heldout-v2-sahyog.py <git dir of a clone of nik9hil/Sahyog>',
    },
  ],
};

/**
 * The third fresh held-out collection (tools/eval/data/README.md, "heldout-v3"): labelled and committed before its
 * first scoring run (commit "Eval: heldout-v3 labels ..."), from sources used nowhere else (HINT3 SOFMattress, 911
 * first utterances). No text is committed (ODbL / no licence stated): both parts are rebuilt under the eval
 * directory by their builder and scored only on request (`--heldout-v3`), never with an error list.
 */
export const FRESH_SET_V3: { version: string; inRepo: readonly string[]; external: readonly { name: string; file: string; labels: string; builder: string }[] } = {
  version: 'v3',
  inRepo: [],
  external: [
    {
      name: 'hint3',
      file: 'heldout/heldout-v3-hint3.jsonl',
      labels: 'tools/eval/data/heldout-v3-hint3.labels.jsonl',
      builder: 'python3 tools/eval/data/builders/heldout-v3.py build <git dir of hellohaptik/HINT3> <git dir of virajpwr/MSc.-thesis-and-code>',
    },
    {
      name: '911',
      file: 'heldout/heldout-v3-911.jsonl',
      labels: 'tools/eval/data/heldout-v3-911.labels.jsonl',
      builder: 'python3 tools/eval/data/builders/heldout-v3.py build <git dir of hellohaptik/HINT3> <git dir of virajpwr/MSc.-thesis-and-code>',
    },
  ],
};

/**
 * The fourth fresh held-out collection (tools/eval/data/README.md, "heldout-v4"): built by
 * tools/eval/data/builders/heldout-v4.py and committed before its first scoring run (commit "Eval: heldout-v4 ..."), from
 * sources used nowhere else (NLU++ hotels and banking, disaster response messages), both CC BY 4.0, so the text is in the
 * repository. Scored only on request (`--heldout-v4`), never with an error list.
 */
export const FRESH_SET_V4: { version: string; inRepo: readonly string[]; external: readonly { name: string; file: string; labels: string; builder: string }[] } = {
  version: 'v4',
  inRepo: ['tools/eval/data/heldout-v4.jsonl'],
  external: [],
};

/**
 * The fifth fresh held-out collection (tools/eval/data/README.md, "heldout-v5"): built by
 * tools/eval/data/builders/heldout-v5.py and committed before its first scoring run (commit "Eval: heldout-v5 ..."), from a
 * source used nowhere else (the LUIS utterances of Microsoft Bot Framework's Calendar and Restaurant skills, MIT), so the
 * text is in the repository. Scored only on request (`--heldout-v5`), never with an error list; heldout-v4 is development
 * data from the pass that built it.
 */
export const FRESH_SET_V5: { version: string; inRepo: readonly string[]; external: readonly { name: string; file: string; labels: string; builder: string }[] } = {
  version: 'v5',
  inRepo: ['tools/eval/data/heldout-v5.jsonl'],
  external: [],
};

/**
 * The sixth fresh held-out collection (tools/eval/data/README.md, "heldout-v6"): built by
 * tools/eval/data/builders/heldout-v6.py and committed before its first scoring run (commit "Eval: heldout-v6 labels ..."),
 * from a source used nowhere else (the test messages of another HVAC receptionist project, no licence stated), so only
 * labels are in the repository and the texts are rebuilt into the eval directory. Scored only on request
 * (`--heldout-v6`). Development data since the eleventh pass (2026-12-05, h/triage7): its errors were read
 * (`--heldout-errors` lists them) and the rules changed from them; heldout-v7 is the fresh measure.
 */
export const FRESH_SET_V6: { version: string; inRepo: readonly string[]; external: readonly { name: string; file: string; labels: string; builder: string }[] } = {
  version: 'v6',
  inRepo: [],
  external: [
    {
      name: 'HVAC receptionist test messages',
      file: 'heldout/heldout-v6-hvac.jsonl',
      labels: 'tools/eval/data/heldout-v6-hvac.labels.jsonl',
      builder: 'python3 tools/eval/data/builders/heldout-v6.py build <git dir of Magnat911/hvac-ai-receptionist>',
    },
  ],
};

/**
 * The seventh fresh held-out collection (tools/eval/data/README.md, "heldout-v7"): built by
 * tools/eval/data/builders/heldout-v7.py and committed before its first scoring run (commit "Eval: heldout-v7 labels ..."),
 * from sources used nowhere else (a plumbing receptionist's intent sheet and another after-hours plumbing intake project's
 * test lines, no licence stated), so only labels are in the repository and the texts are rebuilt into the eval directory.
 * Scored only on request (`--heldout-v7`). Development data since the twelfth pass (2026-12-05, h/triage8): its errors were
 * read (`--heldout-errors` lists them) and the rules changed from them; heldout-v8 is the fresh measure.
 */
export const FRESH_SET_V7: { version: string; inRepo: readonly string[]; external: readonly { name: string; file: string; labels: string; builder: string }[] } = {
  version: 'v7',
  inRepo: [],
  external: [
    {
      name: 'plumbing receptionist utterances',
      file: 'heldout/heldout-v7-plumbing.jsonl',
      labels: 'tools/eval/data/heldout-v7-plumbing.labels.jsonl',
      builder: 'python3 tools/eval/data/builders/heldout-v7.py build <git dir of voturi/ava-ai-receptionist> <git dir of chenzo0526/Afterhours>',
    },
  ],
};

/**
 * The eighth fresh held-out collection (tools/eval/data/README.md, "heldout-v8"): built by
 * tools/eval/data/builders/heldout-v8.py and committed before its first scoring run (commit "Eval: heldout-v8 labels ..."),
 * from four sources used nowhere else (test caller lines of a home-service front desk, a dental clinic receptionist, an
 * Irish trades receptionist and a remodelling call assistant; no licence stated), so only labels are in the repository and
 * the texts are rebuilt into the eval directory. Scored only on request (`--heldout-v8`). Development data since the
 * thirteenth pass (2026-12-05, h/rules13): its errors were read (`--heldout-errors` lists them) and the rules changed from them.
 */
export const FRESH_SET_V8: { version: string; inRepo: readonly string[]; external: readonly { name: string; file: string; labels: string; builder: string }[] } = {
  version: 'v8',
  inRepo: [],
  external: [
    {
      name: 'trades, dental and remodelling receptionist test lines',
      file: 'heldout/heldout-v8-mixed.jsonl',
      labels: 'tools/eval/data/heldout-v8-mixed.labels.jsonl',
      builder:
        'python3 tools/eval/data/builders/heldout-v8.py build <git dir of ItsArupSaha/frontdesk_ai_agent> <git dir of ahmad19sep/VoiceLead> <git dir of jamesdoherty987/AI_Receptionist-Trades> <git dir of mustafashaheen1/legacy-prime-workflow-suite>',
    },
  ],
};

/**
 * The ninth fresh held-out collection (tools/eval/data/README.md, "heldout-v9"): built by
 * tools/eval/data/builders/heldout-v9.py and committed before its first scoring run (commit "Eval: heldout-v9 labels ..."),
 * from eight sources used nowhere else (a multi-industry AI receptionist's evals, demo personas and tests; a UK trades
 * receptionist's emergency tests; an SMS booking bot's scenarios; a property manager's tenant phrases; a personal-injury firm's
 * chat bot tests; a missed-call text-back bot's conversations; a lead-triage exercise; a salon receptionist demo), so only
 * labels are in the repository and the texts are rebuilt into the eval directory. Scored only on request (`--heldout-v9`),
 * never with an error list.
 */
export const FRESH_SET_V9: { version: string; inRepo: readonly string[]; external: readonly { name: string; file: string; labels: string; builder: string }[] } = {
  version: 'v9',
  inRepo: [],
  external: [
    {
      name: 'multi-vertical receptionist, SMS bot and tenant test lines',
      file: 'heldout/heldout-v9-mixed.jsonl',
      labels: 'tools/eval/data/heldout-v9-mixed.labels.jsonl',
      builder:
        'python3 tools/eval/data/builders/heldout-v9.py build <git dir of harshilkikani/AI_Receptionist> <git dir of jackcarlos19/sms-chatbot> <git dir of kyoungd/nevermisscall> <git dir of nickovasco1-ops/Trade-receptionist> <git dir of Vincenzo0228-bong/ai-read-processing> <git dir of michael-wang0605/esto-work-trial> <git dir of BayshoreCommunication/chatbot_backend> <git dir of testvagrant/a2a-poc>',
    },
  ],
};

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
    ...HELDOUT_SET.external.map((p) => (evalDir ? join(evalDir, p.file) : `<eval dir>/${p.file}`)),
  ];
  return { present: all.filter((f) => existsSync(f)), missing: all.filter((f) => !existsSync(f)) };
}
