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
  source: string;
  note?: string;
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
    }
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
  });

  it('recognises every row as labelled: every opt-out caught, zero false opt-outs', () => {
    const score = scoreConsentReplies(rows);
    console.log(formatConsentScore(score).join('\n'));
    for (const e of score.errors) {
      console.log(`  ${e.expected} -> ${e.verdict.kind} (${e.verdict.rule}): ${JSON.stringify(e.text)}`);
    }
    expect(score.optOutsMissed).toBe(0);
    expect(score.optOutsSentToReview).toBe(0);
    expect(score.optOutsCaught).toBe(score.optOuts);
    expect(score.falseOptOuts).toBe(0);
    expect(score.errors.map((e) => `${e.expected} -> ${e.verdict.kind}: ${e.text}`)).toEqual([]);
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
