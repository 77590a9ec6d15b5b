import { join } from 'node:path';
import { z } from 'zod';
import { baseServiceEnvSchema } from './base-env.schema';
import { ConfigValidationException } from './config-validation.exception';
import { deploymentModeIssues, resolveDataDir, selectDeploymentMode } from './deployment-mode';
import { parseEnv } from './parse-env';

const distributed = { DATABASE_URL: 'postgres://u@db:5432/textback', KAFKA_BROKERS: 'kafka:9092', CLICKHOUSE_URL: 'http://clickhouse:8123' };

const thrownBy = (fn: () => unknown): ConfigValidationException => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigValidationException) return err;
    throw err;
  }
  throw new Error('expected a ConfigValidationException');
};

describe(selectDeploymentMode.name, () => {
  it('is embedded when none of DATABASE_URL, KAFKA_BROKERS and CLICKHOUSE_URL is set (empty strings count as unset)', () => {
    expect(selectDeploymentMode('textback', {})).toBe('embedded');
    expect(selectDeploymentMode('textback', { DATABASE_URL: '', KAFKA_BROKERS: '', CLICKHOUSE_URL: '', TEXTBACK_DATA_DIR: '/srv/shop' })).toBe('embedded');
  });

  it('is distributed when all three are set', () => {
    expect(selectDeploymentMode('textback', distributed)).toBe('distributed');
  });

  it('refuses a partial configuration, naming each missing variable and the ones set', () => {
    const err = thrownBy(() => selectDeploymentMode('textback', { DATABASE_URL: distributed.DATABASE_URL }));
    expect(err.issues.map((i) => i.variable)).toEqual(['KAFKA_BROKERS', 'CLICKHOUSE_URL']);
    expect(err.message).toContain('KAFKA_BROKERS: required with DATABASE_URL');
    expect(err.message).toContain('unset all of them for the embedded mode');
  });

  it('only weighs the variables the process uses (a service without analytics needs no CLICKHOUSE_URL)', () => {
    expect(selectDeploymentMode('messaging', { DATABASE_URL: distributed.DATABASE_URL, KAFKA_BROKERS: 'k:1' }, ['DATABASE_URL', 'KAFKA_BROKERS'])).toBe('distributed');
    expect(deploymentModeIssues({ KAFKA_BROKERS: 'k:1' }, ['DATABASE_URL', 'KAFKA_BROKERS']).map((i) => i.variable)).toEqual(['DATABASE_URL']);
  });
});

describe(resolveDataDir.name, () => {
  it('resolves TEXTBACK_DATA_DIR, default ./data, against the working directory', () => {
    expect(resolveDataDir({}, '/home/shop')).toBe(join('/home/shop', 'data'));
    expect(resolveDataDir({ TEXTBACK_DATA_DIR: 'var/tb' }, '/home/shop')).toBe(join('/home/shop', 'var/tb'));
    expect(resolveDataDir({ TEXTBACK_DATA_DIR: '/srv/textback' }, '/home/shop')).toBe('/srv/textback');
  });
});

describe('service env schemas and the deployment mode (parseEnv)', () => {
  const schema = baseServiceEnvSchema.extend({ HTTP_PORT: z.coerce.number().default(3001) });
  const withAnalytics = baseServiceEnvSchema.extend({ CLICKHOUSE_URL: z.url().optional() });

  it('accepts the embedded mode: no server address at all, the data directory defaulted', () => {
    const env = parseEnv('svc', schema, {});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.KAFKA_BROKERS).toBeUndefined();
    expect(env.TEXTBACK_DATA_DIR).toBe('./data');
  });

  it('refuses DATABASE_URL without KAFKA_BROKERS, with the other bad variables listed too', () => {
    const err = thrownBy(() => parseEnv('svc', schema, { DATABASE_URL: distributed.DATABASE_URL, HTTP_PORT: 'x' }));
    expect(err.issues.map((i) => i.variable)).toEqual(['KAFKA_BROKERS', 'HTTP_PORT']);
  });

  it('asks a schema that reads CLICKHOUSE_URL for all three', () => {
    expect(parseEnv('reporting', withAnalytics, distributed).CLICKHOUSE_URL).toBe(distributed.CLICKHOUSE_URL);
    const err = thrownBy(() => parseEnv('reporting', withAnalytics, { DATABASE_URL: distributed.DATABASE_URL, KAFKA_BROKERS: 'k:1' }));
    expect(err.issues.map((i) => i.variable)).toEqual(['CLICKHOUSE_URL']);
  });
});
