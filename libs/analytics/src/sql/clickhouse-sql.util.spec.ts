import { dateTime, ident, inList, likeContains, lit, num, raw, sql, SqlLiteralException, str } from './clickhouse-sql.util';

describe('clickhouse-sql.util', () => {
  it('escapes quotes, backslashes and control characters in strings', () => {
    expect(str("O'Brien")).toBe("'O\\'Brien'");
    expect(str('a\\b')).toBe("'a\\\\b'");
    expect(str("\\'; DROP DATABASE x; --")).toBe("'\\\\\\'; DROP DATABASE x; --'");
    expect(str('l1\nl2\r\t\0\b\f')).toBe("'l1\\nl2\\r\\t\\0\\b\\f'");
    expect(str('\x07\x7f\x1b')).toBe("'\\x07\\x7f\\x1b'");
    expect(str('😀 \u2028 ü')).toBe("'😀 \u2028 ü'");
  });

  it('renders numbers, bigints, booleans, null, dates and arrays', () => {
    expect(lit(42)).toBe('42');
    expect(lit(-1.5)).toBe('-1.5');
    expect(lit(18446744073709551615n)).toBe('18446744073709551615');
    expect(lit(true)).toBe('1');
    expect(lit(null)).toBe('NULL');
    expect(lit(new Date('2026-01-02T03:04:05.999Z'))).toBe('toDateTime(1767323045)');
    expect(lit(['a', "b'", 3])).toBe("['a', 'b\\'', 3]");
  });

  it('refuses values without a safe literal', () => {
    expect(() => num(Number.NaN)).toThrow(SqlLiteralException);
    expect(() => num(Infinity)).toThrow(SqlLiteralException);
    expect(() => num(2 ** 60)).toThrow(/bigint/);
    expect(() => dateTime(new Date('nope'))).toThrow(SqlLiteralException);
    expect(() => ident('')).toThrow(SqlLiteralException);
  });

  it('quotes identifiers with backticks', () => {
    expect(ident('events')).toBe('`events`');
    expect(ident('we`ird \\ name')).toBe('`we\\`ird \\\\ name`');
  });

  it('escapes LIKE wildcards', () => {
    expect(likeContains('50%_off\\')).toBe("'%50\\\\%\\\\_off\\\\\\\\%'");
  });

  it('interpolates values as literals in the sql tag and keeps raw fragments', () => {
    const q = sql`SELECT ${raw('count()')} FROM t WHERE a = ${"x'"} AND b IN ${[1, 2]} AND c = ${sql`lower(${'Y'})`}`;
    expect(q.text).toBe("SELECT count() FROM t WHERE a = 'x\\'' AND b IN [1, 2] AND c = lower('Y')");
  });
});

describe('inList', () => {
  it('renders a parenthesised list and refuses an empty one', () => {
    expect(sql`x IN ${inList(['a', "]'"])}`.text).toBe("x IN ('a', ']\\'')");
    expect(() => inList([])).toThrow(SqlLiteralException);
  });
});
