import { type Intent } from '@textback/contracts';
import { ClauseWords, compileTokenPattern, matchTokenPattern, normalizeConsentText, type CompiledTokenPattern } from '@textback/opt-out';
import { INTENT_VOCABULARY, INTENT_VOCABULARY_PRIORITY, type IntentVocabularyEntry } from './intent-vocabulary.constants';

/** A vocabulary phrase found in a message. */
export interface VocabularyIntent {
  intent: Intent;
  /** The matched words (folded: lower case, accents removed). */
  cue: string;
  entry: IntentVocabularyEntry;
}

interface CompiledEntry {
  entry: IntentVocabularyEntry;
  pattern: CompiledTokenPattern;
}

/** The vocabulary compiled once, in priority order (a bad phrase throws at load, caught by the unit specs). */
const COMPILED: readonly CompiledEntry[] = INTENT_VOCABULARY_PRIORITY.flatMap((intent) =>
  INTENT_VOCABULARY.filter((e) => e.intent === intent).map((entry) => ({ entry, pattern: compileTokenPattern(entry.phrase, entry.language, {}) })),
);

/**
 * The intent of the first INTENT_VOCABULARY phrase found in `raw`, trying intents in
 * INTENT_VOCABULARY_PRIORITY order, or null. The text is folded and split into clauses by
 * `normalizeConsentText` (@textback/opt-out: accents removed, clauses at sentence punctuation
 * including "¿" and "¡"); phrases match within one clause, comparing Snowball stems where marked.
 */
export function findVocabularyIntent(raw: string): VocabularyIntent | null {
  const clauses = normalizeConsentText(raw).clauses.map((words) => new ClauseWords(words));
  for (const { entry, pattern } of COMPILED) {
    for (const clause of clauses) {
      if (entry.maxClauseWords !== undefined && clause.words.length > entry.maxClauseWords) continue;
      const m = matchTokenPattern(pattern, clause);
      if (m) return { intent: entry.intent, cue: clause.words.slice(m.start, m.end).join(' '), entry };
    }
  }
  return null;
}
