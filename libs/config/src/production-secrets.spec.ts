import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { baseServiceEnvSchema } from './base-env.schema';
import { ConfigValidationException } from './config-validation.exception';
import { parseEnv } from './parse-env';
import { COMMITTED_PLACEHOLDER_SECRETS, productionSecretIssues } from './production-secrets';

const ROOT = join(__dirname, '../../..');
const SECRET_NAME = /SECRET|PASSWORD|TOKEN/;

describe('COMMITTED_PLACEHOLDER_SECRETS', () => {
  it('holds every secret value committed in .env.example, docker-compose.yml defaults and k8s/secrets.example.yaml', () => {
    const committed = new Set<string>();
    for (const line of readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (m?.[1] && m[2] && SECRET_NAME.test(m[1])) committed.add(m[2]);
    }
    for (const m of readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').matchAll(/\$\{([A-Z0-9_]+):-([^}]*)\}/g)) {
      if (m[1] && m[2] && SECRET_NAME.test(m[1])) committed.add(m[2]);
    }
    for (const doc of readFileSync(join(ROOT, 'k8s/secrets.example.yaml'), 'utf8').split(/^---$/m)) {
      const data = (parse(doc) as { stringData?: Record<string, string> } | null)?.stringData ?? {};
      for (const [key, value] of Object.entries(data)) {
        if (SECRET_NAME.test(key)) committed.add(value);
        if (key.endsWith('_CREDENTIALS')) for (const c of JSON.parse(value) as { password: string }[]) committed.add(c.password);
      }
    }
    expect(committed.size).toBeGreaterThan(5);
    expect([...committed].filter((v) => !COMMITTED_PLACEHOLDER_SECRETS.includes(v))).toEqual([]);
  });
});

describe(productionSecretIssues.name, () => {
  const schema = baseServiceEnvSchema.extend({
    JWT_SECRET: z.string().optional(),
    BANDWIDTH_CALLBACK_PASSWORD: z.string().optional(),
    BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: z.string().transform((s) => JSON.parse(s) as unknown).optional(),
  });
  const base = { DATABASE_URL: 'postgres://u@h/db', KAFKA_BROKERS: 'k:1' };
  const strong = 'f3b9c1d7e2a84b6f9c0d1e2f3a4b5c6d7e8f9a0b';

  it('refuses in production, naming the variable, a committed placeholder or an own secret under 32 characters', () => {
    let error: unknown;
    try {
      parseEnv('svc', schema, {
        ...base,
        NODE_ENV: 'production',
        JWT_SECRET: 'change-me-to-a-long-random-secret',
        BANDWIDTH_CALLBACK_PASSWORD: 'short-but-random',
        BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([{ username: 'tb-voice', password: strong }, { username: 'x', password: 'stand-in-callbacks' }]),
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigValidationException);
    const ex = error as ConfigValidationException;
    expect(ex.issues.map((i) => i.variable)).toEqual(['JWT_SECRET', 'BANDWIDTH_CALLBACK_PASSWORD', 'BANDWIDTH_VOICE_CALLBACK_CREDENTIALS.1.password']);
    expect(ex.message).toContain('JWT_SECRET: is a placeholder committed in this repository');
    expect(ex.message).toContain('BANDWIDTH_CALLBACK_PASSWORD: must be at least 32 characters in production');
    expect(ex.message).not.toContain('stand-in-callbacks');
  });

  it('accepts strong secrets in production and placeholders outside production', () => {
    expect(parseEnv('svc', schema, { ...base, NODE_ENV: 'production', JWT_SECRET: strong, BANDWIDTH_CALLBACK_PASSWORD: strong }).JWT_SECRET).toBe(strong);
    expect(parseEnv('svc', schema, { ...base, NODE_ENV: 'development', JWT_SECRET: 'change-me-to-a-long-random-secret' }).JWT_SECRET).toBe('change-me-to-a-long-random-secret');
    expect(productionSecretIssues({ NODE_ENV: 'production' })).toEqual([]);
  });

  it('ignores secrets a service does not read (a shared env file), since only parsed values are checked', () => {
    const narrow = baseServiceEnvSchema;
    expect(() => parseEnv('svc', narrow, { ...base, NODE_ENV: 'production', JWT_SECRET: 'change-me-to-a-long-random-secret' })).not.toThrow();
  });
});
