import { jwtEnvShape } from '@textback/auth';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';

/** Environment of reporting: the shared variables plus its own (see README.md). */
export const reportingEnvSchema = baseServiceEnvSchema
  .extend({
    HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3006),
    /** ClickHouse HTTP URL (distributed mode, with DATABASE_URL and KAFKA_BROKERS); unset: chDB in `<TEXTBACK_DATA_DIR>/chdb`. */
    CLICKHOUSE_URL: z.url().optional(),
    CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('textback'),
    CLICKHOUSE_USER: z.string().default('default'),
    CLICKHOUSE_PASSWORD: z.string().default(''),
    /** Run the ClickHouse .sql migrations at boot (single replica / local); else run them from a job. */
    CLICKHOUSE_MIGRATE_ON_BOOT: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    /** Carrier price of one SMS segment, in cents (may be fractional, e.g. 0.79). */
    SMS_PRICE_PER_SEGMENT_CENTS: z.coerce.number().nonnegative().default(0.79),
    /** Textback's platform price per location per month, in cents. */
    PLATFORM_COST_PER_LOCATION_MONTH_CENTS: z.coerce.number().nonnegative().default(9900),
    /** API JWTs (@textback/auth, same rules as lead-crm and scheduling): JWT_SECRET (>= 32 characters) or JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, ... */
    ...jwtEnvShape,
  })
  .refine((e) => e.JWT_SECRET !== undefined || e.JWT_JWKS_URL !== undefined, { message: 'set JWT_SECRET or JWT_JWKS_URL', path: ['JWT_SECRET'] });
export type ReportingEnv = z.infer<typeof reportingEnvSchema>;

/** The variables the ClickHouse migration job needs (`textback migrate reporting`): no JWT, no Kafka. */
export const reportingMigrateEnvSchema = z.object({
  DATABASE_URL: z.string().min(1),
  CLICKHOUSE_URL: z.url().default('http://127.0.0.1:18123'),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('textback'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
});
export type ReportingMigrateEnv = z.infer<typeof reportingMigrateEnvSchema>;

/**
 * Reads the migration job's variables.
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadReportingMigrateEnv(env: Record<string, string | undefined> = process.env): ReportingMigrateEnv {
  return parseEnv('reporting-migrate', reportingMigrateEnvSchema, env);
}

/**
 * Reads and validates reporting's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadReportingEnv(env: Record<string, string | undefined> = process.env): ReportingEnv {
  return parseEnv('reporting', reportingEnvSchema, env);
}
