import { type BusinessVertical, type Intent } from '@textback/contracts';
import { recognizeConsentReply } from '@textback/opt-out';
import { VEHICLE_CONTEXT } from './emergency.constants';
import { type EmergencyFinding } from './emergency-detector.util';
import { type IntentModel } from './intent-model.util';
import { findVocabularyIntent } from './intent-vocabulary.util';
import {
  ASKS_FOR_HUMAN,
  AVAILABILITY_REQUEST,
  BOOK_EXPLICIT,
  BOOKING_CHANGE,
  BOOKING_CHANGE_MENTION,
  CALLBACK,
  CALL_ME_NAME,
  CALLBACK_NEGATED,
  CANCEL,
  CHANGE_WITHDRAWN,
  CHANNEL_PREFERENCE,
  ENQUIRY_NOUNS,
  ENQUIRY_TOPICS,
  EXISTING_BOOKING_QUESTION,
  HOW_TO_BOOK,
  INFO_QUESTION,
  JOB_NOUNS,
  META_QUESTION,
  PHISHING_CUE,
  PHISHING_LINK,
  POLICY_QUESTION,
  PROBLEM_SIGNALS,
  QUESTION_FORM,
  QUESTION_WORDS,
  RESCHEDULE,
  SERVICE_FEEDBACK,
  SHORT_QUESTION_MAX_WORDS,
  SHORT_TOPIC_MAX_WORDS,
  SOON_SIGNALS,
  SPAM_SIGNALS,
  SYMPTOM_REPORT,
  WEAK_PROBLEM_SIGNALS,
  WRONG_NUMBER,
} from './intent.constants';
import { TRADE_FAULTS, TRADE_JOBS } from './trade-jobs.constants';

/** The classifier's verdict before details are attached. */
export interface IntentVerdict {
  intent: Intent;
  urgency: 'emergency' | 'soon' | 'routine' | 'none';
  confidence: number;
  asksForHuman: boolean;
}

/** A statistical intent model consulted when no rule decides, and the probability its guess needs to be used. */
export interface IntentModelOption {
  model: IntentModel;
  /** 0..1: below it the rules' `other` stands. */
  minProbability: number;
}

/** Number of spam signals in `normalized` plus one when `raw` shouts (three or more ALL-CAPS words). */
export function spamScore(normalized: string, raw: string): number {
  let score = SPAM_SIGNALS.filter((re) => re.test(normalized)).length;
  const shouted = raw.match(/\b[A-Z]{3,}\b/g)?.filter((w) => w !== 'NAME' && w !== 'PHONE' && w !== 'NUMBER').length ?? 0;
  if (shouted >= 3 && score > 0) score++;
  return score;
}

/**
 * Classifies one caller message, first rule that fires wins: empty -> other; an opt-out as the
 * shared recogniser (@textback/opt-out) sees it; emergency (from `emergency`, the danger cues, so recall is never traded for another
 * intent, except over a message that is clearly spam and only says "urgent"/"emergency");
 * spam; wrong number; reschedule; cancel; callback; an INTENT_VOCABULARY phrase (Spanish requests,
 * see intent-vocabulary.constants.ts); information questions; explicit booking
 * requests; other questions (any sentence phrased as one); short enquiries naming a published fact ("charges of
 * delivery"); problem descriptions (a job: book); otherwise the optional
 * statistical model's guess when it is book, cancel or question with at least its minimum
 * probability (see IntentModelOption; off unless given); a short text reading as a question; a few words naming an
 * ENQUIRY_TOPICS topic -> question; else other.
 */
export function classifyIntent(
  normalized: string,
  raw: string,
  emergency: EmergencyFinding,
  hasServiceMatch: boolean,
  model?: IntentModelOption,
  vertical?: BusinessVertical,
): IntentVerdict {
  const asksForHuman = ASKS_FOR_HUMAN.test(normalized);
  const verdict = (intent: Intent, urgency: IntentVerdict['urgency'], confidence: number): IntentVerdict => ({ intent, urgency, confidence, asksForHuman });
  if (normalized.length === 0) return verdict('other', 'none', 0.3);
  // The one opt-out recogniser messaging uses too (@textback/opt-out): `opt_out` here iff messaging records an opt-out.
  if (recognizeConsentReply(raw).kind === 'opt_out') return verdict('opt_out', 'none', 0.95);
  const spam = spamScore(normalized, raw);
  // Clearly phishing (a link plus credential/payment/prize cues, and no hazard named): spam even when it says URGENT.
  // The one exception to "URGENT/EMERGENCY always pages"; a named hazard still pages.
  if (isPhishing(raw) && emergency.hazard === null) return verdict('spam', 'none', 0.9);
  if (emergency.level === 'emergency' && !(spam >= 3 && emergency.hazard === null)) return verdict('emergency', 'emergency', emergency.hazard ? 0.9 : 0.75);
  if (spam >= 2) return verdict('spam', 'none', Math.min(0.95, 0.5 + spam * 0.1));
  if (WRONG_NUMBER.test(normalized)) return verdict('wrong_number', 'none', 0.8);
  const soon = emergency.level === 'soon' || SOON_SIGNALS.test(normalized);
  const urgency = soon ? 'soon' : 'routine';
  // "Cancellation policy", "if I cancel": a cancel word that requests nothing is removed before the change rules.
  const changeRequest = normalized.replace(BOOKING_CHANGE_MENTION, ' ');
  if ((RESCHEDULE.test(changeRequest) || BOOKING_CHANGE.test(changeRequest)) && !CHANGE_WITHDRAWN.test(changeRequest)) return verdict('reschedule', urgency, 0.85);
  if (CANCEL.test(changeRequest)) return verdict('cancel', 'routine', 0.85);
  // "Call me Mike" gives a name, not a request for a call: that phrase is left out of the callback test.
  const naming = CALL_ME_NAME.exec(raw);
  const callbackText = naming ? normalized.replace(`call me ${(naming[1] ?? '').toLowerCase()}`, ' ') : normalized;
  if (CALLBACK.test(callbackText) && !CALLBACK_NEGATED.test(callbackText)) return verdict('callback', urgency, 0.8);
  if (asksForHuman) return verdict('callback', urgency, 0.7);
  // Phrases in languages the English patterns above do not read (Spanish), kept as data with their source.
  // Its Spanish stem of "cancelar" also reads the English "cancel": not when that word only named a policy or a hypothetical.
  const mentionOnly = changeRequest !== normalized;
  const found = findVocabularyIntent(raw);
  const phrase = found && mentionOnly && (found.intent === 'cancel' || found.intent === 'reschedule') ? null : found;
  if (phrase) return verdict(phrase.intent, phrase.intent === 'wrong_number' ? 'none' : phrase.intent === 'cancel' ? 'routine' : urgency, 0.75);
  // A problem word names a job only when it is a job word ("leak", "repair", "pain"), not a bare negation or state.
  const job =
    hasServiceMatch ||
    JOB_NOUNS.test(normalized) ||
    VEHICLE_CONTEXT.test(normalized) ||
    PROBLEM_SIGNALS.test(normalized.replace(WEAK_PROBLEM_SIGNALS, ' ')) ||
    namesTradeJob(normalized, vertical);
  const questionUrgency = META_QUESTION.test(normalized) ? 'none' : urgency;
  // Asking for an opening is asking for a slot; praise or a complaint about a past visit with no job named is feedback.
  if (AVAILABILITY_REQUEST.test(normalized) && !EXISTING_BOOKING_QUESTION.test(normalized)) return verdict('book', urgency, 0.7);
  if (SERVICE_FEEDBACK.test(normalized) && !JOB_NOUNS.test(normalized) && !BOOK_EXPLICIT.test(normalized) && !QUESTION_FORM.test(normalized)) {
    return verdict('other', 'none', 0.5);
  }
  if (INFO_QUESTION.test(normalized) || EXISTING_BOOKING_QUESTION.test(normalized) || POLICY_QUESTION.test(normalized) || HOW_TO_BOOK.test(normalized)) {
    return verdict('question', questionUrgency, 0.7);
  }
  if (WH_OPENING.test(normalized) && !job) return verdict('question', questionUrgency, 0.65);
  if (BOOK_EXPLICIT.test(normalized)) return verdict('book', urgency, 0.8);
  if (startsWithProblemReport(normalized)) return verdict('book', urgency, 0.6);
  if (isQuestion(normalized)) return verdict('question', questionUrgency, 0.65);
  if (CHANNEL_PREFERENCE.test(normalized)) return verdict('other', 'none', 0.5);
  if (isShortEnquiry(normalized)) return verdict('question', questionUrgency, 0.55);
  if (SYMPTOM_REPORT.test(normalized)) return verdict('book', urgency, 0.6);
  if (job) return verdict('book', urgency, 0.6);
  const guess = model?.model.predict(normalized);
  if (guess && guess.intent !== 'other' && guess.probability >= (model?.minProbability ?? 1)) {
    return verdict(guess.intent, guess.intent === 'question' || guess.intent === 'book' ? urgency : 'routine', Math.min(0.6, guess.probability));
  }
  // A short text no rule decided that reads as a question (a wh-word or an inverted auxiliary anywhere) asks something.
  if (isShortQuestion(normalized)) return verdict('question', questionUrgency, 0.5);
  // A few words naming something a business publishes ("warranty?", "sizes available", "exchange possible") ask about it.
  if (isTopicEnquiry(normalized)) return verdict('question', questionUrgency, 0.45);
  return verdict('other', 'none', 0.4);
}

/**
 * True when, for a location of `vertical`, the text names one of its jobs ("kitchen renovation", "rekey") or one of the
 * things it fixes beside a fault ("tap dripping", "no hot water"): see TRADE_JOBS. False without a vertical.
 */
export function namesTradeJob(normalized: string, vertical: BusinessVertical | undefined): boolean {
  const trade = vertical ? TRADE_JOBS[vertical] : undefined;
  if (!trade) return false;
  if (trade.jobs.test(normalized)) return true;
  return trade.things.test(normalized) && (TRADE_FAULTS.test(normalized) || PROBLEM_SIGNALS.test(normalized));
}

/** Opens with a wh-question word (not "when": "when can you come" asks for a slot). */
const WH_OPENING = /^(?:(?:hi|hello|hey|ok|okay|so)[,!. ]+)?(?:why|what|what's|whats|where|which|who|how)\b/;

/**
 * True when the message opens with a statement (not a question) that names a thing and what is
 * wrong with it ("My car won't start. What could it be?"): a lead reporting a job, even if a
 * question follows.
 */
function startsWithProblemReport(normalized: string): boolean {
  const first = /^[^.?!:;]+(?=[.!:;]|\s-\s)/.exec(normalized)?.[0];
  if (!first || first.length === normalized.length) return false;
  if (QUESTION_FORM.test(first)) return false;
  return (JOB_NOUNS.test(first) || VEHICLE_CONTEXT.test(first)) && PROBLEM_SIGNALS.test(first);
}

/** ENQUIRY_NOUNS as a whole-string match: "price list", "hours". */
const ENQUIRY_HEADING = new RegExp(`^(?:${ENQUIRY_NOUNS.source})$`);

/** A greeting or determiner, one optional modifier, a head of one or two words, one optional "of/for/on ..." phrase. */
const BARE_ENQUIRY = /^(?:(?:hi|hello|hey|ok|okay)[,!. ]+)?(?:(?:what about|and|the|your|ur|any|pls|please) )?(?:([\w'-]+) )?([\w'-]+)(?: (?:of|for|on|in|at|to) (?:[\w'-]+ ?){1,5})?\s*[?.!]*$/;

/**
 * A bare enquiry: the whole text is an ENQUIRY_NOUNS heading, optionally after a greeting, a determiner and one
 * modifier, and optionally followed by one "of/for/on ..." phrase of up to five words ("charges of delivery",
 * "delivery charges?", "your prices for a cleaning", "price list"). A sentence that merely contains such a noun ("the
 * delivery van broke down", "I need a quote") is left to the other rules.
 */
function isShortEnquiry(normalized: string): boolean {
  const m = BARE_ENQUIRY.exec(normalized.trim());
  if (!m) return false;
  const [, modifier, head] = m;
  return ENQUIRY_HEADING.test(head ?? '') || (modifier !== undefined && ENQUIRY_HEADING.test(`${modifier} ${head ?? ''}`));
}

/** At most SHORT_TOPIC_MAX_WORDS words, one of which names an ENQUIRY_TOPICS topic. */
function isTopicEnquiry(normalized: string): boolean {
  const words = normalized.split(/\s+/).filter((w) => /[a-z0-9]/.test(w));
  return words.length > 0 && words.length <= SHORT_TOPIC_MAX_WORDS && ENQUIRY_TOPICS.test(normalized);
}

/** True when any sentence of the message is phrased as a question ("Hi, this is Ana. Do you do weekends"). */
function isQuestion(normalized: string): boolean {
  if (QUESTION_FORM.test(normalized)) return true;
  return normalized
    .split(/(?<=[.!?])\s+|\n+/)
    .slice(1)
    .some((sentence) => QUESTION_FORM.test(sentence.trim()));
}

/** At most SHORT_QUESTION_MAX_WORDS words and QUESTION_WORDS somewhere in them. */
function isShortQuestion(normalized: string): boolean {
  const words = normalized.split(/\s+/).filter((w) => /[a-z0-9]/.test(w));
  return words.length > 0 && words.length <= SHORT_QUESTION_MAX_WORDS && QUESTION_WORDS.test(normalized);
}

/** True when `raw` holds a link and at least one credential, payment or prize cue of SMS phishing. */
export function isPhishing(raw: string): boolean {
  return PHISHING_LINK.test(raw) && PHISHING_CUE.test(raw);
}
