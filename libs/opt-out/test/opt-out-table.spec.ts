import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatConsentScore,
  recognizeConsentReply,
  scoreConsentReplies,
  type ConsentReplyKind,
  type LabelledConsentReply,
} from '@textback/opt-out';

interface TableRow extends LabelledConsentReply {
  category: string;
  language: string;
  /** `verbatim`: the text as found in the cited source; `constructed`: written for the table after a cited rule. */
  provenance: 'verbatim' | 'constructed';
  source: string;
  /** Dataset record id or document section, for rows added with their record (e.g. `SMSSpamCollection:335`). */
  record?: string;
  licence?: string;
  note?: string;
  /**
   * The recogniser's verdict where it differs from the label: a known disagreement, kept visible rather than
   * relabelled. Only a review-level one is allowed (an opt-out sent to review, none/ambiguous swapped), never a
   * missed or a false opt-out.
   */
  knownVerdict?: ConsentReplyKind;
}

const KINDS = new Set<ConsentReplyKind>(['opt_out', 'opt_in', 'help', 'ambiguous', 'none']);
const rows: TableRow[] = readFileSync(join(__dirname, 'opt-out-table.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as TableRow);

describe('opt-out table (libs/opt-out/test/opt-out-table.jsonl, sources in SOURCES.md)', () => {
  it('has at least 150 well-formed rows, each with a source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    for (const row of rows) {
      expect(KINDS.has(row.expected)).toBe(true);
      expect(row.source.length).toBeGreaterThan(10);
      expect(['en', 'es', 'fr']).toContain(row.language);
      expect(['verbatim', 'constructed']).toContain(row.provenance);
      // A constructed row says so in its source; a verbatim one never does.
      expect(row.source.toLowerCase().startsWith('constructed')).toBe(row.provenance === 'constructed');
    }
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
  });

  it('has at least 150 verbatim rows from public sources, each with its licence, none share-alike', () => {
    const verbatim = rows.filter((r) => r.provenance === 'verbatim');
    expect(verbatim.length).toBeGreaterThanOrEqual(150);
    for (const row of verbatim) {
      expect(row.licence?.length ?? 0).toBeGreaterThan(2);
      expect(row.licence).not.toMatch(/\bSA\b|share-?alike/i);
    }
  });

  it('misses no opt-out and makes no false opt-out over the whole table', () => {
    const score = scoreConsentReplies(rows);
    console.log(formatConsentScore(score).join('\n'));
    for (const e of score.errors) {
      console.log(`  ${e.expected} -> ${e.verdict.kind} (${e.verdict.rule}): ${JSON.stringify(e.text.slice(0, 120))}`);
    }
    expect(score.optOutsMissed).toBe(0);
    expect(score.falseOptOuts).toBe(0);
    expect(score.optOutsSentToReview).toBe(rows.filter((r) => r.expected === 'opt_out' && r.knownVerdict).length);
  });

  it('recognises every row as labelled, or as its recorded known disagreement (review-level only)', () => {
    const unexpected: string[] = [];
    for (const row of rows) {
      const kind = recognizeConsentReply(row.text).kind;
      if (row.knownVerdict !== undefined) {
        expect(row.knownVerdict).not.toBe(row.expected);
        expect(row.provenance).toBe('verbatim');
        if (row.expected === 'opt_out') expect(row.knownVerdict).toBe('ambiguous');
        if (row.expected !== 'opt_out') expect(row.knownVerdict).not.toBe('opt_out');
      }
      if (kind !== (row.knownVerdict ?? row.expected)) unexpected.push(`${row.expected} -> ${kind}: ${row.text}`);
    }
    expect(unexpected).toEqual([]);
  });

  it('names the rule, language and matched text for every verdict but none', () => {
    for (const row of rows) {
      const v = recognizeConsentReply(row.text);
      if (v.kind === 'none') continue;
      expect(v.rule).toMatch(/^[a-z-]+\.[a-z-]+\.[a-z0-9.-]+$|^negation\.[a-z-]+$/);
      expect(v.language).toMatch(/^(en|es|fr)$/);
      expect(v.matched?.length ?? 0).toBeGreaterThan(0);
    }
  });
});
