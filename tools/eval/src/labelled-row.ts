import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * One labelled caller message of ../shared/eval (dev.jsonl, dev2.jsonl): the text, where it came
 * from and its gold intent and urgency. Read at run time only; never copied into the project.
 */
export interface LabelledRow {
  /** `<file name>:<line number>` (1-based), for error lists. */
  id: string;
  text: string;
  /** `source_repo` of the row (owner/name), or null when the row has none. */
  sourceRepo: string | null;
  /** `source_url` of the row, or null. */
  sourceUrl: string | null;
  /** `license` of the row as written, or null. */
  license: string | null;
  /** `domain` of the row (the business it was texted to), or `unknown`. */
  domain: string;
  intent: string;
  urgency: string;
  /** `label.usable` (false marks the annotator's deliberate near-misses); default true. */
  usable: boolean;
}

/**
 * Parses one JSONL line of a labelled file.
 * @throws Error naming `<file>:<line>` when the line is not JSON or lacks `text`, `label.intent` or `label.urgency`.
 */
export function parseLabelledRow(line: string, id: string): LabelledRow {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(line) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${id}: not JSON (${(err as Error).message})`);
  }
  const label = (doc.label ?? {}) as { intent?: unknown; urgency?: unknown; usable?: unknown };
  if (typeof doc.text !== 'string') throw new Error(`${id}: missing string field "text"`);
  if (typeof label.intent !== 'string' || typeof label.urgency !== 'string') throw new Error(`${id}: missing label.intent or label.urgency`);
  const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
  return {
    id,
    text: doc.text,
    sourceRepo: str(doc.source_repo),
    sourceUrl: str(doc.source_url),
    license: str(doc.license),
    domain: str(doc.domain) ?? 'unknown',
    intent: label.intent,
    urgency: label.urgency,
    usable: label.usable !== false,
  };
}

/** Reads every non-empty line of the labelled JSONL `file`. @throws on the first bad line (see parseLabelledRow). */
export function readLabelledFile(file: string): LabelledRow[] {
  const name = basename(file);
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, id: `${name}:${i + 1}` }))
    .filter(({ line }) => line.trim().length > 0)
    .map(({ line, id }) => parseLabelledRow(line, id));
}
