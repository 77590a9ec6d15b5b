import { type AddressInfo } from 'node:net';
import { type INestApplication } from '@nestjs/common';
import { createServiceDataSource, runMigrations } from '@textback/persistence';
import { type StackEnv } from '@textback/testing';
import { loadReportingEnv } from '../../src/config/reporting.env';
import { bootstrapReporting } from '../../src/reporting.bootstrap';
import { type reportingService } from '../../src/reporting.definition';
import { TEST_TOKEN_AUDIENCE, TEST_TOKEN_ISSUER } from './sign-token';

/**
 * Starts reporting for an integration spec on the real stack: migrates `definition.schema` in PostgreSQL, bootstraps
 * the service against the ClickHouse `database` (its migrations run at start) and listens on an ephemeral port of
 * 127.0.0.1. Tokens are verified with `secret` and the test issuer/audience of `sign-token.ts`.
 * @returns the application (close it in `afterAll`) and its base URL (`http://127.0.0.1:<port>`).
 */
export async function startReportingTestApp(opts: {
  stack: StackEnv;
  definition: typeof reportingService;
  database: string;
  secret: string;
}): Promise<{ app: INestApplication; base: string }> {
  const { stack, definition, database, secret } = opts;
  const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema: definition.schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
  await runMigrations(migrator, definition.schema);
  await migrator.destroy();
  const env = loadReportingEnv({
    DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, CLICKHOUSE_URL: stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: database,
    JWT_SECRET: secret, JWT_ISSUER: TEST_TOKEN_ISSUER, JWT_AUDIENCE: TEST_TOKEN_AUDIENCE, LOG_LEVEL: 'warn', HTTP_PORT: '1', HTTP_HOST: '127.0.0.1',
  });
  const app = await bootstrapReporting(env, definition, false);
  await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}
