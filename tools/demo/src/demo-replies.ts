import { readFileSync } from 'node:fs';
import { type CallerBehaviour } from './demo-scenario';

/** What a demo caller texts first, per behaviour. */
export type ReplyBook = Record<CallerBehaviour, string[]>;

/**
 * A small built-in set, written for the demo (home services). `--replies <file.jsonl>` replaces
 * the first messages of routine and emergency callers with real ones.
 */
export const BUILT_IN_REPLIES: ReplyBook = {
  silent: [],
  books: [
    'Hi, our furnace is blowing cold air. Can someone come take a look?',
    'My water heater is making a loud banging noise, can you send someone this week?',
    'Need someone to look at a clogged drain in the basement',
    'hey the heat stopped working upstairs, when can a tech come by?',
    'The AC is not cooling at all, can I get an appointment?',
    'Toilet keeps running and the pipe under the sink is dripping. need a plumber',
  ],
  qualifies_only: ['Hi, I wanted to get a quote for a new water heater', 'furnace is making a weird smell when it turns on, can someone check it?'],
  emergency: [
    'Water is pouring through the kitchen ceiling, a pipe burst upstairs!!',
    'I smell gas near the furnace in the basement',
    'Sewage is backing up into the basement floor drain, help',
    'no heat and it is 10 degrees, we have a newborn at home',
  ],
  stop: ['STOP', 'Stop.', 'stop ', ' STOP'],
  natural_stop: ['please stop texting me', 'Can you stop messaging me please'],
  wrong_number: ['wrong number sorry', 'I think you have the wrong number'],
  callback: ['Can someone just call me back please?', 'please call me, easier to talk'],
};

/** Answers a caller gives to the conversation's questions. */
export const BUILT_IN_ANSWERS = {
  service: ['The furnace', 'water heater', 'a leaking pipe', 'my AC'],
  when: ['tomorrow morning works', 'any time tomorrow afternoon', 'Friday morning if possible'],
  pick: ['2', '1', 'the first one works', '2 please'],
};

/** One row of a replies file in the format of ../shared/eval/dev.jsonl (extra fields ignored). */
interface LabelledRow {
  text?: unknown;
  label?: { intent?: unknown; urgency?: unknown };
}

/**
 * Loads caller messages from a JSON-lines file whose rows have `text` and `label.intent`
 * (book | question | emergency | wrong_number | opt_out | callback ...), the format of
 * `../shared/eval/dev.jsonl`. Intents map to demo behaviours (book -> books, question ->
 * qualifies_only, emergency -> emergency, wrong_number, callback, opt_out -> natural_stop);
 * behaviours the file has no rows for keep the built-in set.
 * @throws Error when the file cannot be read or a line is not JSON (with the line number).
 */
export function loadReplies(path: string, base: ReplyBook = BUILT_IN_REPLIES): ReplyBook {
  const byBehaviour: Partial<Record<CallerBehaviour, string[]>> = {};
  const map: Record<string, CallerBehaviour> = { book: 'books', question: 'qualifies_only', emergency: 'emergency', wrong_number: 'wrong_number', callback: 'callback', opt_out: 'natural_stop' };
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let row: LabelledRow;
      try {
        row = JSON.parse(line) as LabelledRow;
      } catch {
        throw new Error(`${path}:${i + 1}: not JSON`);
      }
      const behaviour = typeof row.label?.intent === 'string' ? map[row.label.intent] : undefined;
      if (!behaviour || typeof row.text !== 'string' || !row.text.trim()) return;
      (byBehaviour[behaviour] ??= []).push(row.text.trim());
    });
  const merged = { ...base };
  for (const [b, texts] of Object.entries(byBehaviour) as Array<[CallerBehaviour, string[]]>) merged[b] = texts;
  return merged;
}
