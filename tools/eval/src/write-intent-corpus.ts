import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLabelledFile } from './labelled-row';

/**
 * CLINC150 intents (clinc/oos-eval, data/data_full.json) mapped to Textback's intents, as a
 * caller texting a local business would mean them. Only intents with a clear counterpart are
 * kept: scheduling and reserving -> book, cancelling a reservation -> cancel, questions a
 * business answers (its reservations, waits, orders, car care, who it is) -> question,
 * greetings, thanks, yes/no/maybe and goodbyes -> other.
 */
export const CLINC150_INTENT_MAP: Readonly<Record<string, 'book' | 'cancel' | 'question' | 'other'>> = {
  schedule_maintenance: 'book',
  restaurant_reservation: 'book',
  book_hotel: 'book',
  car_rental: 'book',
  cancel_reservation: 'cancel',
  accept_reservations: 'question',
  confirm_reservation: 'question',
  how_busy: 'question',
  oil_change_how: 'question',
  oil_change_when: 'question',
  tire_pressure: 'question',
  tire_change: 'question',
  jump_start: 'question',
  last_maintenance: 'question',
  order_status: 'question',
  application_status: 'question',
  insurance: 'question',
  food_last: 'question',
  what_is_your_name: 'question',
  are_you_a_bot: 'question',
  who_do_you_work_for: 'question',
  greeting: 'other',
  goodbye: 'other',
  thank_you: 'other',
  yes: 'other',
  no: 'other',
  maybe: 'other',
};

/** Folded form used to find a corpus utterance among the labelled evaluation rows. */
function fold(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * `node dist/tools/eval/src/write-intent-corpus.js <clinc data_full.json> <commit> <out.json> [eval.jsonl ...]`:
 * writes the intent corpus the shipped intent model trains on: the `train` split of CLINC150 for
 * the intents of CLINC150_INTENT_MAP, minus every utterance whose text (folded) or record id
 * equals a row of the given evaluation files (read here only to leave them out; never written).
 * The output records source, commit, licence, mapping, exclusions and a content hash.
 */
function main(): void {
  const [input, commit, out, ...evalFiles] = process.argv.slice(2);
  if (!input || !commit || !out) {
    console.error('usage: write-intent-corpus <data_full.json> <commit> <out.json> [eval.jsonl ...]');
    process.exit(2);
  }
  const data = JSON.parse(readFileSync(input, 'utf8')) as { train: [string, string][] };
  const evalTexts = new Set<string>();
  const evalIds = new Set<string>();
  for (const f of evalFiles) {
    for (const line of readFileSync(f, 'utf8').split('\n').filter((l) => l.trim())) {
      const doc = JSON.parse(line) as { text: string; source_repo?: string; source_record_id?: string };
      evalTexts.add(fold(doc.text));
      if (doc.source_repo === 'clinc/oos-eval' && doc.source_record_id) evalIds.add(doc.source_record_id);
    }
    readLabelledFile(f); // fails loudly on a malformed evaluation file
  }
  let excluded = 0;
  const examples: { text: string; intent: string; clincIntent: string }[] = [];
  data.train.forEach(([text, clincIntent], i) => {
    const intent = CLINC150_INTENT_MAP[clincIntent];
    if (!intent) return;
    if (evalTexts.has(fold(text)) || evalIds.has(`train[${i}]`)) {
      excluded++;
      return;
    }
    examples.push({ text, intent, clincIntent });
  });
  const sha256 = createHash('sha256').update(JSON.stringify(examples)).digest('hex');
  const corpus = {
    id: `clinc150-${commit.slice(0, 7)}-${sha256.slice(0, 12)}`,
    /** owner/name of the source repository: the evaluation's leave-one-source-out retrains without this corpus when that source is held out. */
    sourceRepo: 'clinc/oos-eval',
    source: {
      dataset: 'CLINC150 (An Evaluation Dataset for Intent Classification and Out-of-Scope Prediction, Larson et al., EMNLP 2019)',
      repository: 'https://github.com/clinc/oos-eval',
      commit,
      path: 'data/data_full.json',
      split: 'train',
      licence: 'CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/)',
      attribution: 'Copyright 2019 Clinc, Inc.; utterances unchanged, filtered to the intents below and relabelled to Textback intents.',
    },
    mapping: CLINC150_INTENT_MAP,
    excludedAsEvaluationRows: excluded,
    sha256,
    examples,
  };
  // One example per line, so a diff of the corpus reads as a list of utterances.
  const { examples: rows, ...head } = corpus;
  const body = rows.map((e) => `  ${JSON.stringify(e)}`).join(',\n');
  writeFileSync(resolve(out), `${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "examples": [\n${body}\n  ]\n}\n`);
  console.log(`${examples.length} examples (${excluded} left out as evaluation rows) -> ${out} (${corpus.id})`);
}

main();
