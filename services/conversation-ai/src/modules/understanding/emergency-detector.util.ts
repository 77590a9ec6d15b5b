import { type BusinessVertical, type LocationConfig } from '@textback/contracts';
import { ClauseWords, compileTokenPattern, type CompiledTokenPattern, matchTokenPattern, normalizeConsentText } from '@textback/opt-out';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { emergencyNumberOf } from './hazards/emergency-numbers.constants';
import {
  HAZARD_CATALOGUE,
  HAZARD_TOKEN_CLASSES,
  type HazardEntry,
  PLEA_CUES,
  SOON_CUES,
  NOT_URGENT_OPENINGS,
  URGENCY_ANSWERS,
  VERTICAL_CUES,
} from './hazards/hazard-catalogue.constants';
import {
  NEGATION_TERMINATORS,
  NEGATION_WINDOW,
  POST_NEGATION,
  PRE_NEGATION,
  HISTORICAL_CUES,
  PSEUDO_NEGATION_NEXT,
  VERB_NEGATION,
  VERB_NEGATION_WINDOW,
} from './hazards/negation.constants';
import { type Hazard } from './understanding.types';

/** A hazard the rules are unsure about: the bot asks the caller once whether it is urgent. */
export interface UrgencyQuestion {
  hazard: Hazard | null;
  /** Catalogue id (hazard-catalogue.constants.ts), e.g. `flooding`. */
  hazardId: string;
  /** The words of the message that raised it. */
  cue: string;
  /** Advice to send with the page if the caller says it is urgent. */
  safetyLine: string;
}

/** What the danger cues found in one message. */
export interface EmergencyFinding {
  /** `emergency` when a live page cue matched, `soon` for time pressure only, else null. */
  level: 'emergency' | 'soon' | null;
  hazard: Hazard | null;
  /** Catalogue id of the hazard that pages (`explicit_emergency`, `gas_leak`, `catalogue_service`...), else null. */
  hazardId: string | null;
  /** The matched words of the strongest live cue. */
  cue: string | null;
  /** Safety line for the caller when level is `emergency`, else null. */
  safetyLine: string | null;
  /** Set when no cue pages but one names a hazard the rules are unsure about (ask "is it urgent?"). */
  question: UrgencyQuestion | null;
}

/** What the detector knows about the location (all optional: the triage CLI has none). */
export interface EmergencyContext {
  vertical?: BusinessVertical;
  /** ISO 3166-1 alpha-2; else the country of `forwardToE164`. */
  countryCode?: string;
  /** E.164 of the location's line. */
  forwardToE164?: string;
  services?: LocationConfig['services'];
  /** Catalogue service the message named (an `urgent` one pages). */
  matchedServiceId?: string | null;
}

type Language = 'en' | 'es';
interface CompiledEntry {
  entry: HazardEntry;
  page: CompiledTokenPattern[];
  ask: CompiledTokenPattern[];
  escalateWhen: CompiledTokenPattern[];
  askWhen: CompiledTokenPattern[];
  notWhen: CompiledTokenPattern[];
  notWhenAsked: CompiledTokenPattern[];
}

/** Compiles one cue ("es: ..." is Spanish). @throws Error on an unknown token class (a catalogue bug). */
function compileCue(cue: string): CompiledTokenPattern {
  const spanish = cue.startsWith('es:');
  const language: Language = spanish ? 'es' : 'en';
  return compileTokenPattern(spanish ? cue.slice(3) : cue, language, HAZARD_TOKEN_CLASSES);
}

const COMPILED: readonly CompiledEntry[] = HAZARD_CATALOGUE.map((entry) => ({
  entry,
  page: entry.page.map(compileCue),
  ask: (entry.ask ?? []).map(compileCue),
  escalateWhen: (entry.escalateWhen ?? []).map(compileCue),
  askWhen: (entry.askWhen ?? []).map(compileCue),
  notWhen: (entry.notWhen ?? []).map(compileCue),
  notWhenAsked: (entry.notWhenAsked ?? []).map(compileCue),
}));
const COMPILED_SOON = SOON_CUES.map(compileCue);
const COMPILED_HISTORICAL = HISTORICAL_CUES.map(compileCue);
const COMPILED_PLEA = PLEA_CUES.map(compileCue);
const COMPILED_VERTICALS = Object.entries(VERTICAL_CUES).map(([vertical, cues]) => ({ vertical: vertical as BusinessVertical, patterns: (cues ?? []).map(compileCue) }));
const POST_NEGATION_WORDS = POST_NEGATION.map((p) => p.split(' '));
/** Symptom phrases of service catalogues, compiled once each (bounded). */
const SYMPTOM_CACHE = new Map<string, CompiledTokenPattern>();

/** Most dangerous first; the explicit words (null) last, so "URGENT, smell gas" gets the gas advice. */
const HAZARD_RANK: readonly (Hazard | null)[] = ['gas', 'carbon_monoxide', 'fire', 'electrical', 'medical', 'security', 'flooding', 'other', 'no_heat', 'no_cooling', null];

interface Hit {
  level: 'page' | 'ask';
  entry: HazardEntry;
  cue: string;
}

/**
 * Finds danger in a caller's text, from the hazard catalogue (data: hazard-catalogue.constants.ts). The text is
 * normalised and split into clauses by @textback/opt-out's normaliser; cues are token patterns matched on words and
 * Snowball stems; a cue counts unless negated in its clause (NegEx scope: negation.constants.ts) or voided by the
 * hazard's `notWhen` in that clause, or by its `notWhenAsked` in a clause phrased as a question with no word of haste in
 * the message ("Do you offer 24/7 emergency service?") (for a danger to a person, category `medical`, the voided page cue still asks the
 * urgency question: the exclusion makes the rules unsure, not sure). A page cue of a hazard outside the location's vertical (or, when that is
 * unknown, outside every vertical the message's words name) only raises the urgency question; an ask cue outside it
 * counts for nothing, except one of a danger to a person or an animal (category `medical`), which asks; an ask cue
 * with an `escalateWhen` word anywhere in the message pages; a page cue with an `askWhen` word anywhere in the
 * message (the aftermath of a flood, a car that is not being driven, a question about the law in general) only raises
 * the question, and so does an ask cue it escalated. A page cue of a danger to a person in a clause told as history
 * (ConText's historical triggers, HISTORICAL_CUES: "history of seizures", "was diagnosed with") only raises the
 * question. A question becomes a page when
 * the caller pleads for haste in a live (not negated) PLEA_CUES phrase ("please hurry"), as the answer "please
 * hurry" to the question would. A catalogue service marked `urgent` that the message named, or one of its
 * `urgentSymptoms`, pages. The strongest hit wins: a page over a question, then the more dangerous hazard. Safety
 * lines name the emergency number of the location's country (`countryCode`, else the country of `forwardToE164`).
 * Pure; never throws.
 */
export function detectEmergency(text: string, context: EmergencyContext = {}): EmergencyFinding {
  const clauses = withShoutedRuns(normalizeConsentText(text).clauses.map((words) => new ClauseWords(words)));
  const asked = askedClauses(text, clauses);
  const number = emergencyNumberFor(context);
  const verticals = context.vertical ? [context.vertical] : inferVerticals(clauses);
  let best: Hit | null = null;
  const consider = (hit: Hit) => {
    if (!best || outranks(hit, best)) best = hit;
  };
  for (const compiled of COMPILED) {
    const { entry } = compiled;
    const applies = entry.verticals === 'all' || verticals.length === 0 || verticals.some((v) => (entry.verticals as readonly string[]).includes(v));
    const escalated = compiled.escalateWhen.length > 0 && clauses.some((c) => compiled.escalateWhen.some((p) => matchTokenPattern(p, c)));
    const softened = compiled.askWhen.some((p) => clauses.some((c) => matchTokenPattern(p, c)));
    for (const clause of clauses) {
      const voided =
        compiled.notWhen.some((p) => matchTokenPattern(p, clause)) || (asked.has(clause) && compiled.notWhenAsked.some((p) => matchTokenPattern(p, clause)));
      // ConText: a danger to a person told as history ("history of seizures", "was diagnosed with...") is asked about.
      const historical = entry.category === 'medical' && COMPILED_HISTORICAL.some((p) => matchTokenPattern(p, clause));
      // A `notWhen` word beside a danger to a person ("the window smashed and I cut my hand deeply") leaves the rules
      // unsure rather than sure: the page cue asks the urgency question once. For property hazards the exclusion
      // names the other sense of the word ("spark plugs", "gas station") and the cue counts for nothing.
      if (voided && entry.category !== 'medical') continue;
      for (const p of compiled.page) {
        const cue = liveMatch(p, clause);
        if (cue) consider({ level: applies && !softened && !voided && !historical ? 'page' : 'ask', entry, cue });
      }
      if (voided) continue;
      // A danger to a person or an animal (category `medical`) named to a business of another vertical still asks
      // (issue 15: urgency errs toward people); a property hazard's ask cue outside its verticals counts for nothing.
      if (!applies && entry.category !== 'medical') continue;
      for (const p of compiled.ask) {
        const cue = liveMatch(p, clause);
        if (cue) consider({ level: escalated && !softened && !historical ? 'page' : 'ask', entry, cue });
      }
    }
  }
  const catalogueHit = fromServiceCatalogue(clauses, context);
  if (catalogueHit) consider(catalogueHit);
  let hit = best as Hit | null;
  const pleads = clauses.some((c) => COMPILED_PLEA.some((p) => liveMatch(p, c) !== null));
  if (hit && hit.level === 'ask' && pleads) hit = { ...hit, level: 'page' };
  const line = (entry: HazardEntry) => entry.advice.replace(/\{\{emergencyNumber\}\}/g, number);
  if (hit && hit.level === 'page') {
    return { level: 'emergency', hazard: hit.entry.category, hazardId: hit.entry.id, cue: hit.cue, safetyLine: line(hit.entry), question: null };
  }
  const soon = clauses.some((c) => COMPILED_SOON.some((p) => liveMatch(p, c) !== null));
  // A caller who says it is not urgent ("it's not an emergency, but...") is not asked; a page cue still pages.
  const question = hit && !deniesUrgency(clauses) ? { hazard: hit.entry.category, hazardId: hit.entry.id, cue: hit.cue, safetyLine: line(hit.entry) } : null;
  return { level: soon ? 'soon' : null, hazard: null, hazardId: null, cue: null, safetyLine: null, question };
}

/** Longest clause, in words, that counts as one shouted fragment ("GAS!", "SMELL!", "no heat!"). */
const FRAGMENT_MAX_WORDS = 2;

/**
 * The clauses plus, for each run of two or more neighbouring fragments (clauses of at most FRAGMENT_MAX_WORDS words:
 * "GAS! SMELL! BASEMENT!"), one more clause of their words together ("gas smell basement"), so a cue split by
 * telegraphic punctuation still matches. The added clause only adds matches: every fragment is still read alone.
 */
function withShoutedRuns(clauses: ClauseWords[]): ClauseWords[] {
  const out = [...clauses];
  let run: ClauseWords[] = [];
  const flush = () => {
    if (run.length >= 2) out.push(new ClauseWords(run.flatMap((c) => c.words)));
    run = [];
  };
  for (const c of clauses) {
    if (c.words.length <= FRAGMENT_MAX_WORDS) run.push(c);
    else flush();
  }
  flush();
  return out;
}

/** Words that open a question (auxiliaries and wh-words; not "can/could/will": "can you send..." requests). */
const ASKED_CLAUSE_OPENERS = new Set(['do', 'does', 'dont', 'doesnt', 'are', 'is', 'have', 'has', 'how', 'what', 'whats', 'which', 'any', 'when', 'whens']);
/** Words of haste: with one anywhere in the message, an asked clause is not taken as a mere enquiry. */
const HASTE_WORDS = new Set(['now', 'asap', 'immediately', 'tonight', 'hurry', 'help', 'quick', 'quickly', 'urgent', 'urgently']);

/**
 * The clauses phrased as a question: the last clause before a "?" of `text`, or one whose first word (after a greeting)
 * is in ASKED_CLAUSE_OPENERS. Empty when the message holds a word of haste (HASTE_WORDS). Clauses are compared by
 * identity with `clauses` (the same normalisation, per "?"-ended part of the text).
 */
function askedClauses(text: string, clauses: readonly ClauseWords[]): Set<ClauseWords> {
  const asked = new Set<ClauseWords>();
  if (clauses.some((c) => c.words.some((w) => HASTE_WORDS.has(w)))) return asked;
  const questionEnds = new Set<string>();
  for (const part of text.split('?').slice(0, -1)) {
    const last = normalizeConsentText(part).clauses.at(-1);
    if (last) questionEnds.add(last.join(' '));
  }
  for (const c of clauses) {
    const first = ['hi', 'hello', 'hey', 'ok', 'okay', 'so', 'and'].includes(c.words[0] ?? '') ? c.words[1] : c.words[0];
    if (questionEnds.has(c.words.join(' ')) || ASKED_CLAUSE_OPENERS.has(first ?? '')) asked.add(c);
  }
  return asked;
}

const COMPILED_EXPLICIT = COMPILED.filter((c) => c.entry.id === 'explicit_emergency').flatMap((c) => c.page);

/**
 * True when the caller denies urgency in so many words: an explicit-emergency cue ("emergency", "urgent", "in
 * danger") that occurs only negated in its clause ("it's not an emergency", "non-urgent", "nobody is in danger").
 */
function deniesUrgency(clauses: readonly ClauseWords[]): boolean {
  return clauses.some((c) => COMPILED_EXPLICIT.some((p) => !!matchTokenPattern(p, c) && liveMatch(p, c) === null));
}

/** The verticals a message's words name (empty when none). */
export function inferVerticals(clauses: readonly ClauseWords[]): BusinessVertical[] {
  return COMPILED_VERTICALS.filter((v) => clauses.some((c) => v.patterns.some((p) => matchTokenPattern(p, c)))).map((v) => v.vertical);
}

/** ISO country of an E.164 number (libphonenumber-js metadata), or undefined. */
export function countryOf(e164: string | undefined): string | undefined {
  if (!e164) return undefined;
  return parsePhoneNumberFromString(e164)?.country;
}

/** The words of the first match of `pattern` in `clause` that is not negated, or null. */
function liveMatch(pattern: CompiledTokenPattern, clause: ClauseWords): string | null {
  const words = clause.words;
  for (let offset = 0; offset < words.length; ) {
    const m = matchTokenPattern(pattern, offset === 0 ? clause : new ClauseWords(words.slice(offset)));
    if (!m) return null;
    const start = offset + m.start;
    const end = offset + m.end;
    if (!isNegated(words, start, end)) return words.slice(start, end).join(' ');
    offset = start + 1;
  }
  return null;
}

/** NegEx scope (negation.constants.ts): a trigger before the match, or a resolution after it, in the clause. */
export function isNegated(words: readonly string[], start: number, end: number): boolean {
  for (let j = start - 1; j >= 0 && start - j <= NEGATION_WINDOW; j--) {
    const w = words[j] ?? '';
    if (NEGATION_TERMINATORS.has(w)) break;
    if (PSEUDO_NEGATION_NEXT.has(words[j + 1] ?? '')) continue;
    if (PRE_NEGATION.has(w)) return true;
    if (VERB_NEGATION.has(w) && start - j <= VERB_NEGATION_WINDOW) return true;
  }
  const after = words.slice(end, end + NEGATION_WINDOW);
  return POST_NEGATION_WORDS.some((phrase) => after.some((_, i) => phrase.every((p, k) => after[i + k] === p)));
}

/**
 * The advice line for a hazard category (the first catalogue entry of that category; the explicit-words line for
 * null), with the emergency number of the context's country. For answers that name a category but no cue (the LLM).
 */
export function safetyLineFor(hazard: Hazard | null, context: EmergencyContext = {}): string {
  const entry = HAZARD_CATALOGUE.find((e) => e.category === hazard) ?? HAZARD_CATALOGUE.find((e) => e.category === null);
  const number = emergencyNumberFor(context);
  return (entry?.advice ?? 'If anyone is in danger, call {{emergencyNumber}} now.').replace(/\{\{emergencyNumber\}\}/g, number);
}

/**
 * The emergency number safety lines name for a location: that of its `countryCode`, else of the country of its
 * `forwardToE164` (libphonenumber-js); "your local emergency number" when neither is known (emergency-numbers.constants.ts).
 */
export function emergencyNumberFor(context: Pick<EmergencyContext, 'countryCode' | 'forwardToE164'>): string {
  return emergencyNumberOf(context.countryCode ?? countryOf(context.forwardToE164));
}

/**
 * Reads a reply to the urgency question: `yes` (pages), `no`, or null when the reply is neither (the message is then
 * understood as any other). The whole first clause must be an answer of URGENCY_ANSWERS, or open with a not-urgent
 * phrase (NOT_URGENT_OPENINGS: "it can wait till Monday", "no rush"), or start with yes/no.
 */
export function readUrgencyAnswer(text: string): 'yes' | 'no' | null {
  const first = normalizeConsentText(text).clauses[0];
  if (!first) return null;
  const phrase = first.join(' ');
  for (const kind of ['yes', 'no'] as const) {
    if (URGENCY_ANSWERS[kind].includes(phrase)) return kind;
  }
  const head = first[0] ?? '';
  if (NOT_URGENT_OPENINGS.some((opening) => phrase === opening || phrase.startsWith(`${opening} `))) return 'no';
  if (['yes', 'yeah', 'yep', 'yup', 'si'].includes(head)) return 'yes';
  if (['no', 'nope', 'nah'].includes(head)) return 'no';
  return null;
}

function fromServiceCatalogue(clauses: readonly ClauseWords[], context: EmergencyContext): Hit | null {
  const services = context.services ?? [];
  const category: Hazard = context.vertical === 'dental' || context.vertical === 'medical_office' || context.vertical === 'veterinary' ? 'medical' : 'other';
  const entry = (cueOf: string): Hit => ({
    level: 'page',
    cue: cueOf,
    entry: { id: 'catalogue_service', category, verticals: 'all', page: [], advice: 'If anyone is in danger, call {{emergencyNumber}} now.', source: 'catalogue' },
  });
  const named = context.matchedServiceId ? services.find((s) => s.serviceId === context.matchedServiceId) : undefined;
  if (named?.urgent) return entry(named.name.toLowerCase());
  for (const service of services) {
    for (const symptom of service.urgentSymptoms ?? []) {
      let pattern = SYMPTOM_CACHE.get(symptom);
      if (!pattern) {
        pattern = symptomPattern(symptom);
        if (SYMPTOM_CACHE.size < 5_000) SYMPTOM_CACHE.set(symptom, pattern);
      }
      for (const clause of clauses) {
        const cue = liveMatch(pattern, clause);
        if (cue) return entry(cue);
      }
    }
  }
  return null;
}

/** A manifest symptom phrase ("knocked out tooth") as a stem pattern allowing one word between its words. */
function symptomPattern(symptom: string): CompiledTokenPattern {
  const words = normalizeConsentText(symptom).words.filter((w) => /^[a-z0-9]+$/.test(w));
  return compileTokenPattern(words.map((w) => `~${w}`).join(' *1 ') || '~urgent', 'en', {});
}

function outranks(a: Hit, b: Hit): boolean {
  if (a.level !== b.level) return a.level === 'page';
  return HAZARD_RANK.indexOf(a.entry.category) < HAZARD_RANK.indexOf(b.entry.category);
}
