import type { ConsentReplyVerdict } from './consent-reply.types';
import { normalizeConsentText } from './text-normalizer.util';
import {
  ClauseWords,
  compileTokenPattern,
  matchTokenPattern,
  type CompiledTokenPattern,
  type TokenPatternMatch,
} from './token-pattern.util';
import {
  CLAUSE_LEAD_INS,
  CLAUSE_TAILS,
  CONSENT_TOKEN_CLASSES,
  CONSENT_VOCABULARY,
  COURTESY_WORDS,
  type ConsentLanguage,
  type ConsentVocabularyEntry,
} from './vocabulary/opt-out-vocabulary.constants';

// ---------------------------------------------------------------------------------------------------------------
// Everything below up to recognizeConsentReply is built once, when the module loads.
// ---------------------------------------------------------------------------------------------------------------

interface PhraseRule {
  entry: ConsentVocabularyEntry;
  vetoesOptOut: boolean;
  pattern: CompiledTokenPattern;
  negatable: boolean;
  notAfter: ReadonlySet<string>;
  notBefore: ReadonlySet<string>;
}

const NONE: ConsentReplyVerdict = Object.freeze({ kind: 'none', rule: 'none' });

/** Whole-message lookup (scopes `message` and `clause`), first entry per phrase wins. */
const WHOLE_MESSAGE = new Map<string, ConsentVocabularyEntry>();
/** Same, keyed by the phrase with doubled letters squeezed ("stopp" -> "stop"); opt-out and help only. */
const WHOLE_MESSAGE_SQUEEZED = new Map<string, ConsentVocabularyEntry>();
/** Clause lookup (scope `clause`). */
const CLAUSE = new Map<string, ConsentVocabularyEntry>();
/** Whole-message-only opt-out words seen as one clause of a longer message: ambiguous. */
const MESSAGE_ONLY_OPT_OUT = new Map<string, ConsentVocabularyEntry>();
const PHRASES: PhraseRule[] = [];
/** Phrases that, matched in a clause, keep any opt-out from being read from it (quoted instructions). */
const VETOES: PhraseRule[] = [];
const STOP_SIGN_ENTRY = CONSENT_VOCABULARY.find((e) => e.phrase === '<stop-sign>');

const DOUBLED_LETTERS = /([a-z])\1+/g;
const squeezeDoubles = (s: string): string => s.replace(DOUBLED_LETTERS, '$1');
const KEYWORD_PREFIX = /^keyword\./;

for (const entry of CONSENT_VOCABULARY) {
  if (entry.scope === 'phrase') {
    const rule: PhraseRule = {
      entry,
      pattern: compileTokenPattern(entry.phrase, entry.language, CONSENT_TOKEN_CLASSES),
      negatable: entry.negatable ?? (entry.kind === 'opt_out' || entry.kind === 'ambiguous'),
      vetoesOptOut: entry.vetoesOptOut === true,
      notAfter: new Set(entry.notAfter ?? []),
      notBefore: new Set(entry.notBefore ?? []),
    };
    (rule.vetoesOptOut ? VETOES : PHRASES).push(rule);
    continue;
  }
  if (!WHOLE_MESSAGE.has(entry.phrase)) WHOLE_MESSAGE.set(entry.phrase, entry);
  const squeezed = squeezeDoubles(entry.phrase);
  if ((entry.kind === 'opt_out' || entry.kind === 'help') && !WHOLE_MESSAGE_SQUEEZED.has(squeezed)) {
    WHOLE_MESSAGE_SQUEEZED.set(squeezed, entry);
  }
  if (entry.scope === 'clause' && !CLAUSE.has(entry.phrase)) CLAUSE.set(entry.phrase, entry);
  if (entry.scope === 'message' && entry.kind === 'opt_out' && !MESSAGE_ONLY_OPT_OUT.has(entry.phrase)) {
    MESSAGE_ONLY_OPT_OUT.set(entry.phrase, entry);
  }
}

/** Multi-word lists as word arrays, longest first so "thank you" is removed before "you" could be. */
const toWordLists = (phrases: readonly string[]): readonly (readonly string[])[] =>
  [...new Set(phrases)].map((p) => p.split(' ')).sort((a, b) => b.length - a.length);
const COURTESY = toWordLists(COURTESY_WORDS);
const LEADS = toWordLists(CLAUSE_LEAD_INS);
const TAILS = toWordLists(CLAUSE_TAILS);

/** Negators per language, from the vocabulary's @neg_<language> classes. */
const NEGATORS: Readonly<Record<ConsentLanguage, ReadonlySet<string>>> = {
  en: new Set((CONSENT_TOKEN_CLASSES.neg_en ?? '').split('|')),
  es: new Set((CONSENT_TOKEN_CLASSES.neg_es ?? '').split('|')),
  fr: new Set(['ne', 'n']),
};
/** "don't you", "won't you": a negator followed by these is an imperative, not a negation. */
const RHETORICAL_AFTER_NEGATOR = new Set(['you', 'u', 'ya', 'yall']);
const NEGATION_WINDOW = 4;
/** A gerund after "stop" ("stop being", "stop thinkin"): the activity stopped is named. */
const STOPS_AN_ACTIVITY = /^[a-z]{2,}(ing|[^aei]in)$/;
/** Words after a phrase match that `notBefore` looks at. */
const NOT_BEFORE_WINDOW = 3;

/** Per se words that, found in a sentence no rule explains, send the message to a person. */
const PER_SE_IN_SENTENCE = new Map<string, ConsentLanguage>([
  ['stop', 'en'],
  ['stopp', 'en'],
  ['stahp', 'en'],
  ['unsubscribe', 'en'],
  ['arret', 'fr'],
  ['arrete', 'fr'],
  ['arretez', 'fr'],
  ['basta', 'es'],
]);

/**
 * Words that may follow "call me" when the caller is asked to stop calling; any other word after "call me" names
 * the sender ("stop calling me charlie", "don't call me bill anymore - call me bob", "Don't call me dumb": CLINC150
 * change_user_name, RasaHQ/STAR), which is not a request to stop contacting.
 */
const CALL_ME_CONTINUATIONS = new Set([
  'again', 'anymore', 'any', 'ever', 'no', 'back', 'at', 'on', 'or', 'and', 'n', 'from', 'with', 'about', 'every',
  'all', 'this', 'these', 'that', 'so', 'today', 'tonight', 'tomorrow', 'please', 'pls', 'plz', 'now', 'here',
  'until', 'till', 'after', 'before', 'during', 'for', 'ok', 'thanks', 'thank', 'anytime', 'lol', 'you', 'u', 'ya',
  'if', 'unless', 'when', 'nor', 'too', 'either', 'stop', 'period', 'thx', 'ty', 'sir',
]);
const CALL_VERBS = new Set(['call', 'calling', 'called', 'calls', 'ring', 'ringing', 'phone', 'phoning']);
/** Verbs that pass a request on to a third party ("tell them to stop calling me"). */
const RELAY_VERBS = new Set(['tell', 'telling', 'told', 'ask', 'asking', 'asked', 'get', 'make']);
const SECOND_PERSON = new Set(['you', 'u', 'ya', 'yall', 'yu']);
/** A bare number of five or more digits: a short code or phone number in an opt-out instruction. */
const NUMBER_TOKEN = /^\d{5,}$/;
/** Per se words that, followed closely by a number, are an instruction ("OptOut 08718727870", "stop SMS 0871..."). */
const INSTRUCTION_PER_SE = new Set(['stop', 'stopsms', 'unsubscribe', 'unsub', 'optout', 'out']);
const INSTRUCTION_NUMBER_WINDOW = 3;
/** Words of an instruction between the keyword and the number ("stop texts call 0871...", "STOP to 62468"). */
const INSTRUCTION_SEND_WORDS = new Set(['call', 'txt', 'text', 'send', 'sms', 'reply', 'to', 'on', '2']);

/** True when "call me" in the match is followed by a word that names the sender rather than a continuation. */
function namesTheSender(words: readonly string[], start: number, end: number): boolean {
  let i = start;
  while (i < end && !CALL_VERBS.has(words[i] ?? '')) i++;
  if (i >= end) return false;
  const meAt = words[i + 1] === 'me' ? i + 1 : -1;
  if (meAt < 0) return false;
  const next = words[meAt + 1];
  if (next === undefined || /^\d/.test(next) || next.endsWith('ly')) return false;
  return !CALL_ME_CONTINUATIONS.has(next);
}

/** True when the match is what the sender asks someone else to do ("tell them to stop calling me"). */
function relayedToThirdParty(words: readonly string[], start: number): boolean {
  if (words[start - 1] !== 'to') return false;
  for (let j = start - 2; j >= Math.max(0, start - 5); j--) {
    if (RELAY_VERBS.has(words[j] ?? '')) {
      const between = words.slice(j + 1, start - 1);
      return between.length > 0 && !between.some((w) => SECOND_PERSON.has(w));
    }
  }
  return false;
}

/** A per se word followed within a few words by a short code or phone number: an instruction, not a request. */
function quotesKeywordAndNumber(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if (!INSTRUCTION_PER_SE.has(words[i] ?? '')) continue;
    for (let k = i + 1; k <= Math.min(words.length - 1, i + INSTRUCTION_NUMBER_WINDOW); k++) {
      if (!NUMBER_TOKEN.test(words[k] ?? '')) continue;
      // "OptOut 08718727870", "stop SMS 0871...", "send STOP FRND to 62468"; not "stop texting 5551234567".
      const between = words.slice(i + 1, k);
      if (between.length === 0 || between.some((w) => INSTRUCTION_SEND_WORDS.has(w))) {
        return words.slice(i, k + 1).join(' ');
      }
    }
  }
  return undefined;
}

/** Single-word courtesy words, for keywords run together with one ("stopplease", "pleasestop"). */
const COURTESY_ONE_WORD = new Set(COURTESY_WORDS.filter((w) => !w.includes(' ')));
/** Single-word opt-out and help keywords, longest first. */
const ONE_WORD_KEYWORDS: readonly ConsentVocabularyEntry[] = CONSENT_VOCABULARY.filter(
  (e) =>
    (e.kind === 'opt_out' || e.kind === 'help') &&
    e.scope !== 'phrase' &&
    !e.phrase.includes(' ') &&
    e.phrase.length >= 3,
).sort((a, b) => b.phrase.length - a.phrase.length);

/** The keyword entry of a single word that is a keyword run together with a courtesy word ("stopplease"). */
function keywordWithCourtesy(word: string): ConsentVocabularyEntry | undefined {
  if (word.length > 24) return undefined;
  for (const e of ONE_WORD_KEYWORDS) {
    if (word.startsWith(e.phrase) && COURTESY_ONE_WORD.has(word.slice(e.phrase.length))) return e;
    if (word.endsWith(e.phrase) && COURTESY_ONE_WORD.has(word.slice(0, word.length - e.phrase.length))) return e;
  }
  return undefined;
}

/** Single-word opt-out keywords that a one-word message within one typo of is sent to a person. */
const FUZZY_TARGETS: readonly ConsentVocabularyEntry[] = CONSENT_VOCABULARY.filter(
  (e) => e.kind === 'opt_out' && e.scope !== 'phrase' && !e.phrase.includes(' ') && e.phrase.length >= 4,
);
/** Real words one typo away from a keyword: never treated as a typo of it. */
const FUZZY_REAL_WORDS = new Set([
  'step', 'shop', 'stops', 'stomp', 'stoop', 'atop', 'slop', 'stow', 'stoa', 'spot', 'quite', 'quiet', 'suit', 'quilt',
  'quits', 'cancer', 'candle', 'camel', 'parer', 'parra', 'paras', 'pera', 'pare', 'altos', 'alta', 'alte', 'auto',
  'arrets', 'baja', 'bajo', 'basta', 'pasta', 'baste', 'bastan', 'revoke', 'evoke', 'invoke', 'remove', 'removed',
  'cancel', 'finir', 'parar', 'panar', 'optou', 'sloop', 'scop', 'stoep', 'stor', 'stole', 'stone', 'stove', 'store',
  'atop', 'stap', 'strop', 'sop', 'top', 'end', 'ended', 'send', 'tend', 'lend', 'mend', 'bend', 'fend', 'vend',
]);

// ---------------------------------------------------------------------------------------------------------------

function verdict(
  entry: ConsentVocabularyEntry,
  matched: string,
  kind = entry.kind,
  rule = entry.id,
): ConsentReplyVerdict {
  return { kind, rule, language: entry.language, matched };
}

/** `words` with every occurrence of the listed word sequences removed. */
function withoutAny(words: readonly string[], lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  let i = 0;
  outer: while (i < words.length) {
    for (const list of lists) {
      if (startsWithAt(words, i, list)) {
        i += list.length;
        continue outer;
      }
    }
    const w = words[i] as string;
    if (w !== out[out.length - 1]) out.push(w);
    i++;
  }
  return out;
}

function startsWithAt(words: readonly string[], at: number, list: readonly string[]): boolean {
  if (at + list.length > words.length) return false;
  for (let k = 0; k < list.length; k++) if (words[at + k] !== list[k]) return false;
  return true;
}

/** The clause with lead-ins stripped from its start and tails from its end. */
function clauseCore(words: readonly string[]): string {
  let start = 0;
  let end = words.length;
  let progressed = true;
  while (progressed && start < end) {
    progressed = false;
    for (const list of LEADS) {
      if (start + list.length < end && startsWithAt(words, start, list)) {
        start += list.length;
        progressed = true;
        break;
      }
    }
  }
  progressed = true;
  while (progressed && start < end) {
    progressed = false;
    for (const list of TAILS) {
      if (end - list.length > start && startsWithAt(words, end - list.length, list)) {
        end -= list.length;
        progressed = true;
        break;
      }
    }
  }
  return words.slice(start, end).join(' ');
}

function isNegated(words: readonly string[], start: number, language: ConsentLanguage): boolean {
  const negators = NEGATORS[language];
  for (let j = Math.max(0, start - NEGATION_WINDOW); j < start; j++) {
    const w = words[j];
    if (w !== undefined && negators.has(w) && !RHETORICAL_AFTER_NEGATOR.has(words[j + 1] ?? '')) return true;
  }
  return false;
}

/** Optimal-string-alignment distance of `a` and `b`, capped: returns `max + 1` once it exceeds `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = (rows[i - 1]?.[j] ?? 0) + 1;
      const left = (row[j - 1] ?? 0) + 1;
      const diag = (rows[i - 1]?.[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let v = Math.min(up, left, diag);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(v);
    }
    rows.push(row);
  }
  const d = rows[a.length]?.[b.length] ?? max + 1;
  return d > max ? max + 1 : d;
}

interface ClauseHits {
  optOut?: ConsentReplyVerdict;
  ambiguous?: ConsentReplyVerdict;
  none?: ConsentReplyVerdict;
  /** A clause quoted opt-out instructions: an opt-out read from another clause is sent to a person instead. */
  instruction?: ConsentReplyVerdict;
}

const INSTRUCTION_NUMBER_ENTRY: ConsentVocabularyEntry = {
  id: 'ambiguous.instruction.keyword-and-number',
  language: 'en',
  kind: 'ambiguous',
  scope: 'phrase',
  phrase: '<per se word> *2 <number of 5+ digits>',
  source: 'uci-sms-spam',
  vetoesOptOut: true,
};

/** Whether a phrase match is cancelled by the words around it (notAfter, notBefore). */
function blockedByNeighbours(rule: PhraseRule, words: readonly string[], m: TokenPatternMatch): boolean {
  if (rule.notAfter.has(words[m.start - 1] ?? '')) return true;
  return (
    rule.notBefore.size > 0 && words.slice(m.end, m.end + NOT_BEFORE_WINDOW).some((w) => rule.notBefore.has(w))
  );
}

function recognizeInClause(words: readonly string[], hits: ClauseHits): void {
  const clause = new ClauseWords(words);
  for (const veto of VETOES) {
    const m = matchTokenPattern(veto.pattern, clause);
    if (m && !blockedByNeighbours(veto, words, m)) {
      const v = verdict(veto.entry, words.slice(m.start, m.end).join(' '));
      hits.ambiguous ??= v;
      hits.instruction ??= v;
      return;
    }
  }
  const keywordAndNumber = quotesKeywordAndNumber(words);
  if (keywordAndNumber) {
    const v = verdict(INSTRUCTION_NUMBER_ENTRY, keywordAndNumber);
    hits.ambiguous ??= v;
    hits.instruction ??= v;
    return;
  }
  const core = clauseCore(words);
  const clauseEntry = CLAUSE.get(core);
  if (clauseEntry && clauseEntry.kind === 'opt_out') {
    hits.optOut ??= verdict(clauseEntry, core);
    return;
  }
  if (clauseEntry && clauseEntry.kind === 'ambiguous') hits.ambiguous ??= verdict(clauseEntry, core);
  const messageOnly = MESSAGE_ONLY_OPT_OUT.get(core);
  if (messageOnly && !hits.ambiguous) {
    hits.ambiguous = verdict(messageOnly, core, 'ambiguous', messageOnly.id.replace(KEYWORD_PREFIX, 'clause.'));
  }

  const explained: TokenPatternMatch[] = [];
  for (const rule of PHRASES) {
    const { entry } = rule;
    if (entry.kind === 'opt_out' && hits.optOut) continue;
    const m = matchTokenPattern(rule.pattern, clause);
    if (!m) continue;
    if (blockedByNeighbours(rule, words, m)) continue;
    const matched = words.slice(m.start, m.end).join(' ');
    if (entry.kind !== 'none' && (namesTheSender(words, m.start, m.end) || relayedToThirdParty(words, m.start))) {
      // "stop calling me charlie", "tell them to stop calling me": not a request to stop contacting the sender.
      hits.none ??= { kind: 'none', rule: 'near-miss.en.not-the-sender', language: entry.language, matched };
      explained.push(m);
      continue;
    }
    if (rule.negatable && isNegated(words, m.start, entry.language)) {
      // A negated request ("I don't want to unsubscribe") explains the per se word in it.
      const slug = entry.id.slice(entry.id.lastIndexOf('.') + 1);
      hits.none ??= { kind: 'none', rule: `negation.${entry.language}.${slug}`, language: entry.language, matched };
      explained.push(m);
      continue;
    }
    if (entry.kind === 'opt_out') hits.optOut ??= verdict(entry, matched);
    else if (entry.kind === 'ambiguous') hits.ambiguous ??= verdict(entry, matched);
    else if (entry.kind === 'none') {
      hits.none ??= verdict(entry, matched);
      explained.push(m);
    }
  }
  if (hits.optOut || hits.ambiguous) return;
  for (let i = 0; i < words.length; i++) {
    const language = PER_SE_IN_SENTENCE.get(words[i] ?? '');
    if (!language || explained.some((m) => i >= m.start && i < m.end)) continue;
    // "stop being an old man", "stop wondering", "stop syncing": stopping an activity the next word names (a
    // messaging verb would have matched an opt-out phrase above).
    if (language === 'en' && STOPS_AN_ACTIVITY.test(words[i + 1] ?? '')) continue;
    hits.ambiguous = {
      kind: 'ambiguous',
      rule: `ambiguous.${language}.per-se-word-in-sentence`,
      language,
      matched: words.join(' '),
    };
    return;
  }
}

/**
 * Recognises what an inbound text says about consent: opt_out, opt_in, help, ambiguous or none.
 *
 * Rules, first that applies wins (README.md of this library explains each with its source):
 * 1. Whole message: the normalised text, courtesy words removed, is a keyword (STOP, CANCEL, PARA, ARRÊT, HELP,
 *    START...) -> that kind. Opt-in words count only when they are the exact whole message.
 * 2. A one-word message one typo from an opt-out keyword and not itself a common word -> ambiguous.
 * 3. Per clause: a clause that is a per se word with lead-ins/tails ("please just stop", "wrong number, stop"),
 *    or an opt-out phrase anywhere ("please stop texting me", "no me envíes más mensajes") not negated -> opt_out.
 *    A whole-message-only keyword (CANCEL, END, QUIT) as one clause of a longer text, an unclear phrase
 *    ("not interested") or a per se word in a sentence no rule explains -> ambiguous.
 * 4. Otherwise none; `rule` names a negation or near miss ("negation.dont-stop", "near-miss.en.stop-by") when one
 *    explained a per se word.
 *
 * Pure, synchronous, never throws; about tens of microseconds for an SMS-sized text (patterns are compiled when
 * the module loads). Input past 1,600 characters is ignored. An `opt_in` verdict is only meaningful for a number
 * that is opted out (Twilio/CTIA: START, UNSTOP, YES resubscribe); callers must not treat it as consent otherwise.
 */
export function recognizeConsentReply(text: string): ConsentReplyVerdict {
  if (typeof text !== 'string') return NONE;
  const normalized = normalizeConsentText(text);
  if (normalized.words.length === 0) {
    return normalized.hasStopSign && STOP_SIGN_ENTRY ? verdict(STOP_SIGN_ENTRY, '<stop-sign>') : NONE;
  }

  const exact = normalized.words.join(' ');
  const exactEntry = WHOLE_MESSAGE.get(exact);
  if (exactEntry && exactEntry.kind !== 'none') return verdict(exactEntry, exact);
  const core = withoutAny(normalized.words, COURTESY).join(' ');
  const coreEntry = WHOLE_MESSAGE.get(core) ?? WHOLE_MESSAGE_SQUEEZED.get(squeezeDoubles(core));
  if (coreEntry && coreEntry.kind !== 'opt_in' && coreEntry.kind !== 'none') return verdict(coreEntry, core);
  const runTogether = core.includes(' ') ? undefined : keywordWithCourtesy(core);
  if (runTogether) return verdict(runTogether, core);

  const hits: ClauseHits = {};
  for (const clause of normalized.clauses) recognizeInClause(clause, hits);
  // A text that quotes opt-out instructions ("Stop? txt CLUB STOP to 87070") is a marketing text or a forwarded
  // one: the opt-out read from its other clauses goes to a person rather than being recorded.
  if (hits.optOut) return hits.instruction ?? hits.optOut;
  if (hits.ambiguous) return hits.ambiguous;

  if (core.length >= 4 && !core.includes(' ') && !FUZZY_REAL_WORDS.has(core)) {
    const target = FUZZY_TARGETS.find((e) => editDistance(core, e.phrase, 1) === 1);
    if (target) return verdict(target, core, 'ambiguous', `fuzzy.${target.id}`);
  }
  if (normalized.hasStopSign && STOP_SIGN_ENTRY && core.length === 0) return verdict(STOP_SIGN_ENTRY, '<stop-sign>');
  return hits.none ?? NONE;
}
