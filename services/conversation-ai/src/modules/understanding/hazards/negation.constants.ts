/**
 * Negation scope for hazard cues, after NegEx (Chapman W.W. et al., "A simple algorithm for identifying negated
 * findings and diseases in discharge summaries", J. Biomed. Inform. 34(5), 2001; trigger lists as published with the
 * algorithm, adapted to SMS spelling): a cue is negated when a pre-negation trigger stands before it in the same
 * clause, within {@link NEGATION_WINDOW} words and with no termination word in between, or when a post-negation
 * (resolution) trigger follows it within the window. Pseudo-negations ("not sure", "no idea") negate nothing.
 * Words are normalised as the cues are ("don't" -> "dont").
 */

/** Words a pre-negation trigger reaches forward, and a post-negation trigger backward (NegEx uses 5). */
export const NEGATION_WINDOW = 5;

/** Pre-negation triggers that negate a noun phrase ("no leak", "not an emergency", "without smoke"). */
export const PRE_NEGATION = new Set([
  'no', 'not', 'never', 'none', 'nothing', 'without', 'neither', 'nor', 'non', 'nope', 'nah', 'denies', 'denied', 'ni', 'nunca', 'sin',
]);

/**
 * Negated auxiliaries: they negate the verb right after them ("isnt bleeding", "doesnt smell like gas"), so their
 * scope is the next {@link VERB_NEGATION_WINDOW} words ("won't start and smoke pours out" keeps the smoke).
 */
export const VERB_NEGATION = new Set([
  'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'havent', 'hasnt', 'hadnt', 'wont', 'wouldnt', 'aint', 'cant', 'couldnt', 'shouldnt',
]);
export const VERB_NEGATION_WINDOW = 3;

/** Pseudo-negations: a trigger followed by one of these words negates nothing ("not sure", "no idea", "no one"). */
export const PSEUDO_NEGATION_NEXT = new Set(['sure', 'idea', 'clue', 'one', 'matter', 'only', 'just', 'doubt', 'know', 'understand', 'certain', 'telling', 'tell',
  // Idioms of endurance and malaise, not denials of a hazard: "I cannot bear this pain", "not feeling well".
  'bear', 'stand', 'cope', 'handle', 'feeling', 'well', 'good']);

/** Termination words: negation scope ends at them (NegEx's conjunctions: "no heat but the pipes froze"). */
export const NEGATION_TERMINATORS = new Set(['but', 'however', 'although', 'though', 'yet', 'except', 'because', 'since', 'so', 'and', 'now', 'which', 'who', 'pero', 'y']);

/** Post-negation (resolution) phrases after a cue: it is over ("the sparks stopped", "no leak anymore", "years ago"). */
export const POST_NEGATION: readonly string[] = [
  'anymore', 'any more', 'no longer', 'stopped', 'has stopped', 'is gone', 'are gone', 'went away', 'gone now', 'fixed', 'resolved', 'under control',
  'last year', 'last month', 'last week', 'last winter', 'last summer', 'years ago', 'months ago', 'weeks ago', 'a year ago', 'a month ago', 'a week ago', 'was fixed', 'got fixed', 'been fixed',
];

/**
 * Historical triggers of ConText (Harkema, Dowling, Thornblade, Chapman, "ConText: an algorithm for determining
 * negation, experiencer, and temporal status from clinical reports", J Biomed Inform 2009; the trigger list published
 * with pyConTextNLP): a condition in the same clause as one of these is the caller's history, not a danger now. For a
 * danger to a person (category `medical`) such a clause turns a page into the urgency question: still asked, never
 * ignored. Token patterns (hazard cue syntax). "Past" and "ago" are left out: "for the past hour", "an hour ago" are now.
 */
export const HISTORICAL_CUES: readonly string[] = [
  '~histori',
  'previous|previously|formerly',
  'prior to|episode|episodes|stroke|attack|surgery',
  'used to',
  '~diagnos',
  'when i was',
  'as a child|kid|teen|teenager',
  'status post',
  'recovered|recovering from',
  'in remission',
];
