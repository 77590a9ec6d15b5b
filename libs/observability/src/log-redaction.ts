import { type DestinationStream } from 'pino';

/** What replaces a redacted value or a phone number in a log line. */
export const LOG_CENSOR = '[redacted]';
export const PHONE_CENSOR = '[phone]';

/**
 * Keys whose values never reach a log, at any depth, whatever their type (compared lower case,
 * with `_` and `-` removed, so `callerE164`, `caller_e164` and `CALLER-E164` are one key).
 * Why each: message bodies and numbers are personal data (STYLE.md: no phone numbers or message
 * bodies in logs; docs/security.md); `parameters` is a database error's bind values (TypeORM's
 * QueryFailedError), `detail` a PostgreSQL error's detail (`Key (e164)=(+1...) already exists`,
 * `Failing row contains (...)`) and the first-text decision detail (which quotes caller ids);
 * the rest are credentials.
 */
export const SENSITIVE_LOG_KEYS: ReadonlySet<string> = new Set([
  'body',
  'text',
  'from',
  'to',
  'phone',
  'e164',
  'callerraw',
  'parameters',
  'detail',
  'password',
  'secret',
  'token',
  'authorization',
  'cookie',
  'setcookie',
  'xtwiliosignature',
]);

/**
 * Last words of camelCase or snake_case keys that redact the value too: `callerE164`,
 * `forwardToE164`, `messageBody`, `reply_text`, `spokenSummary`, `mainPhone`.
 */
export const SENSITIVE_LOG_KEY_ENDINGS: ReadonlySet<string> = new Set(['e164', 'phone', 'body', 'text', 'summary', 'transcript']);

/**
 * Phone numbers masked inside every string of a log line (the message, `err.message`,
 * `err.stack`, SQL text, any value): E.164 and other `+` numbers with separators (ITU-T E.164:
 * at most 15 digits after `+`; 7 at least here), NANP numbers written `(303) 555-0123` or
 * `303-555-0123`, and bare NANP digit runs `3035550123` / `13035550123` (area code and
 * exchange start with 2-9, NANPA numbering plan). Bare non-NANP digits without `+` are not
 * recognised; key-based redaction covers the fields that carry them.
 */
export const PHONE_NUMBER_PATTERNS: readonly RegExp[] = [
  /\+\d(?:[ ().-]{0,2}\d){6,14}/g,
  /(?<![\w.])\(?[2-9]\d{2}\)?[ .-]{1,2}\d{3}[ .-]\d{4}(?!\w)/g,
  /(?<![\w.])1?[2-9]\d{2}[2-9]\d{6}(?!\w)/g,
];

/** Bounds of the walk, so a huge or deep object costs a bounded time: past them the value is cut. */
export const LOG_REDACTION_LIMITS = { maxDepth: 16, maxNodes: 5_000 } as const;

/**
 * What every match of {@link PHONE_NUMBER_PATTERNS} contains: a `+` before a digit (the first) or three digits in a row
 * (the area code or exchange of the second, the bare run of the third). A string without either has no number to mask,
 * and most strings of a log line (keys' values such as methods, paths, ids, header values) are answered by this one
 * scan instead of three replacements.
 */
const MAY_HOLD_PHONE_NUMBER = /\+\d|\d{3}/;

/** Masks every phone number in `text` ({@link PHONE_NUMBER_PATTERNS}). */
export function maskPhoneNumbers(text: string): string {
  if (!MAY_HOLD_PHONE_NUMBER.test(text)) return text;
  let out = text;
  for (const p of PHONE_NUMBER_PATTERNS) out = out.replace(p, PHONE_CENSOR);
  return out;
}

/** Answers of {@link isSensitiveLogKey} by key: log lines repeat the same few dozen keys. Bounded; cleared when full. */
const sensitiveKeyAnswers = new Map<string, boolean>();
const SENSITIVE_KEY_ANSWERS_MAX = 10_000;

/** True when a value under `key` is never logged ({@link SENSITIVE_LOG_KEYS}, {@link SENSITIVE_LOG_KEY_ENDINGS}). */
export function isSensitiveLogKey(key: string): boolean {
  const known = sensitiveKeyAnswers.get(key);
  if (known !== undefined) return known;
  const answer = keyIsSensitive(key);
  if (sensitiveKeyAnswers.size >= SENSITIVE_KEY_ANSWERS_MAX) sensitiveKeyAnswers.clear();
  sensitiveKeyAnswers.set(key, answer);
  return answer;
}

function keyIsSensitive(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[_-]/g, '');
  if (SENSITIVE_LOG_KEYS.has(normalized)) return true;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean);
  const last = words.length > 1 ? words[words.length - 1]!.toLowerCase() : '';
  return SENSITIVE_LOG_KEY_ENDINGS.has(last);
}

/**
 * A copy of JSON-like `value` with sensitive keys censored and phone numbers masked in every
 * string, at any depth (objects and arrays; the input is not changed). Past
 * {@link LOG_REDACTION_LIMITS} a subtree becomes `"[truncated]"`. Non-plain objects (class
 * instances, Errors) are walked by their own enumerable properties plus an Error's message and
 * stack.
 */
export function redactLogValue(value: unknown): unknown {
  const budget = { nodes: 0 };
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return maskPhoneNumbers(v);
    if (typeof v !== 'object' || v === null) return v;
    if (seen.has(v)) return '[circular]';
    if (depth >= LOG_REDACTION_LIMITS.maxDepth || ++budget.nodes > LOG_REDACTION_LIMITS.maxNodes) return '[truncated]';
    seen.add(v);
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    if (v instanceof Error) {
      out.type = v.name;
      out.message = maskPhoneNumbers(v.message);
      if (v.stack) out.stack = maskPhoneNumbers(v.stack);
    }
    for (const [k, child] of Object.entries(v)) out[k] = isSensitiveLogKey(k) ? LOG_CENSOR : walk(child, depth + 1);
    return out;
  };
  return walk(value, 0);
}

/** Redacts one serialized pino line (JSON + newline); a line that is not JSON gets its phone numbers masked. */
export function redactLogLine(line: string): string {
  const end = line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(redactLogValue(JSON.parse(line))) + end;
  } catch {
    return maskPhoneNumbers(line);
  }
}

/**
 * Wraps a pino destination so every line is redacted ({@link redactLogLine}) after pino has
 * serialized it: the walk sees the final line (message, child bindings, serialized errors with
 * their `parameters`/`detail`/`driverError`, request and response objects), so no serializer,
 * nesting or key name can carry a number or a body past it.
 */
export function redactingDestination(dest: DestinationStream & { flush?: (cb?: (err?: Error) => void) => void; flushSync?: () => void }): DestinationStream {
  return {
    write: (line: string) => dest.write(redactLogLine(line)),
    ...(dest.flush ? { flush: (cb?: (err?: Error) => void) => dest.flush!(cb) } : {}),
    ...(dest.flushSync ? { flushSync: () => dest.flushSync!() } : {}),
  } as DestinationStream;
}
