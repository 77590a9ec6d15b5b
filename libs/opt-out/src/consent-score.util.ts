import type { ConsentReplyKind, ConsentReplyVerdict } from './consent-reply.types';
import { recognizeConsentReply } from './consent-reply.recognizer';

/** Kinds in the order the confusion table prints them. */
export const CONSENT_REPLY_KINDS: readonly ConsentReplyKind[] = ['opt_out', 'ambiguous', 'opt_in', 'help', 'none'];

/** One labelled text: `expected` is the kind a reasonable reader assigns. */
export interface LabelledConsentReply {
  text: string;
  expected: ConsentReplyKind;
}

/** A labelled text with the recogniser's verdict. */
export interface ScoredConsentReply extends LabelledConsentReply {
  verdict: ConsentReplyVerdict;
}

/**
 * Confusion counts of the recogniser over labelled texts.
 * - `optOutsCaught`: rows labelled opt_out recognised as opt_out; `optOutsSentToReview`: recognised as ambiguous
 *   (automation pauses, a person decides); `optOutsMissed`: recognised as anything else (answered by the bot).
 * - `falseOptOuts`: rows not labelled opt_out recognised as opt_out (the sender is wrongly silenced).
 */
export interface ConsentScore {
  total: number;
  /** confusion[expected][predicted] = count */
  confusion: Record<ConsentReplyKind, Record<ConsentReplyKind, number>>;
  optOuts: number;
  optOutsCaught: number;
  optOutsSentToReview: number;
  optOutsMissed: number;
  falseOptOuts: number;
  /** Rows whose verdict kind differs from the label. */
  errors: ScoredConsentReply[];
}

/** Runs {@link recognizeConsentReply} over `rows` and counts the outcomes. */
export function scoreConsentReplies(rows: readonly LabelledConsentReply[]): ConsentScore {
  const confusion = Object.fromEntries(
    CONSENT_REPLY_KINDS.map((k) => [k, Object.fromEntries(CONSENT_REPLY_KINDS.map((p) => [p, 0]))]),
  ) as Record<ConsentReplyKind, Record<ConsentReplyKind, number>>;
  const score: ConsentScore = {
    total: 0,
    confusion,
    optOuts: 0,
    optOutsCaught: 0,
    optOutsSentToReview: 0,
    optOutsMissed: 0,
    falseOptOuts: 0,
    errors: [],
  };
  for (const row of rows) {
    const verdict = recognizeConsentReply(row.text);
    score.total++;
    confusion[row.expected][verdict.kind]++;
    if (row.expected === 'opt_out') {
      score.optOuts++;
      if (verdict.kind === 'opt_out') score.optOutsCaught++;
      else if (verdict.kind === 'ambiguous') score.optOutsSentToReview++;
      else score.optOutsMissed++;
    } else if (verdict.kind === 'opt_out') {
      score.falseOptOuts++;
    }
    if (verdict.kind !== row.expected) score.errors.push({ ...row, verdict });
  }
  return score;
}

/** The confusion table as text lines (rows: expected, columns: predicted). */
export function formatConsentScore(score: ConsentScore): string[] {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const lines = [`expected \\ predicted ${CONSENT_REPLY_KINDS.map((k) => pad(k, 10)).join('')}`];
  for (const e of CONSENT_REPLY_KINDS) {
    lines.push(`${e.padEnd(20)} ${CONSENT_REPLY_KINDS.map((p) => pad(score.confusion[e][p], 10)).join('')}`);
  }
  lines.push(
    `rows ${score.total}; opt-outs ${score.optOuts}: caught ${score.optOutsCaught}, sent to review ` +
      `${score.optOutsSentToReview}, missed ${score.optOutsMissed}; false opt-outs ${score.falseOptOuts}`,
  );
  return lines;
}
