/**
 * Client-side ClickHouse literals. ClickHouse 18.16 has no server-side query parameters
 * (`{x:String}` + `param_x` fails with "Unknown setting param_x", see
 * ../shared/reference/INFRA.md §3.1 and §3.5), so every value that reaches SQL goes through
 * this one helper. Escaping follows ClickHouse's string literal grammar
 * (https://clickhouse.com/docs/en/sql-reference/syntax#string): backslash escapes `\\ \' \n \r
 * \t \0 \b \f` and `\xHH` for other control characters; the official Rust client escapes the
 * same way (docs.rs/clickhouse src/sql/escape.rs).
 */

/** A fragment of SQL that is inserted verbatim by {@link sql} (never built from user input). */
export class SqlFragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A value {@link lit} can render. */
export type SqlValue = string | number | bigint | boolean | Date | null | SqlFragment | readonly SqlValue[];

/** Error thrown for a value that has no safe literal (NaN, Infinity, unsafe integer, invalid Date). */
export class SqlLiteralException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlLiteralException';
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0', '\b': '\\b', '\f': '\\f' };

function escapeBody(value: string, quote: string): string {
  let out = '';
  for (const ch of value) {
    const simple = ch === quote && quote === '`' ? '\\`' : SIMPLE_ESCAPES[ch];
    if (simple !== undefined && (ch !== "'" || quote === "'")) {
      out += simple;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

/** A quoted string literal: `'O\'Brien'`. Any Unicode round-trips (UTF-8 on the wire). */
export function str(value: string): string {
  return `'${escapeBody(value, "'")}'`;
}

/**
 * A numeric literal.
 * @throws SqlLiteralException for NaN/Infinity or a non-integer outside ±2^53 (pass a bigint).
 */
export function num(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new SqlLiteralException(`not a finite number: ${value}`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new SqlLiteralException(`integer ${value} is beyond 2^53; pass a bigint`);
  return String(value);
}

/**
 * An instant as `toDateTime(<unix seconds>)` (whole seconds, floor), independent of the
 * server's and the column's time zone.
 * @throws SqlLiteralException for an invalid Date.
 */
export function dateTime(value: Date): string {
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new SqlLiteralException('invalid Date');
  return `toDateTime(${Math.floor(ms / 1000)})`;
}

/**
 * Any supported value as a literal: string → {@link str}, number/bigint → {@link num}, boolean →
 * 1/0, Date → {@link dateTime}, null → NULL, array → `[a, b]`, {@link SqlFragment} verbatim.
 */
export function lit(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (value instanceof SqlFragment) return value.text;
  if (value instanceof Date) return dateTime(value);
  if (Array.isArray(value)) return `[${(value as readonly SqlValue[]).map(lit).join(', ')}]`;
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'bigint') return num(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  throw new SqlLiteralException(`unsupported literal type ${typeof value}`);
}

/** An identifier in backticks (`db`.`table` via two calls): `` `my table` ``. */
export function ident(name: string): string {
  if (name.length === 0) throw new SqlLiteralException('empty identifier');
  return `\`${escapeBody(name, '`')}\``;
}

/** Escapes `%`, `_` and `\` so `text` matches literally inside a LIKE pattern (not yet quoted). */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A quoted LIKE pattern matching values that contain `text`: `'%50\\%%'`. */
export function likeContains(text: string): string {
  return str(`%${likeEscape(text)}%`);
}

/** A quoted LIKE pattern matching values that start with `text`. */
export function likePrefix(text: string): string {
  return str(`${likeEscape(text)}%`);
}

/** Marks trusted SQL text (keywords, expressions built by our code) for {@link sql}. */
export function raw(text: string): SqlFragment {
  return new SqlFragment(text);
}

/**
 * Tagged template: every `${value}` becomes a literal via {@link lit}; use {@link raw} or a nested
 * `sql` for trusted fragments, {@link ident} output wrapped in `raw()` for names.
 * Example: sql`SELECT count() FROM events WHERE tenant_id = ${tenantId} AND ts >= ${from}`.
 */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlFragment {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += lit(v) + (strings[i + 1] ?? '');
  });
  return new SqlFragment(out);
}

/**
 * A parenthesised list for `x IN ${inList(values)}`: `('a', 'b')` (uses the primary index, unlike
 * `has([...], x)` on 18.16).
 * @throws SqlLiteralException for an empty list (`IN ()` is a syntax error).
 */
export function inList(values: readonly SqlValue[]): SqlFragment {
  if (values.length === 0) throw new SqlLiteralException('empty IN list');
  return new SqlFragment(`(${values.map(lit).join(', ')})`);
}
