/** Lone UTF-16 surrogates (a high not followed by a low, or a low not preceded by a high). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string PostgreSQL accepts in `text` and `jsonb`: U+0000 removed (PostgreSQL rejects it in both, "unsupported
 * Unicode escape sequence" / "invalid byte sequence") and lone surrogates replaced by U+FFFD (not encodable as UTF-8).
 * The exact bytes received stay in the raw request row.
 */
export function jsonbSafeString(s: string): string {
  return s.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A deep copy of a JSON value with every string (values and keys) made {@link jsonbSafeString safe}; numbers that
 * JSON cannot carry (NaN, ±Infinity) become null. Depth is capped at 64 (deeper values become null).
 */
export function jsonbSafe<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return jsonbSafeString(value) as T;
  if (typeof value === 'number') return (Number.isFinite(value) ? value : null) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 64) return null as T;
  if (Array.isArray(value)) return value.map((v: unknown) => jsonbSafe(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[jsonbSafeString(k)] = jsonbSafe(v, depth + 1);
  return out as T;
}

/** Earliest carrier event time accepted (no carrier webhook describes an event before 2000). */
export const EARLIEST_EVENT_TIME = Date.UTC(2000, 0, 1);
/** How far in the future a carrier event time may lie (clock skew), milliseconds: one day. */
export const EVENT_TIME_MAX_SKEW_MS = 24 * 3_600_000;

/**
 * Whether an event time (epoch ms) is plausible: in [2000-01-01, now + 1 day]. Times outside pass ISO-8601 parsing
 * (`+200000-01-01`) but break contracts and PostgreSQL, so the event is rejected on its own instead.
 */
export function isPlausibleEventTime(ms: number, now: number = Date.now()): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_EVENT_TIME && ms <= now + EVENT_TIME_MAX_SKEW_MS;
}
