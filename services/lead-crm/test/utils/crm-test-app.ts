import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { signAccessToken } from '@textback/auth';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { connectContractConsumer, type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, startGroupAtTopicEnds, TEST_APP_FETCH_MAX_WAIT_MS, uniqueSchemaName } from '@textback/testing';
import { type DestinationStream } from 'pino';
import { type DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { type CrmRole } from '../../src/modules/auth/crm-scope.types';
import { loadLeadCrmEnv } from '../../src/config/lead-crm.env';
import { setUpLeadCrmHttp } from '../../src/http.setup';
import { leadCrmService } from '../../src/lead-crm.definition';

export const TEST_JWT_SECRET = 'test-secret-of-at-least-32-characters-long';
/** Issuer and audience every test token names and every test service requires (JWT_ISSUER, JWT_AUDIENCE). */
export const TEST_JWT_ISSUER = 'https://auth.textback.test';
export const TEST_JWT_AUDIENCE = 'textback-api';
/** The JWT variables of a service under test (lead-crm, scheduling, reporting). */
export const TEST_JWT_ENV = { JWT_SECRET: TEST_JWT_SECRET, JWT_ISSUER: TEST_JWT_ISSUER, JWT_AUDIENCE: TEST_JWT_AUDIENCE };

/** A lead-crm app on its own schema (and its own consumer group), listening on a free port. */
export interface CrmTestApp {
  app: INestApplication;
  definition: ServiceDefinition;
  schema: string;
  baseUrl: string;
  /** A data source on the test schema for assertions. */
  ds: DataSource;
  close(): Promise<void>;
}

/**
 * Migrates a fresh schema and boots lead-crm on it: outbox relay, webhook dispatcher, HTTP
 * (with /docs) and, when `consume`, the Kafka consumers (a unique consumer group). Its root
 * logger writes to `logDestination` when given (stdout otherwise).
 */
export async function startCrmTestApp(prefix: string, opts: { consume: boolean; env?: Record<string, string>; logDestination?: DestinationStream }): Promise<CrmTestApp> {
  const stack = loadStackEnv();
  const schema = uniqueSchemaName(prefix);
  const definition: ServiceDefinition = { ...leadCrmService, name: `it-lead-crm-${prefix}-${randomUUID().slice(0, 8)}`, schema };
  const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
  await runMigrations(migrator, schema);
  await migrator.destroy();
  const env = loadLeadCrmEnv({
    DATABASE_URL: stack.DATABASE_URL,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    LOG_LEVEL: 'warn',
    ...TEST_JWT_ENV,
    OUTBOX_POLL_INTERVAL_MS: '50',
    WEBHOOK_POLL_INTERVAL_MS: '50',
    WEBHOOK_RETRY_BASE_MS: '50',
    DATABASE_POOL_SIZE: '4',
    // Closing the app waits for the consumer's fetch in flight (5 s at rest by default); records come as soon as written either way.
    KAFKA_FETCH_MAX_WAIT_MS: TEST_APP_FETCH_MAX_WAIT_MS,
    ...opts.env,
  });
  const app = await NestFactory.create(AppModule.forRoot(env, definition, opts.logDestination ? { logDestination: opts.logDestination } : {}), { logger: false });
  setUpLeadCrmHttp(app);
  if (opts.consume) connectContractConsumer(app);
  await app.init();
  if (opts.consume) {
    await skipTopicHistory(stack.KAFKA_BROKERS, definition);
    await app.startAllMicroservices();
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert', poolSize: 2 }).initialize();
  return {
    app,
    definition,
    schema,
    baseUrl: `http://127.0.0.1:${address.port}`,
    ds,
    close: async () => {
      await app.close();
      await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await ds.destroy();
    },
  };
}

/**
 * Commits the test consumer group's offsets at the end of every topic it consumes (after
 * app.init() created the topics, before the service's consumer joins): the shared topics hold
 * every other test's and benchmark's events, which a new group would read from the beginning.
 * One short-lived member of the group joins once and commits the high watermarks.
 */
async function skipTopicHistory(brokers: string, definition: ServiceDefinition): Promise<void> {
  const kafka = createKafkaClient({ clientId: `${definition.name}-offsets`, brokers: brokers.split(',') }, createRootLogger('it', 'error'));
  await startGroupAtTopicEnds(kafka, definition.name, definition.consumes.map((c) => c.topic));
}

/** An HS256 access token with Textback's claims (see AccessTokenVerifier). */
export async function accessToken(claims: { userId?: string; tenantId: string; role: CrmRole; regionIds?: string[]; locationIds?: string[] }): Promise<string> {
  return signAccessToken(
    { tenantId: claims.tenantId, role: claims.role, userId: claims.userId ?? `user-${randomUUID().slice(0, 8)}`, regionIds: claims.regionIds ?? [], locationIds: claims.locationIds ?? [] },
    { secret: TEST_JWT_SECRET, issuer: TEST_JWT_ISSUER, audience: TEST_JWT_AUDIENCE },
  );
}
