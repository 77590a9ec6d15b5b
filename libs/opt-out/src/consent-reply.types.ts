/** What an inbound text asks of the sender, as far as consent goes. */
export type ConsentReplyKind = 'opt_out' | 'opt_in' | 'help' | 'ambiguous' | 'none';

/**
 * The recogniser's verdict on one inbound text.
 * - `opt_out`: a reasonable reader sees "stop texting me" (47 CFR 64.1200(a)(10), FCC 24-24): honour it.
 * - `opt_in`: a whole-message START/UNSTOP/YES-style keyword. Only meaningful from a number that has opted out.
 * - `help`: a whole-message HELP/INFO-style keyword (CTIA: answer with the program's help text).
 * - `ambiguous`: might be a request to stop; a person reviews it and automation pauses meanwhile.
 * - `none`: nothing about consent (ordinary reply, or a near miss such as "don't stop", "stop by tomorrow").
 */
export interface ConsentReplyVerdict {
  kind: ConsentReplyKind;
  /**
   * id of the rule that fired, e.g. 'keyword.en.stop', 'phrase.es.no-me-envies', 'negation.dont-stop';
   * 'none' when none
   */
  rule: string;
  /** BCP-47 language of the rule ('en','es','fr',...), undefined for kind 'none' */
  language?: string;
  /** the normalised text the rule matched */
  matched?: string;
}
