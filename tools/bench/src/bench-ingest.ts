/**
 * `npm run bench:ingest`: telephony-ingest under webhook load. Boots the service's Nest app
 * in-process (its own PostgreSQL schema, migrated; two locations seeded through
 * LOCATION_CONFIG_FILE) on a random port, then drives Bandwidth Voice callbacks with autocannon:
 * every connection plays whole calls — `initiate` (BXML Transfer) then the caller's
 * `disconnect` after 4 s of ringing (→ `telephony.call.missed.v1`, caller_abandoned). A Kafka
 * consumer of its own reads the missed-call topic.
 *
 * Prints, per run: sustained webhook requests/s (autocannon's average), HTTP latency p50/p99, and
 * webhook-to-event-on-Kafka latency p50/p99 = time the missed event was consumed minus the time
 * the deciding `disconnect` webhook was sent. Runs against the local stack (deploy/local/stack.sh
 * up). Server, load generator and consumer share this process and the machine's 2 cores, so the
 * figures are a floor. Prints figures; asserts nothing.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { TOPICS } from '@textback/contracts';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, pollUntil, uniqueSchemaName } from '@textback/testing';
import { AppModule } from '../../../services/telephony-ingest/src/app.module';
import { loadTelephonyIngestEnv } from '../../../services/telephony-ingest/src/config/telephony-ingest.env';
import { telephonyIngestService } from '../../../services/telephony-ingest/src/telephony-ingest.definition';
import { ms, percentile } from './latency-stats';

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const stack = loadStackEnv();
const LINE = '+19195550300';
const AUTH = { username: 'bench-app', password: 'bench-password-123' };

async function main(): Promise<void> {
  const schema = uniqueSchemaName('benchingest');
  const definition: ServiceDefinition = { ...telephonyIngestService, schema };
  const db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'bench-ingest', migrations: definition.migrations }).initialize();
  await runMigrations(db, schema);
  const allDay = [{ open: '00:00', close: '24:00' }];
  const seed = join(mkdtempSync(join(tmpdir(), 'bench-ingest-')), 'locations.json');
  writeFileSync(
    seed,
    JSON.stringify([
      {
        locationId: randomUUID(),
        tenantId: randomUUID(),
        regionId: null,
        revision: 1,
        businessName: 'Bench Plumbing',
        locationName: 'Bench',
        timeZone: 'Etc/UTC',
        businessHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        forwardToE164: '+19195550399',
        phoneNumbers: [{ e164: LINE, provider: 'bandwidth', purpose: 'main_line' }],
        sendingNumbers: [],
        services: [],
      },
    ]),
  );
  const env = loadTelephonyIngestEnv({
    DATABASE_URL: stack.DATABASE_URL,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    LOG_LEVEL: 'error',
    DATABASE_POOL_SIZE: '20',
    OUTBOX_POLL_INTERVAL_MS: '100',
    TELEPHONY_PUBLIC_BASE_URL: 'https://bench.textback.test',
    BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([AUTH]),
    LOCATION_CONFIG_FILE: seed,
    CALLBACK_SPOOL_DIR: join(dirname(seed), 'callback-spool'),
  });
  const app = await NestFactory.create(AppModule.forRoot(env, definition), { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;

  const sentAt = new Map<string, number>();
  const latencies = new Map<string, number>();
  const kafka = createKafkaClient({ clientId: 'bench-ingest', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('bench', 'error'));
  const consumer = kafka.consumer({ groupId: `bench-ingest-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPICS.callMissed], fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value?.toString() ?? '{}') as { data?: { providerCallId?: string } };
      const id = event.data?.providerCallId;
      const sent = id ? sentAt.get(id) : undefined;
      if (id && sent !== undefined && !latencies.has(id)) latencies.set(id, Date.now() - sent);
    },
  });
  await pollUntil(() => joined, 'bench consumer joined', 60_000);

  const headers = { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64')}` };
  const requests: AutocannonRequest[] = [
    {
      method: 'POST',
      path: '/bandwidth/voice/initiate',
      headers,
      setupRequest: (req, context) => {
        const callId = `c-${randomUUID()}`;
        context.callId = callId;
        context.start = Date.now();
        const t = new Date(context.start as number).toISOString();
        return { ...req, body: JSON.stringify({ eventType: 'initiate', eventTime: t, accountId: '1', applicationId: 'bench', from: '+15551112222', to: LINE, direction: 'inbound', callId, startTime: t }) };
      },
    },
    {
      method: 'POST',
      path: '/bandwidth/voice/status',
      headers,
      setupRequest: (req, context) => {
        const callId = context.callId as string;
        const endTime = new Date((context.start as number) + 4_000).toISOString();
        sentAt.set(callId, Date.now());
        return { ...req, body: JSON.stringify({ eventType: 'disconnect', eventTime: endTime, accountId: '1', applicationId: 'bench', from: '+15551112222', to: LINE, direction: 'inbound', callId, endTime, cause: 'hangup' }) };
      },
    },
  ];

  const run = async (title: string, opts: Record<string, unknown>) => {
    sentAt.clear();
    latencies.clear();
    const result = await autocannon({ url: `http://127.0.0.1:${port}`, requests, ...opts });
    const expected = sentAt.size;
    await pollUntil(() => latencies.size >= expected, `${title}: ${expected} missed-call events on Kafka`, 180_000, 100).catch(() => undefined);
    const values = [...latencies.values()];
    console.log(
      `  ${title}: ${Math.round(result.requests.average)} webhooks/s sustained (${result.requests.total} in ${result.duration}s, non-2xx ${result.non2xx}, errors ${result.errors}); ` +
        `HTTP p50 ${ms(result.latency.p50)}, p99 ${ms(result.latency.p99)}; webhook→event on Kafka p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))} (${values.length}/${expected} calls decided)`,
    );
  };

  console.log('bench:ingest — Bandwidth initiate + disconnect per call → stored, classified, outbox → Kafka (acks=all) → consumer; in-process, this machine');
  await run('warm-up', { connections: 4, duration: 3 });
  await run('sequential, 1 connection', { connections: 1, duration: 5 });
  await run('steady 100 webhooks/s', { connections: 10, duration: 10, overallRate: 100 });
  await run('max, 10 connections', { connections: 10, duration: 15 });

  await consumer.disconnect();
  await app.close();
  await db.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  await db.destroy();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
