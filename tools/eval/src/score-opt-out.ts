import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatConsentScore,
  OPT_OUT_RULES_VERSION,
  scoreConsentReplies,
  type ConsentReplyKind,
  type LabelledConsentReply,
} from '@textback/opt-out';

const KINDS = new Set<string>(['opt_out', 'opt_in', 'help', 'ambiguous', 'none']);
const DEFAULT_FILE = join(__dirname, '..', '..', '..', '..', 'libs', 'opt-out', 'test', 'opt-out-table.jsonl');

/** A labelled line with the table's provenance fields when it has them (the shared eval files have none). */
interface ParsedRow extends LabelledConsentReply {
  provenance?: string;
  licence?: string;
}

/**
 * Reads one labelled line: either the opt-out table's `{text, expected}` or the shared eval format
 * `{text, label: {intent}}`, where intent `opt_out` is an opt-out and every other intent is `none` (those sets
 * carry no opt-in/help/ambiguous labels). Throws Error naming the line when neither shape fits.
 */
function parseLine(line: string, file: string, lineNo: number): ParsedRow {
  const row = JSON.parse(line) as {
    text?: unknown;
    expected?: unknown;
    label?: { intent?: unknown };
    provenance?: unknown;
    licence?: unknown;
  };
  if (typeof row.text !== 'string') throw new Error(`${file}:${lineNo}: no "text"`);
  if (typeof row.expected === 'string' && KINDS.has(row.expected)) {
    return {
      text: row.text,
      expected: row.expected as ConsentReplyKind,
      ...(typeof row.provenance === 'string' ? { provenance: row.provenance } : {}),
      ...(typeof row.licence === 'string' ? { licence: row.licence } : {}),
    };
  }
  if (typeof row.label?.intent === 'string') {
    return { text: row.text, expected: row.label.intent === 'opt_out' ? 'opt_out' : 'none' };
  }
  throw new Error(`${file}:${lineNo}: neither "expected" (opt_out|opt_in|help|ambiguous|none) nor "label.intent"`);
}

/**
 * `npm run eval:optout -- [--file path.jsonl] [--errors]`: runs the shared consent-reply recogniser
 * (@textback/opt-out) over labelled texts (default: libs/opt-out/test/opt-out-table.jsonl) and prints the
 * confusion table (rows expected, columns predicted), opt-outs caught / sent to review / missed and false
 * opt-outs, and the same per `provenance` (verbatim / constructed) with verbatim rows counted per licence when the
 * file carries them. `--errors` lists every row whose verdict differs from its label. Exit code 1 when an opt-out is missed
 * or a non-opt-out is recognised as one.
 */
function main(): void {
  const argv = process.argv.slice(2);
  const fileIndex = argv.indexOf('--file');
  const file = fileIndex >= 0 ? argv[fileIndex + 1] : DEFAULT_FILE;
  if (!file) {
    console.error('usage: npm run eval:optout -- [--file labels.jsonl] [--errors]');
    process.exit(2);
  }
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, lineNo: i + 1 }))
    .filter(({ line }) => line.trim().length > 0)
    .map(({ line, lineNo }) => parseLine(line, file, lineNo));
  const score = scoreConsentReplies(rows);
  console.log(`${file} (rules ${OPT_OUT_RULES_VERSION})`);
  for (const line of formatConsentScore(score)) console.log(line);
  // The opt-out table marks each row verbatim (from a cited public source) or constructed: score each part apart.
  const provenances = [...new Set(rows.map((r) => r.provenance).filter((p): p is string => p !== undefined))];
  for (const provenance of provenances.sort()) {
    const part = rows.filter((r) => r.provenance === provenance);
    const s = scoreConsentReplies(part);
    console.log(
      `${provenance}: rows ${s.total}, differ from label ${s.errors.length}; opt-outs ${s.optOuts}: caught ` +
        `${s.optOutsCaught}, sent to review ${s.optOutsSentToReview}, missed ${s.optOutsMissed}; false opt-outs ` +
        `${s.falseOptOuts}`,
    );
    if (provenance !== 'verbatim') continue;
    const licences = new Map<string, number>();
    for (const r of part) licences.set(r.licence ?? '(none)', (licences.get(r.licence ?? '(none)') ?? 0) + 1);
    for (const [licence, n] of [...licences].sort((a, b) => b[1] - a[1])) console.log(`  ${n} ${licence}`);
  }
  if (argv.includes('--errors')) {
    for (const e of score.errors) {
      console.log(`  ${e.expected} -> ${e.verdict.kind} (${e.verdict.rule}): ${JSON.stringify(e.text.slice(0, 140))}`);
    }
  }
  if (score.optOutsMissed > 0 || score.falseOptOuts > 0) process.exitCode = 1;
}

main();
