import { isPlausibleEventTime, jsonbSafe, jsonbSafeString } from './jsonb-safe.util';
import { decodeWebhookText, parseFormWebhookBody, parseJsonWebhookBody } from './webhook-body.decoder';

describe(jsonbSafe.name, () => {
  it('removes U+0000 and replaces lone surrogates in values and keys, keeping valid pairs', () => {
    expect(jsonbSafeString('ST\u0000OP')).toBe('STOP');
    expect(jsonbSafeString('a\ud800b\udc00c👍')).toBe('a\uFFFDb\uFFFDc👍');
    expect(jsonbSafe({ 'k\u0000': ['x\u0000', 1, Number.NaN, { y: '\udfff' }] })).toEqual({ k: ['x', 1, null, { y: '\uFFFD' }] });
  });

  it('bounds event times to [2000, now + 1 day]', () => {
    const now = Date.parse('2026-12-04T00:00:00Z');
    expect(isPlausibleEventTime(Date.parse('2026-12-03T23:00:00Z'), now)).toBe(true);
    expect(isPlausibleEventTime(Date.parse('+200000-01-01T00:00:00Z'), now)).toBe(false);
    expect(isPlausibleEventTime(Date.parse('1999-12-31T23:59:59Z'), now)).toBe(false);
    expect(isPlausibleEventTime(Date.parse('2026-12-05T01:00:00Z'), now)).toBe(false);
    expect(isPlausibleEventTime(Number.NaN, now)).toBe(false);
  });
});

describe(decodeWebhookText.name, () => {
  it('decodes UTF-8 (invalid bytes become U+FFFD) and UTF-16 with a byte-order mark', () => {
    expect(decodeWebhookText(Buffer.from([0x61, 0xff, 0x62]))).toBe('a\uFFFDb');
    expect(decodeWebhookText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[1]', 'utf16le')]))).toBe('[1]');
    expect(decodeWebhookText(Buffer.from('\uFEFF{}', 'utf8'))).toBe('{}');
  });

  it('parses JSON or says why not, and forms with repeated keys as lists', () => {
    expect(parseJsonWebhookBody(Buffer.from('[{"a":1}]'))).toEqual({ ok: true, value: [{ a: 1 }] });
    expect(parseJsonWebhookBody(Buffer.from('[{"a":'))).toEqual({ ok: false, error: expect.stringContaining('body is not JSON') });
    expect(parseFormWebhookBody(Buffer.from('Body=a&Body=b&From=%2B1303&X=%FF'))).toEqual({ Body: ['a', 'b'], From: '+1303', X: '\uFFFD' });
  });
});
