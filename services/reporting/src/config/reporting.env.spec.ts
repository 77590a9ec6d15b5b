import { ConfigValidationException } from '@textback/config';
import { loadLeadCrmEnv } from '../../../lead-crm/src/config/lead-crm.env';
import { loadSchedulingEnv } from '../../../scheduling/src/config/scheduling.env';
import { loadReportingEnv } from './reporting.env';

const base = { DATABASE_URL: 'postgres://u@h/db', KAFKA_BROKERS: 'k:1', CLICKHOUSE_URL: 'http://ch:8123', JWT_ISSUER: 'https://auth.example.com', JWT_AUDIENCE: 'textback-api' };
const strong = 'f3b9c1d7e2a84b6f9c0d1e2f3a4b5c6d7e8f9a0b';
const variablesOf = (load: () => unknown): string[] => {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigValidationException) return err.issues.map((i) => i.variable);
    throw err;
  }
  return [];
};

/** The JWT rules are the same in every service that verifies tokens (one schema fragment, @textback/auth). */
describe('staff API JWT environment (reporting, lead-crm, scheduling)', () => {
  const loaders = { reporting: loadReportingEnv, 'lead-crm': loadLeadCrmEnv, scheduling: loadSchedulingEnv };

  it.each(Object.entries(loaders))('%s refuses a JWT secret under 32 characters (reporting accepted 16)', (_name, load) => {
    expect(variablesOf(() => load({ ...base, JWT_SECRET: 'sixteen-chars-ok' }))).toEqual(['JWT_SECRET']);
    expect(variablesOf(() => load({ ...base, JWT_SECRET: strong }))).toEqual([]);
  });

  it.each(Object.entries(loaders))('%s requires JWT_ISSUER and JWT_AUDIENCE', (_name, load) => {
    expect(variablesOf(() => load({ DATABASE_URL: base.DATABASE_URL, KAFKA_BROKERS: base.KAFKA_BROKERS, CLICKHOUSE_URL: base.CLICKHOUSE_URL, JWT_SECRET: strong }))).toEqual(['JWT_ISSUER', 'JWT_AUDIENCE']);
  });

  it.each(Object.entries(loaders))('%s refuses the committed JWT placeholders in production (exit 78 at boot), naming JWT_SECRET', (_name, load) => {
    for (const placeholder of ['change-me-to-a-long-random-secret', 'local-only-jwt-secret-change-me-0123456789']) {
      expect(variablesOf(() => load({ ...base, NODE_ENV: 'production', JWT_SECRET: placeholder }))).toEqual(['JWT_SECRET']);
      expect(variablesOf(() => load({ ...base, NODE_ENV: 'development', JWT_SECRET: placeholder }))).toEqual([]);
    }
  });
});
