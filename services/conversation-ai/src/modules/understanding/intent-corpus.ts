import { type Intent } from '@textback/contracts';
import clinc150 from './intent-corpus/clinc150-intents.json';
import { type IntentExample, type IntentModel, trainIntentModel } from './intent-model.util';

/**
 * A vendored public corpus the intent model trains on: its id (source, commit and content hash),
 * the owner/name of its source repository, and its utterances relabelled to Textback intents.
 * Provenance (licence, attribution, mapping, exclusions) is in the JSON file beside it.
 */
export interface IntentCorpus {
  id: string;
  sourceRepo: string;
  examples: readonly IntentExample[];
}

/**
 * The corpora the shipped intent model is trained on. Today one: a CLINC150 subset (CC BY 3.0,
 * clinc/oos-eval; see `intent-corpus/clinc150-intents.json` and docs/understanding.md), written
 * by `tools/eval/src/write-intent-corpus.ts` with the evaluation rows left out.
 */
export const INTENT_CORPORA: readonly IntentCorpus[] = [
  { id: clinc150.id, sourceRepo: clinc150.sourceRepo, examples: clinc150.examples.map((e) => ({ text: e.text, intent: e.intent as Intent })) },
];

/**
 * Trains an intent model on the vendored corpora, leaving out those whose source repository is
 * in `withoutSources` (the evaluation holds a source out this way). Returns null when no corpus is left.
 */
export function trainCorpusIntentModel(withoutSources: readonly string[] = []): IntentModel | null {
  const corpora = INTENT_CORPORA.filter((c) => !withoutSources.includes(c.sourceRepo));
  if (corpora.length === 0) return null;
  return trainIntentModel(
    corpora.flatMap((c) => c.examples),
    corpora.map((c) => c.id).join('+'),
  );
}
