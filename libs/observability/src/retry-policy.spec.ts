import { deadLetterErrorText, isInfrastructureUnavailable, RetryPolicy } from './retry-policy';

describe(RetryPolicy.name, () => {
  const policy = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 3_000 });

  it('doubles the delay per failure up to the cap, in ms', () => {
    expect([1, 2, 3, 4, 5, 30].map((k) => policy.delayMs(k))).toEqual([500, 1_000, 2_000, 3_000, 3_000, 3_000]);
  });

  it('retries until maxAttempts attempts have failed, then dead-letters', () => {
    expect([1, 2, 3, 4].map((k) => policy.decide(k))).toEqual([
      { kind: 'retry', delayMs: 500 },
      { kind: 'retry', delayMs: 1_000 },
      { kind: 'retry', delayMs: 2_000 },
      { kind: 'retry', delayMs: 3_000 },
    ]);
    expect(policy.decide(5)).toEqual({ kind: 'dead_letter' });
    expect(policy.decide(6)).toEqual({ kind: 'dead_letter' });
  });

  it('bounds the total wait before a dead letter', () => {
    expect(policy.worstCaseMs).toBe(500 + 1_000 + 2_000 + 3_000);
    expect(new RetryPolicy({ maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 500 }).decide(1)).toEqual({ kind: 'dead_letter' });
  });

  it('spreads delays by the jitter fraction', () => {
    const jittered = new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, jitter: 0.2 });
    expect(jittered.decide(1, () => 0)).toEqual({ kind: 'retry', delayMs: 800 });
    expect(jittered.decide(1, () => 1)).toEqual({ kind: 'retry', delayMs: 1_200 });
  });

  it('refuses nonsense settings', () => {
    expect(() => new RetryPolicy({ maxAttempts: 0, baseDelayMs: 1, maxDelayMs: 1 })).toThrow(RangeError);
  });
});

describe(isInfrastructureUnavailable.name, () => {
  it('recognises network, PostgreSQL connection-class and kafkajs connection errors, at any depth', () => {
    expect(isInfrastructureUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isInfrastructureUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isInfrastructureUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isInfrastructureUnavailable(Object.assign(new Error('q'), { driverError: Object.assign(new Error('d'), { code: '57P03' }) }))).toBe(true);
    expect(isInfrastructureUnavailable(new Error('outer', { cause: new Error('Connection terminated unexpectedly') }))).toBe(true);
    expect(isInfrastructureUnavailable(Object.assign(new Error('broker'), { name: 'KafkaJSConnectionError' }))).toBe(true);
  });

  it('treats everything else as a failure of the record', () => {
    expect(isInfrastructureUnavailable(new Error('null value in column "to_e164" violates not-null constraint'))).toBe(false);
    expect(isInfrastructureUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isInfrastructureUnavailable(Object.assign(new Error('08'), { code: '0800' }))).toBe(false);
    expect(isInfrastructureUnavailable('string')).toBe(false);
    expect(isInfrastructureUnavailable(null)).toBe(false);
  });
});

describe(deadLetterErrorText.name, () => {
  it('keeps the name and message, truncated', () => {
    expect(deadLetterErrorText(new TypeError('bad'))).toBe('TypeError: bad');
    expect(deadLetterErrorText('x'.repeat(50), 10)).toBe('x'.repeat(10));
  });
});
