import { Writable } from 'node:stream';
import { createRootLogger } from './logger.factory';
import { isSensitiveLogKey, LOG_CENSOR, LOG_REDACTION_LIMITS, maskPhoneNumbers, PHONE_CENSOR, redactLogLine, redactLogValue } from './log-redaction';

/** A pino destination that keeps the lines it is given. */
function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { lines, stream };
}

describe('log redaction', () => {
  it.each([
    ['Key (caller_e164)=(+15551234567) already exists.', 'Key (caller_e164)=([phone]) already exists.'],
    ['call +1 (303) 555-0123 back', 'call [phone] back'],
    ['uk +44 7700 900123.', 'uk [phone].'],
    ['call (303) 555-0123 or 303-555-0124 or 303.555.0125', `call ${PHONE_CENSOR} or ${PHONE_CENSOR} or ${PHONE_CENSOR}`],
    ['raw 3035550123 and 13035550123', 'raw [phone] and [phone]'],
    ['invalid input syntax for type uuid: "+13035550123"', 'invalid input syntax for type uuid: "[phone]"'],
  ])('masks the numbers in %j', (text, masked) => {
    expect(maskPhoneNumbers(text)).toBe(masked);
  });

  it.each([
    'id 3f2a1b4c-1234-4a5b-9c8d-123456789012',
    'migration 1796342128569-webhook-dead-state and epoch 1796342128',
    '2026-12-03T23:50:50.123+01:00 took 1234 ms on 10.255.255.1:5432',
    'retry in 30000 ms, attempt 3 of 10, offset 9123456',
    'sid SM0123456789abcdef0123456789abcdef',
  ])('leaves %j alone', (text) => {
    expect(maskPhoneNumbers(text)).toBe(text);
  });

  it('knows sensitive keys in any case or spelling, and leaves near misses', () => {
    for (const k of ['body', 'Body', 'To', 'from', 'text', 'callerE164', 'caller_e164', 'forwardToE164', 'phoneE164', 'messageBody', 'reply_text', 'spokenSummary', 'callerRaw', 'parameters', 'detail', 'secret', 'authorization']) {
      expect([k, isSensitiveLogKey(k)]).toEqual([k, true]);
    }
    for (const k of ['context', 'textLength', 'bodyBytes', 'tokenCount', 'toString', 'reason', 'query', 'code', 'messageId']) expect([k, isSensitiveLogKey(k)]).toEqual([k, false]);
  });

  it('redacts at any depth: database error parameters and detail, nested arrays, messages and stacks; the input is not changed', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "uq_contacts_tenant_e164"'), {
      code: '23505',
      detail: 'Key (tenant_id, e164)=(7d1c, +13035550123) already exists.',
    });
    const err = Object.assign(new Error('value +13035550123 rejected'), {
      query: 'INSERT INTO crm.contacts (id, e164) VALUES ($1, $2)',
      parameters: ['id-1', '+13035550123', 'My furnace stopped'],
      driverError,
      detail: driverError.detail,
    });
    const input = { level: 50, msg: 'failed for +13035550123', err, deep: [{ a: { b: [{ callerE164: '+13035550123', note: 'text +1 303 555 0123' }] } }] };
    const out = JSON.stringify(redactLogValue(input));
    expect(out).not.toMatch(/303.?555.?0123/);
    expect(out).not.toContain('furnace');
    expect(out).toContain('uq_contacts_tenant_e164');
    expect(redactLogValue(input)).toMatchObject({
      msg: 'failed for [phone]',
      err: { message: 'value [phone] rejected', parameters: LOG_CENSOR, detail: LOG_CENSOR, query: err.query, driverError: { code: '23505', detail: LOG_CENSOR } },
      deep: [{ a: { b: [{ callerE164: LOG_CENSOR, note: 'text [phone]' }] } }],
    });
    expect(err.parameters[1]).toBe('+13035550123');
  });

  it('cuts objects deeper than the limit and survives cycles', () => {
    let deep: Record<string, unknown> = { phone: '+13035550123' };
    for (let i = 0; i < LOG_REDACTION_LIMITS.maxDepth + 5; i += 1) deep = { next: deep };
    expect(JSON.stringify(redactLogValue(deep))).toContain('[truncated]');
    const cyclic: Record<string, unknown> = { note: '+13035550123' };
    cyclic.self = cyclic;
    expect(redactLogValue(cyclic)).toEqual({ note: '[phone]', self: '[circular]' });
  });

  it('redacts a serialized line and masks a line that is not JSON', () => {
    expect(redactLogLine('{"msg":"to +13035550123","to":"+13035550124"}\n')).toBe('{"msg":"to [phone]","to":"[redacted]"}\n');
    expect(redactLogLine('plain +13035550123\n')).toBe('plain [phone]\n');
  });

  it("holds through the root logger: an error's own properties, a child's bindings and the message", () => {
    const { lines, stream } = capture();
    const log = createRootLogger('redaction-spec', 'info', stream);
    const err = Object.assign(new Error('insert failed'), { parameters: ['+13035550123', 'Is the furnace fixed?'], detail: 'Failing row contains (+13035550123, Is the furnace fixed?).' });
    log.child({ lead: { contact: { mobile: '+13035550123' } } }).error({ err, attempt: 1, payload: { data: { messages: [{ text: 'Is the furnace fixed?' }] } } }, 'insert for %s failed', '+13035550123');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/303.?555.?0123|furnace/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'insert for [phone] failed', lead: { contact: { mobile: '[phone]' } }, err: { message: 'insert failed', parameters: LOG_CENSOR, detail: LOG_CENSOR }, attempt: 1 });
  });
});
