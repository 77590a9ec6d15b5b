import { z } from 'zod';
import { baseServiceEnvSchema } from './base-env.schema';
import { ConfigValidationException } from './config-validation.exception';
import { parseEnv } from './parse-env';

describe(parseEnv.name, () => {
  const schema = baseServiceEnvSchema.extend({ HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3001) });

  it('returns typed values with defaults', () => {
    const env = parseEnv('svc', schema, { DATABASE_URL: 'postgres://u@h:5432/db', KAFKA_BROKERS: 'a:9092, b:9093' });
    expect(env).toMatchObject({ HTTP_PORT: 3001, KAFKA_BROKERS: ['a:9092', 'b:9093'], KAFKA_TOPIC_PARTITIONS: 3, LOG_LEVEL: 'info' });
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv('svc', schema, { DATABASE_URL: 'postgres://u@h/db', KAFKA_BROKERS: 'k:1', HTTP_PORT: '' }).HTTP_PORT).toBe(3001);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      parseEnv('svc', schema, { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohostport', HTTP_PORT: '99999', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigValidationException);
    const ex = error as ConfigValidationException;
    expect(ex.issues.map((i) => i.variable.split('.')[0]).sort()).toEqual(['DATABASE_URL', 'HTTP_PORT', 'KAFKA_BROKERS', 'LOG_LEVEL']);
    expect(ex.message).toContain('svc: invalid environment (4 problems)');
  });

  it('reports the server addresses missing from a partial set (none at all is the embedded mode)', () => {
    expect(() => parseEnv('svc', schema, { KAFKA_BROKERS: 'k:1' })).toThrow(/DATABASE_URL: required with KAFKA_BROKERS/);
  });
});
