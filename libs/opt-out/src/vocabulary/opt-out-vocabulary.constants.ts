import type { ConsentReplyKind } from '../consent-reply.types';
import type { ConsentSourceId } from './consent-sources.constants';

/**
 * The opt-out / opt-in / help vocabulary, as data. Bump {@link OPT_OUT_RULES_VERSION} whenever an entry is
 * added, removed or changed: the consent ledger records the version with the rule id that fired.
 *
 * Texts are compared after normalisation (see text-normalizer.util.ts): NFKC, zero-width characters removed,
 * look-alike characters mapped (UTS #39), diacritics removed, lower case, punctuation split into clauses,
 * apostrophes dropped ("don't" -> "dont"), French elisions split ("m'envoyez" -> "m envoyez"), English
 * "do not"/"will not"/"cannot" contracted ("dont"/"wont"/"cant").
 */
export const OPT_OUT_RULES_VERSION = '2026-12-05.1';

/** Languages the vocabulary covers (BCP-47). */
export type ConsentLanguage = 'en' | 'es' | 'fr';

/**
 * How an entry must appear in a message.
 * - `message`: the whole message, once courtesy words ("please", "por favor", "svp", ...) are removed, is the phrase.
 *   As one clause of a longer message the same word makes the verdict `ambiguous` (CTIA: keywords are whole-message).
 * - `clause`: the whole message or any one clause is the phrase, with lead-ins ("please", "I said", "wrong number")
 *   before it and tails ("now", "it", "please") after it.
 * - `phrase`: the token pattern occurs anywhere in a clause (see {@link ConsentVocabularyEntry.phrase}).
 */
export type ConsentRuleScope = 'message' | 'clause' | 'phrase';

/** One recognised word or phrase, with the document it comes from. */
export interface ConsentVocabularyEntry {
  /** Stable id reported as the verdict's `rule`, `<scope-kind>.<language>.<slug>`. */
  id: string;
  language: ConsentLanguage;
  kind: ConsentReplyKind;
  scope: ConsentRuleScope;
  /**
   * `message`/`clause`: the normalised words, space separated.
   * `phrase`: a token pattern, tokens separated by spaces; in each token `a|b` are alternatives matched against the
   * normalised word, a leading `~` matches the alternatives against the word's Snowball stem in the entry's
   * language, `@name` names a class of {@link CONSENT_TOKEN_CLASSES}, a trailing `?` makes the token optional and
   * `*N` skips 0..N arbitrary words.
   */
  phrase: string;
  source: ConsentSourceId;
  /**
   * `phrase` scope: when true (the default for opt_out and ambiguous phrases) the match does not count if a
   * negator (@neg_<language>) stands in the 3 words before it ("don't stop texting me" is not an opt-out).
   */
  negatable?: boolean;
  /** `phrase` scope: the match does not count right after one of these words ("I don't text" is not a request). */
  notAfter?: readonly string[];
  /**
   * `phrase` scope: the match does not count when one of these words is among the three words right after it
   * ("take me off the schedule" is about an appointment, not the texts).
   */
  notBefore?: readonly string[];
  /**
   * `phrase` scope, kind `ambiguous`: when it matches, no opt-out is read from the same clause. For texts that
   * quote opt-out instructions ("Reply STOP to cancel"): a marketing footer or another business's auto-reply is
   * not the sender asking us to stop, so a person decides.
   */
  vetoesOptOut?: boolean;
}

/** Token classes for phrase patterns: each is a list of pattern alternatives (same syntax as one pattern token). */
export const CONSENT_TOKEN_CLASSES: Readonly<Record<string, string>> = {
  neg_en:
    'dont|dnt|donot|doesnt|didnt|never|wont|cant|not|isnt|aint|wouldnt|shouldnt|couldnt|havent|hasnt|nothing|nobody',
  /** Ways of reaching someone by text (stems, English Snowball). */
  msgverb_en:
    '~text|txt|messag|msg|sms|contact|send|spam|bother|harass|pester|email|bug|hound|stalk|robotext|ping|call|' +
    '@msgslang_en',
  /** SMS spellings of texting/messaging that no stemmer knows. */
  msgslang_en: 'txting|txtin|textin|textn|txtn|texing|textng|msging|msgin|msgn|messagin|mssg|mssging|msgs|txts',
  /** Things a sender sends (stems, English Snowball). */
  msgnoun_en:
    '~text|txt|txts|messag|msg|msgs|sms|notif|notifi|notific|alert|remind|promo|promot|advert|ad|spam|robotext|' +
    'marketing|updat|offer|blast',
  det_en: 'the|these|those|this|that|your|ur|all|any|my|such|more|further|future|automated|auto|with|w',
  /** Courtesy and time words that may close a request without changing what it asks. */
  tail_en: 'please|pls|plz|thanks|thx|ty|now|asap|anymore|again|ever|more|already|lol|ok|okay',
  me_en: 'me|us|this|my|our|again|anymore|ever|no',
  /** Keywords marketing footers tell the reader to send (SMS Spam Collection v.1 footers). */
  instr_keyword_en:
    'stop|stopall|end|cancel|quit|unsubscribe|unsub|optout|out|x|no|stopcs|stopbcm|getstop|go|get|eng|club|reveal',
  neg_es: 'no|nunca|jamas|ni',
  msgverb_es: '~enviar|envi|mandar|mand|escribir|escrib|contactar|contact|textear|mensajear|molestar|molest|spamear',
  msgnoun_es: '~mensaj|text|sms|notific|alert|recordatori|promocion|publicidad|correo|whatsapp',
  neg_fr: 'ne|n|pas|jamais|plus',
  msgverb_fr: '~envoyer|envoi|ecrire|ecriv|contacter|contact|texter|text|harceler|harcel|deranger|derang|spammer|spamm',
  msgnoun_fr: '~messag|sms|texto|textos|texte|textes|notif|notific|alert|rappel|promo|publicit|courriel|pub',
};

const FCC: ConsentSourceId = 'fcc-24-24';
const REASONABLE: ConsentSourceId = 'fcc-24-24-reasonable';

/**
 * The vocabulary. Order matters only within a kind: the first matching entry names the rule.
 * Negation and near-miss entries (kind `none`) only name why a per se word did not count.
 */
export const CONSENT_VOCABULARY: readonly ConsentVocabularyEntry[] = [
  // ---- English per se words (FCC 24-24; CTIA; carriers) ----
  { id: 'keyword.en.stop', language: 'en', kind: 'opt_out', scope: 'clause', phrase: 'stop', source: FCC },
  {
    id: 'keyword.en.stopall',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'stopall',
    source: 'ctia-keywords',
  },
  {
    id: 'keyword.en.stop-all',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'stop all',
    source: 'telnyx-keywords',
  },
  {
    id: 'keyword.en.unsubscribe',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'unsubscribe',
    source: FCC,
  },
  {
    id: 'keyword.en.unsub',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'unsub',
    source: 'twilio-canada-keywords',
  },
  { id: 'keyword.en.opt-out', language: 'en', kind: 'opt_out', scope: 'clause', phrase: 'opt out', source: FCC },
  {
    id: 'keyword.en.optout',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'optout',
    source: 'twilio-advanced-opt-out',
  },
  { id: 'keyword.en.revoke', language: 'en', kind: 'opt_out', scope: 'clause', phrase: 'revoke', source: FCC },
  { id: 'keyword.en.cancel', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'cancel', source: FCC },
  { id: 'keyword.en.end', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'end', source: FCC },
  { id: 'keyword.en.quit', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'quit', source: FCC },
  {
    id: 'keyword.en.remove',
    language: 'en',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'remove',
    source: 'aws-keywords',
  },
  {
    id: 'keyword.en.remove-me',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'remove me',
    source: 'spoke-auto-optout',
  },
  {
    id: 'keyword.en.exit',
    language: 'en',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'exit',
    source: 'tcpaworld-2025',
  },
  {
    id: 'keyword.en.cease',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'cease and desist',
    source: 'tcpaworld-2025',
  },
  {
    id: 'keyword.en.stop2quit',
    language: 'en',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'stop 2 quit',
    source: 'spoke-auto-optout',
  },
  { id: 'keyword.en.td', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'td', source: 'aws-keywords' },
  {
    id: 'keyword.en.stahp',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'stahp',
    source: 'compliancepoint-2025',
  },
  {
    id: 'keyword.en.stop-texting',
    language: 'en',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'stop texting',
    source: FCC,
  },

  // ---- English opt-in and help (whole message only) ----
  {
    id: 'keyword.en.start',
    language: 'en',
    kind: 'opt_in',
    scope: 'message',
    phrase: 'start',
    source: 'ctia-keywords',
  },
  {
    id: 'keyword.en.unstop',
    language: 'en',
    kind: 'opt_in',
    scope: 'message',
    phrase: 'unstop',
    source: 'twilio-advanced-opt-out',
  },
  {
    id: 'keyword.en.yes',
    language: 'en',
    kind: 'opt_in',
    scope: 'message',
    phrase: 'yes',
    source: 'twilio-advanced-opt-out',
  },
  {
    id: 'keyword.en.subscribe',
    language: 'en',
    kind: 'opt_in',
    scope: 'message',
    phrase: 'subscribe',
    source: 'braze-keywords',
  },
  { id: 'keyword.en.help', language: 'en', kind: 'help', scope: 'message', phrase: 'help', source: 'ctia-keywords' },
  { id: 'keyword.en.info', language: 'en', kind: 'help', scope: 'message', phrase: 'info', source: 'ctia-keywords' },

  // ---- English natural-language requests (FCC reasonable-person test) ----
  {
    id: 'phrase.en.stop-texting',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'stop|quit|cease|stahp|stopp|stp @msgverb_en',
    source: REASONABLE,
    // "Stop calling everyone saying I might have cancer" (SMS Spam Collection line 3304): someone else is contacted.
    notBefore: ['everyone', 'everybody', 'anyone', 'anybody', 'him', 'her', 'them', 'people', 'ppl'],
  },
  {
    id: 'phrase.en.stop-the-texts',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    // *2: "how do I stop getting these texts" (a verb and a determiner between).
    phrase: 'stop|quit|end|cancel|cease|halt|disable|block|kill|unsubscribe @det_en? *2 @msgnoun_en',
    source: REASONABLE,
  },
  {
    // "I want to stop receiving these", "how do I stop getting them?": what is received is the texts themselves when
    // nothing follows but a courtesy word; "stop getting these headaches" is not matched (a noun follows).
    id: 'phrase.en.stop-receiving-these',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'stop|quit|cease ~receiv|recieving|recieve|get|getting these|them|those|this|any|anymore @tail_en? @tail_en? $',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.dont-text-me',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase:
      'dont|dnt|donot|never|no ever|more|longer? ~text|txt|messag|msg|sms|contact|spam|email|bother|harass|pester|' +
      'robotext|@msgslang_en',
    source: REASONABLE,
    notAfter: ['i', 'we', 'they', 'he', 'she', 'it', 'you', 'u', 'people', 'ppl'],
    // "Don't text and drive" (SMS Spam Collection line 1311), "dont msg or reply to his msg" (line 701).
    notBefore: ['drive', 'driving', 'drivin', 'reply', 'his', 'him', 'her', 'them'],
  },
  {
    id: 'phrase.en.dont-call-me-again',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'dont|never call|ring|phone me|us *2 again|anymore|ever',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.dont-send-me',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'dont|never send me|us|this? *2 @msgnoun_en|anything|nothing|stuff',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.dont-want-to-receive',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase:
      'dont|never|no want|wish|like|need to receive|recieve|get *1 these|them|those|this|any|anymore|more|texts|' +
      'messages',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.blowing-up-my-phone',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'stop|quit blowing|blow up my phone|cell',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.dont-want-texts',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'dont|no|never want|need|wish *3 @msgnoun_en',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.dont-want-to-be-contacted',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'dont|no|longer want|wish|like|need to be ~contact|text|messag|call|bother',
    source: 'tcpaworld-2025',
  },
  {
    id: 'phrase.en.cease-and-desist',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'cease and|& desist',
    source: 'tcpaworld-2025',
  },
  {
    id: 'phrase.en.discontinue',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~discontinu|ceas|halt|termin *2 @msgnoun_en|messaging|texting|contact',
    source: 'court-quotes',
  },
  {
    id: 'phrase.en.texts-to-stop',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '@msgnoun_en|this|it|them|these|service *1 to stop|end|cease',
    source: 'court-quotes',
    // "tell them to stop calling me" (CLINC150 text intent): a message for someone else.
    notAfter: ['tell', 'telling', 'told', 'ask', 'asking', 'asked', 'get', 'make'],
  },
  {
    id: 'phrase.en.want-to-stop-alerts',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase:
      'want|like|wish|asking|asked to stop|end|cancel|leave|quit this|the|your|these text|sms? program|list|alerts|' +
      'notifications|reminders',
    source: 'court-quotes',
  },
  {
    id: 'ambiguous.en.stop-the-service',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'stop|end|cancel|quit|discontinue this|the|your service|subscription|plan|contract|membership',
    source: 'textback-ambiguous',
    notAfter: ['dont', 'never', 'not'],
  },
  {
    id: 'phrase.en.be-removed',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'be|been|get|am|is|are|being|was removed|unsubscribed|deleted',
    source: 'court-quotes',
  },
  {
    // "Taken" alone names no list: "I have been taken out of my house at gun point" is an emergency, not an opt-out.
    id: 'phrase.en.be-taken-off',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'be|been|get|am|is|are|being|was taken off',
    source: 'court-quotes',
  },
  {
    id: 'phrase.en.info-removed',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'my|our contact|phone? info|information|number|details|data *2 removed|deleted|off|erased',
    source: 'court-quotes',
  },
  {
    id: 'phrase.en.no-more-texts',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'no|stop more|further *1 @msgnoun_en',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.stop-talking',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'stop|quit|cease talking|talkin|speaking|talk',
    source: 'clinc150',
    // "please stop talking so fast", "stop talking like you're ..." (CLINC150 change_speed): how, not whether.
    notBefore: ['so', 'like', 'fast', 'faster', 'slow', 'slower', 'loud', 'louder', 'about', 'over', 'second', 'sec',
      'minute', 'min', 'moment', 'bit'],
  },
  {
    id: 'phrase.en.dont-talk-anymore',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'dont|never talk|speak|say *1 anymore|further|more',
    source: 'clinc150',
  },
  {
    id: 'phrase.en.no-more-talking',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'no more talking|talk|speaking',
    source: 'clinc150',
  },
  {
    id: 'phrase.en.take-me-off',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'take|get|put|scratch|strike|cross me|us|my|this *1 off|out',
    source: 'spoke-auto-optout',
    notAfter: ['dont', 'never'],
    notBefore: [
      'schedule', 'calendar', 'waitlist', 'waiting', 'route', 'appointment', 'job', 'roster', 'books', 'here', 'there',
      'at', 'work', 'early',
    ],
  },
  {
    id: 'phrase.en.remove-me',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'remove|delete|erase|unenroll|unregister|drop|scrub me|us',
    source: 'spoke-auto-optout',
    notBefore: ['schedule', 'calendar', 'waitlist', 'waiting', 'route', 'appointment', 'job', 'roster', 'account'],
  },
  {
    id: 'phrase.en.remove-my-number',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase:
      'remove|delete|erase|lose|forget|drop|scrub|block my|this|our phone|cell|mobile? number|#|contact|info|' +
      'information|details|num|name',
    source: 'spoke-auto-optout',
  },
  {
    id: 'phrase.en.unsubscribe',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~unsubscrib|unsub|unsusbscrib|unsuscrib|unsubscrib',
    source: FCC,
    // "You are now unsubscribed all services" (SMS Spam Collection line 3060): a status, not a request.
    notAfter: ['are', 'r', 'now', 'been', 'was', 'were', 'is', 'successfully'],
  },
  {
    id: 'phrase.en.opt-out',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~opt me|us? out|outta',
    source: FCC,
    // "Opt-out available" in marketing footers (SMS Spam Collection lines 464, 798).
    notBefore: ['available', 'applies', 'apply', 'info', 'details', 'link', 'instructions'],
  },
  {
    id: 'phrase.en.optout',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'optout|optedout|optingout',
    source: 'twilio-advanced-opt-out',
  },
  {
    id: 'phrase.en.revoke-consent',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~revok|withdraw|rescind|retract my|your|all? ~consent|permiss|author|agreement|optin',
    source: FCC,
  },
  { id: 'phrase.en.revoke', language: 'en', kind: 'opt_out', scope: 'phrase', phrase: '~revok', source: FCC },
  {
    id: 'phrase.en.leave-me-alone',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'leave|let me|us alone|be',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.do-not-contact',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'dnc|donotcontact|donottext',
    source: REASONABLE,
  },
  {
    id: 'phrase.en.i-said-stop',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'said|told|asked|say|saying|replied|texted|typed|sent stop|unsubscribe|quit|cancel|end',
    source: REASONABLE,
    notAfter: ['to'],
  },
  {
    id: 'phrase.en.stop-now',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'stop|quit now|immediately|already|asap|please|pls|plz',
    source: FCC,
  },
  { id: 'keyword.en.stop-it', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'stop it', source: FCC },
  { id: 'keyword.en.stop-this', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'stop this', source: FCC },
  { id: 'keyword.en.stop-that', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'stop that', source: FCC },
  // The same words as a clause of their own ("that's enough, stop it"); a reply that says it has had enough.
  { id: 'clause.en.stop-it', language: 'en', kind: 'opt_out', scope: 'clause', phrase: 'stop it', source: FCC },
  { id: 'clause.en.stop-this', language: 'en', kind: 'opt_out', scope: 'clause', phrase: 'stop this', source: FCC },
  { id: 'clause.en.stop-that', language: 'en', kind: 'opt_out', scope: 'clause', phrase: 'stop that', source: FCC },
  { id: 'keyword.en.thats-enough', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'thats enough', source: REASONABLE },
  { id: 'keyword.en.that-is-enough', language: 'en', kind: 'opt_out', scope: 'message', phrase: 'that is enough', source: REASONABLE },
  {
    // "will you just stop it please": exasperation aimed at the sender; "just stop it from leaking" is about a job.
    id: 'phrase.en.just-stop-it',
    language: 'en',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'just stop it|this|that',
    source: REASONABLE,
    notBefore: ['from', 'leaking', 'leak', 'dripping', 'running', 'bleeding', 'making', 'beeping', 'squeaking'],
  },

  // ---- English: unclear, a person decides (automation pauses) ----
  {
    id: 'ambiguous.instruction.reply-stop-to',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase:
      'reply|rply|text|txt|send|sms|envie|envia|envien|responda|responde|texter|textez|repondez|repondre ' +
      'stop|stopall|end|cancel|quit|unsubscribe|optout|alto|baja|arret|help|aide|ayuda|start|unstop|info ' +
      'to|2|para|pour|for|or|and|al|au|a|ou|o|y|et|at|in',
    source: 'ctia-keywords',
    vetoesOptOut: true,
  },
  {
    id: 'ambiguous.instruction.to-stop-reply-keyword',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase:
      'to|2|for stop|unsubscribe|unsub|cancel|end|opt|optout|removal|remove|be *3 reply|rply|text|txt|send|sms *2 ' +
      '@instr_keyword_en',
    source: 'uci-sms-spam',
    vetoesOptOut: true,
  },
  {
    id: 'ambiguous.instruction.optout-reply-keyword',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'optout|opt|unsub|unsubscribe|stop|remove *1 reply|rply|text|txt|send|sms *2 @instr_keyword_en',
    source: 'uci-sms-spam',
    vetoesOptOut: true,
  },
  {
    id: 'ambiguous.instruction.send-keyword-to',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'reply|rply|text|txt|send|sms *2 stop|stopall|end|cancel|quit|unsubscribe|optout|out to|2',
    source: 'uci-sms-spam',
    vetoesOptOut: true,
  },
  {
    id: 'ambiguous.instruction.unsubscribe-by',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: '~unsubscrib|unsub|optout *3 by|with|using|via calling|texting|replying|sending|stop|the|word|reply|txt',
    source: 'uci-sms-spam',
    vetoesOptOut: true,
  },
  {
    id: 'ambiguous.instruction.you-can-unsubscribe',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'you|u can|may|could ~unsubscrib|unsub|optout|opt',
    source: 'uci-sms-spam',
    vetoesOptOut: true,
    // "you can unsubscribe me now" is a request.
    notBefore: ['me', 'us', 'my', 'our'],
  },
  {
    id: 'ambiguous.en.not-interested',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'not|no|nt interested|intrested|intersted',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.no-thanks',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'no thanks',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.no-thank-you',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'no thank you',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.no-thx',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'no thx',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.wrong-number',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'wrong number',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.wrong-number-2',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'wrong #',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.you-have-the-wrong-number',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'have|got|has|texted|texting|called|calling|dialed the|a wrong number|#|person|phone',
    source: 'uci-sms-spam',
  },
  {
    id: 'ambiguous.en.end-this-conversation',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'end|stop|close this|the|our conversation|convo|chat',
    source: 'rasa-star',
  },
  {
    id: 'ambiguous.en.cancel-that',
    language: 'en',
    kind: 'ambiguous',
    scope: 'clause',
    phrase: 'cancel that',
    source: 'clinc150',
  },
  {
    id: 'ambiguous.en.cancel-it',
    language: 'en',
    kind: 'ambiguous',
    scope: 'clause',
    phrase: 'cancel it',
    source: 'clinc150',
  },
  {
    id: 'ambiguous.en.go-away',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'go|fuck|f|piss|bugger|buzz away|off',
    source: 'textback-ambiguous',
    negatable: false,
  },
  {
    id: 'ambiguous.en.shut-up',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'shut up|it',
    source: 'clinc150',
  },
  {
    id: 'ambiguous.en.get-lost',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'get lost',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.dont-call-me',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'dont|never call|ring|phone me|us',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.cancel-subscription',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: '~cancel|end|termin my|the|this? ~subscript|membership|enrol',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.never-signed-up',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'never|didnt|dont|not sign|signed|opt|opted|agree|agreed|consent|consented|subscribe|subscribed',
    source: 'textback-ambiguous',
    negatable: false,
  },
  {
    id: 'ambiguous.en.this-is-spam',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'is|this|its|stop spam|spammer|scam|harassment',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.report-block',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: '~report|block you|this|ur|your|number',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.stop-sign',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: '<stop-sign>',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.i-want-out',
    language: 'en',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'want|wanna|let|get me? out',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.en.enough',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'enough',
    source: 'textback-ambiguous',
  },
  { id: 'ambiguous.en.s', language: 'en', kind: 'ambiguous', scope: 'message', phrase: 's', source: 'tcpaworld-2025' },
  {
    id: 'ambiguous.en.goodbye',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'goodbye',
    source: 'braze-keywords',
  },
  {
    id: 'ambiguous.en.bye',
    language: 'en',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'bye',
    source: 'braze-keywords',
  },

  // ---- English negations and near misses (kind none: the per se word did not count) ----
  {
    id: 'negation.dont-stop',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase: '@neg_en stop|quit|end|cancel',
    source: 'textback-negation',
  },
  {
    id: 'negation.wont-stop',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase: 'wont|cant|doesnt|didnt|never|not|cannot|couldnt|wouldnt *2 stop|quit|end',
    source: 'textback-negation',
  },
  {
    id: 'near-miss.en.stop-by',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase: 'stop by|in|over|at|on|past|into|for|at|around|off|to|the|a|an|his|her|their|our|and',
    source: 'textback-negation',
  },
  {
    id: 'near-miss.en.noun-stop',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase:
      'a|the|bus|next|last|first|one|full|pit|truck|shortstop|to|will|would|should|could|did|does|it|gonna|that|' +
      'water|leak|bleeding|pain|noise|non|subway|train|tram|metro|nearest|closest stop',
    source: 'textback-negation',
  },
  {
    id: 'near-miss.en.cancel-appointment',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase:
      'cancel|cancell|canceling|cancelling|cancelled|canceled *3 ~appoint|appt|book|reserv|visit|order|servic|job|' +
      'meet|session|clean|inspect|estim|quot',
    source: 'textback-negation',
  },
  {
    id: 'near-miss.en.when-will-it-stop',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase: 'when|will|does|did|until|till|before|would|should|might|to|it|that *3 stop',
    source: 'textback-negation',
  },
  {
    id: 'near-miss.en.end-of',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase: 'end of|the|up|by|at',
    source: 'textback-negation',
  },
  {
    id: 'near-miss.en.quit-working',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase:
      'quit|stopped|quitting ~work|run|start|heat|cool|drain|flush|spin|turn|blow|charg|respond|on|pump|light|ignit',
    source: 'textback-negation',
  },
  {
    id: 'near-miss.en.stop-noun',
    language: 'en',
    kind: 'none',
    scope: 'phrase',
    phrase: 'stop sign|light|fee|valve|cock|leak|leaking|drip|dripping|bleeding|working|running|smoking|making',
    source: 'textback-negation',
  },

  // ---- Spanish ----
  { id: 'keyword.es.para', language: 'es', kind: 'opt_out', scope: 'message', phrase: 'para', source: 'es-usage' },
  {
    id: 'keyword.es.parar',
    language: 'es',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'parar',
    source: 'es-aggregator-keywords',
  },
  { id: 'keyword.es.paren', language: 'es', kind: 'opt_out', scope: 'clause', phrase: 'paren', source: 'es-usage' },
  {
    id: 'keyword.es.alto',
    language: 'es',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'alto',
    source: 'twilio-es-short-code',
  },
  {
    id: 'keyword.es.baja',
    language: 'es',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'baja',
    source: 'es-aggregator-keywords',
  },
  {
    id: 'keyword.es.cancelar',
    language: 'es',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'cancelar',
    source: 'es-aggregator-keywords',
  },
  { id: 'keyword.es.fin', language: 'es', kind: 'opt_out', scope: 'message', phrase: 'fin', source: 'es-usage' },
  {
    id: 'keyword.es.terminar',
    language: 'es',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'terminar',
    source: 'es-usage',
  },
  {
    id: 'keyword.es.detener',
    language: 'es',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'detener',
    source: 'es-usage',
  },
  { id: 'keyword.es.basta', language: 'es', kind: 'opt_out', scope: 'clause', phrase: 'basta', source: 'es-usage' },
  {
    id: 'keyword.es.no-mas',
    language: 'es',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'no mas',
    source: 'compliancepoint-2025',
  },
  {
    id: 'keyword.es.nomas',
    language: 'es',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'nomas',
    source: 'compliancepoint-2025',
  },
  {
    id: 'keyword.es.desuscribir',
    language: 'es',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'desuscribir',
    source: 'es-usage',
  },
  {
    id: 'keyword.es.comenzar',
    language: 'es',
    kind: 'opt_in',
    scope: 'message',
    phrase: 'comenzar',
    source: 'es-aggregator-keywords',
  },
  {
    id: 'keyword.es.suscribirme',
    language: 'es',
    kind: 'opt_in',
    scope: 'message',
    phrase: 'suscribirme',
    source: 'es-aggregator-keywords',
  },
  {
    id: 'keyword.es.alta',
    language: 'es',
    kind: 'opt_in',
    scope: 'message',
    phrase: 'alta',
    source: 'es-aggregator-keywords',
  },
  {
    id: 'keyword.es.reanudar',
    language: 'es',
    kind: 'opt_in',
    scope: 'message',
    phrase: 'reanudar',
    source: 'es-usage',
  },
  {
    id: 'keyword.es.ayuda',
    language: 'es',
    kind: 'help',
    scope: 'message',
    phrase: 'ayuda',
    source: 'twilio-es-short-code',
  },
  {
    id: 'keyword.es.informacion',
    language: 'es',
    kind: 'help',
    scope: 'message',
    phrase: 'informacion',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.no-me-envies',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'no|nunca|ya me|nos? @msgverb_es',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.no-me-llames-mas',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'no|nunca me|nos ~llam *1 mas|nunca',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.no-quiero-que-me-contacten',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'no|nunca quiero|queremos|deseo que me|nos @msgverb_es|llamen|llames|llam',
    source: 'es-usage',
    negatable: false,
  },
  {
    id: 'phrase.es.no-me-vuelvan-a',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'no|nunca me|nos ~volv|vuelv|vuelvan|vuelvas|vuelva a @msgverb_es|llamar|llamarme',
    source: 'es-usage',
    negatable: false,
  },
  {
    id: 'phrase.es.dejen-de',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~dej|dejen|deja|dejar|dejes|par|paren|pare de @msgverb_es|llamarm|llamarnos',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.darme-de-baja',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~dar|darm|dam|denm|darnos|quier|dand|baj de baja',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.no-quiero-mensajes',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'no quiero|deseo|quiere|queremos *3 @msgnoun_es',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.quitame-de-la-lista',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~quit|sac|borr|elimin|remov|quitam|sacam|borram|eliminam|borren|quiten *3 lista|numero|telefono|celular',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.dejame-en-paz',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~dej|dejam|dejenm|dejem en paz',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.no-mas-mensajes',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'no|basta|ya|cero mas? de? @msgnoun_es',
    source: 'compliancepoint-2025',
  },
  {
    id: 'phrase.es.cancelar-mensajes',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~cancel|anul|deten|par|termin *2 @msgnoun_es',
    source: 'es-usage',
  },
  {
    id: 'phrase.es.desuscribir',
    language: 'es',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~desuscrib|desuscribirm|desinscrib|desabon',
    source: 'es-usage',
  },
  {
    id: 'ambiguous.es.no-me-interesa',
    language: 'es',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'no me|nos interesa',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.es.no-gracias',
    language: 'es',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'no gracias',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.es.numero-equivocado',
    language: 'es',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'numero equivocado',
    source: 'textback-ambiguous',
  },
  {
    id: 'negation.es.no-pares',
    language: 'es',
    kind: 'none',
    scope: 'phrase',
    phrase: 'no ~par|pares|para|paren|detien',
    source: 'textback-negation',
  },

  // ---- French ----
  {
    id: 'keyword.fr.arret',
    language: 'fr',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'arret',
    source: 'twilio-canada-keywords',
  },
  { id: 'keyword.fr.arreter', language: 'fr', kind: 'opt_out', scope: 'clause', phrase: 'arreter', source: 'fr-usage' },
  { id: 'keyword.fr.arrete', language: 'fr', kind: 'opt_out', scope: 'clause', phrase: 'arrete', source: 'fr-usage' },
  { id: 'keyword.fr.arretez', language: 'fr', kind: 'opt_out', scope: 'clause', phrase: 'arretez', source: 'fr-usage' },
  {
    id: 'keyword.fr.stop-svp',
    language: 'fr',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'stop svp',
    source: 'fr-usage',
  },
  {
    id: 'keyword.fr.stop-sms',
    language: 'fr',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'stop sms',
    source: 'fr-usage',
  },
  {
    id: 'keyword.fr.desabonner',
    language: 'fr',
    kind: 'opt_out',
    scope: 'clause',
    phrase: 'desabonner',
    source: 'fr-usage',
  },
  {
    id: 'keyword.fr.annuler',
    language: 'fr',
    kind: 'opt_out',
    scope: 'message',
    phrase: 'annuler',
    source: 'fr-usage',
  },
  {
    id: 'keyword.fr.aide',
    language: 'fr',
    kind: 'help',
    scope: 'message',
    phrase: 'aide',
    source: 'twilio-canada-keywords',
  },
  {
    id: 'phrase.fr.ne-m-envoyez-plus',
    language: 'fr',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'ne|n|nous? m|me|nous @msgverb_fr|appel|appelez|appeler plus|jamais|pas',
    source: 'fr-usage',
    negatable: false,
  },
  {
    id: 'phrase.fr.ne-plus-me-contacter',
    language: 'fr',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'ne|n plus|jamais m|me|nous? @msgverb_fr|appeler',
    source: 'fr-usage',
    negatable: false,
  },
  {
    id: 'phrase.fr.arretez-de',
    language: 'fr',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~arret|cess de|d m|me|nous? @msgverb_fr|appeler',
    source: 'fr-usage',
  },
  {
    id: 'phrase.fr.desabonner',
    language: 'fr',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~desabon|desinscr|desinscriv|desabonnez|desinscrivez|desabonnement|desinscription',
    source: 'fr-usage',
  },
  {
    id: 'phrase.fr.retirez-moi',
    language: 'fr',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: '~retir|supprim|enlev|effac|ot moi|mon|nous|notr *3 ~list|numero',
    source: 'fr-usage',
  },
  {
    id: 'phrase.fr.laissez-moi-tranquille',
    language: 'fr',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'laissez|laisse|laissez|foutez|fous|fiche|fichez moi|nous tranquille|tranquilles|en',
    source: 'fr-usage',
  },
  {
    id: 'phrase.fr.je-ne-veux-plus',
    language: 'fr',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'veux|veut|souhaite|desire|voulons plus *3 @msgnoun_fr',
    source: 'fr-usage',
    negatable: false,
  },
  {
    id: 'phrase.fr.plus-de-messages',
    language: 'fr',
    kind: 'opt_out',
    scope: 'phrase',
    phrase: 'plus|assez|stop|arret|fini de|d|des|du *1 @msgnoun_fr',
    source: 'fr-usage',
  },
  {
    id: 'ambiguous.fr.pas-interesse',
    language: 'fr',
    kind: 'ambiguous',
    scope: 'phrase',
    phrase: 'pas|plus interesse|interessee|interesses',
    source: 'textback-ambiguous',
    negatable: false,
  },
  {
    id: 'ambiguous.fr.non-merci',
    language: 'fr',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'non merci',
    source: 'textback-ambiguous',
  },
  {
    id: 'ambiguous.fr.mauvais-numero',
    language: 'fr',
    kind: 'ambiguous',
    scope: 'message',
    phrase: 'mauvais numero',
    source: 'textback-ambiguous',
  },
  {
    id: 'near-miss.fr.arret-de-bus',
    language: 'fr',
    kind: 'none',
    scope: 'phrase',
    phrase: 'arret|arrets de|du|d|des bus|autobus|travail|maladie|cardiaque|eau|chauffage|urgence|service|mort',
    source: 'textback-negation',
  },
  {
    id: 'negation.fr.n-arretez-pas',
    language: 'fr',
    kind: 'none',
    scope: 'phrase',
    phrase: 'ne|n s? ~arret|cess pas|jamais',
    source: 'textback-negation',
  },
];

/**
 * Words that never change a whole-message verdict ("STOP please", "Stop. Thanks", "para por favor", "stop svp").
 * Removed before the whole-message comparison. Source: FCC 24-24 reasonable-person test (courtesy words do not
 * change the request).
 */
export const COURTESY_WORDS: readonly string[] = [
  'please', 'pls', 'plz', 'plse', 'pleaseee', 'thanks', 'thank you', 'thankyou', 'thx', 'ty', 'tks', 'now', 'right now',
  'asap', 'immediately', 'ok', 'okay', 'k', 'kk', 'sir', 'maam', 'thank u', 'por favor', 'porfa', 'porfavor', 'xfa',
  'gracias', 'ya', 'svp', 's il vous plait', 'sil vous plait', 'stp', 's il te plait', 'merci', 'just', 'already',
  'hi', 'hello', 'hey', 'hola', 'bonjour', 'salut', 'again', 'lol', 'omg', 'seriously', 'thnx', 'thanx', 'sorry',
  'perdon', 'desole',
];

/**
 * Words that may precede a `clause`-scope keyword in its clause ("please just stop", "I said stop",
 * "wrong number stop", "who is this? stop"). Longest first when several match.
 */
export const CLAUSE_LEAD_INS: readonly string[] = [
  ...COURTESY_WORDS,
  'i said', 'i say', 'i told you', 'i told you to', 'i asked you to', 'i already said', 'can you', 'could you',
  'will you',
  'would you', 'can u', 'could u', 'will u', 'would u', 'you need to', 'u need to', 'need you to', 'i want you to',
  'i need you to', 'you should', 'u should', 'i want to', 'i would like to', 'id like to', 'i wish to', 'i wanna',
  'i want', 'wrong number', 'wrong #', 'who is this', 'who dis', 'who are you', 'whos this', 'who this', 'no', 'nope',
  'not interested', 'yes', 'yeah', 'yep', 'reply', 'text', 'so', 'then', 'and', 'oh', 'guys', 'dude', 'bro', 'man',
  'yall', 'you guys',
  'stop', 'fucking', 'fuckin', 'freaking', 'frickin', 'damn', 'god', 'for real', 'no more', 'ugh', 'geez', 'jeez',
  'bye', 'goodbye', 'adios', 'au revoir', 'y', 'oui', 'si', 'non', 'equivocado', 'numero equivocado', 'mauvais numero',
  'oops', 'never mind', 'nevermind',
  'ya', 'alors', 'bueno', 'pues',
];

/** Words that may follow a `clause`-scope keyword in its clause ("stop it", "stop now", "arrêt svp"). */
export const CLAUSE_TAILS: readonly string[] = [
  ...COURTESY_WORDS,
  'bye', 'goodbye', 'adios', 'au revoir', 'all', 'everything', 'me', 'now', 'already', 'immediately', 'for good',
  'forever',
  'for real', 'thanks', 'right now', 'at once', 'then', 'ty', 'stop', 'msgs', 'texts', 'messages', 'texting', 'sms',
  'all messages', 'all texts', 'this number', 'from this', 'from list', 'from this list', 'from your list',
  'from the list', 'todo', 'ya', 'tout', 'maintenant', 'de suite', 'por favor', 'mensajes', 'los mensajes',
];
