/**
 * Compliance keyword classification of an inbound text, before any conversation logic.
 * Sources: CTIA opt-out keywords STOP, END, CANCEL, UNSUBSCRIBE, QUIT (+ STOPALL as platforms honour it);
 * opt-in START, UNSTOP; help HELP, INFO (CARRIER-APIS.md §5, Twilio advanced-opt-out docs). A keyword counts only
 * when it is the WHOLE message: case, surrounding spaces and punctuation are tolerated.
 */
export type InboundIntent =
  | { kind: 'opt_out'; keyword: string }
  | { kind: 'opt_in'; keyword: string }
  | { kind: 'help'; keyword: string }
  /** A natural-language request to stop ("please stop texting me"): pause automation, flag for review. */
  | { kind: 'stop_request' }
  | { kind: 'message' };

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN = new Set(['START', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

/** Sentences asking us to stop contacting, not merely containing the word "stop". */
const STOP_REQUESTS: RegExp[] = [
  /\b(stop|quit|cease|no more|don'?t|do not|never)\b[\s\w']{0,20}\b(text|texting|texts|messag\w*|sms|contact\w*|call\w*\s+me|bother\w*|spam\w*)\b/i,
  /\b(unsubscribe|opt\s*-?\s*out|remove me|take me off|leave me alone)\b/i,
  /\bwrong number\b.*\b(stop|don'?t|do not)\b/i,
];

/** The keyword of `text` in canonical upper case, or undefined (whole message only). */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim()
    .toUpperCase();
}

/** Classifies an inbound SMS body. */
export function classifyInbound(text: string): InboundIntent {
  const keyword = normalizeKeyword(text);
  if (OPT_OUT.has(keyword)) return { kind: 'opt_out', keyword };
  if (OPT_IN.has(keyword)) return { kind: 'opt_in', keyword };
  if (HELP.has(keyword)) return { kind: 'help', keyword };
  if (STOP_REQUESTS.some((r) => r.test(text))) return { kind: 'stop_request' };
  return { kind: 'message' };
}
