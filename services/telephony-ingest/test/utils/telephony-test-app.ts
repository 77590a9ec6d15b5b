import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TOPICS } from '@textback/contracts';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { captureRawWebhookBodies, type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, pollUntil, TopicRecorder, uniqueSchemaName } from '@textback/testing';
import { type DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { loadTelephonyIngestEnv } from '../../src/config/telephony-ingest.env';
import { VOICE_WEBHOOK_ROUTES } from '../../src/modules/calls/voice-webhook-intake.service';
import { telephonyIngestService } from '../../src/telephony-ingest.definition';

/** Numbers and credentials of the test locations. */
export const TEST_LINES = {
  /** Dialled number of the location that is open now (business hours always cover the test). */
  open: '+19195550100',
  /** Dialled number of the location that is always closed. */
  closed: '+19195550200',
  /** The open location's real line that calls are forwarded to. */
  forwardTo: '+19195550199',
  /** Dialled number of an open location with answer confirmation on (its Twilio tracking number ends in 01). */
  confirming: '+19195550300',
  /** The confirming location's own line (no other location forwards there). */
  confirmingForwardTo: '+19195550399',
} as const;
export const BANDWIDTH_AUTH = { username: 'bw-voice-app', password: 'correct-horse-battery' };
export const TWILIO_TOKEN = 'twilio-test-auth-token';
export const PUBLIC_BASE_URL = 'https://hooks.textback.test/ingest';
export const RING_TIMEOUT_SECONDS = 25;

/** A decoded call event as the tests read it from Kafka or the outbox. */
export interface RecordedCallEvent {
  id: string;
  type: string;
  correlationId: string;
  tenantId: string;
  locationId: string;
  data: Record<string, unknown> & { callId: string; providerCallId: string };
}

/** telephony-ingest running in-process on a random port against the real stack, in its own schema. */
export interface TelephonyTestApp {
  app: INestApplication;
  baseUrl: string;
  schema: string;
  db: DataSource;
  recorder: TopicRecorder;
  openLocationId: string;
  closedLocationId: string;
  /** The open location with answer confirmation on (`TEST_LINES.confirming`). */
  confirmingLocationId: string;
  /** Call events on Kafka for one carrier call id. */
  eventsOf(providerCallId: string, topic?: string): RecordedCallEvent[];
  /** Events in the outbox (the transactional truth) for one carrier call id. */
  outboxOf(providerCallId: string): Promise<RecordedCallEvent[]>;
  /** Stored webhooks of one carrier leg id. */
  webhookCount(providerCallId: string): Promise<number>;
  close(): Promise<void>;
}

const CALL_TOPICS = [TOPICS.callReceived, TOPICS.callAnswered, TOPICS.callMissed, TOPICS.callVoicemail];

/** An `Etc/GMT±N` zone where it is around noon now, so an all-day opening never flips during a test. */
function noonZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours(); // local = UTC + offset
  if (offset === 0) return 'Etc/UTC';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

function location(locationId: string, tenantId: string, line: string, open: boolean, timeZone: string, answerConfirmation = false) {
  const allDay = [{ open: '00:00', close: '24:00' }];
  return {
    locationId,
    tenantId,
    regionId: null,
    revision: 1,
    businessName: open ? 'Open Plumbing & Sons' : 'Closed Heating',
    templates: answerConfirmation ? { 'voice.answer_confirmation_prompt': 'Missed-call text-back for {{businessName}}: press 1 to take this call.' } : {},
    locationName: open ? 'Durham' : 'Raleigh',
    timeZone,
    businessHours: open ? { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } : {},
    holidays: [],
    forwardToE164: answerConfirmation ? TEST_LINES.confirmingForwardTo : TEST_LINES.forwardTo,
    ringTimeoutSeconds: RING_TIMEOUT_SECONDS,
    minRingSeconds: 3,
    ...(answerConfirmation ? { answerConfirmation: true } : {}),
    phoneNumbers: [
      { e164: line, provider: 'bandwidth', purpose: 'main_line' },
      { e164: line.replace(/00$/, '01'), provider: 'twilio', purpose: 'tracking', trackingSource: 'google-ads' },
    ],
    sendingNumbers: [],
    services: [],
  };
}

/**
 * Boots AppModule with a unique schema (migrated), locations seeded from a JSON file through
 * LOCATION_CONFIG_FILE, Basic-auth credentials and a Twilio token, on 127.0.0.1:<random port>,
 * and starts a TopicRecorder on the four telephony topics. `extraEnv` overrides the environment
 * (e.g. `DATABASE_POOL_SIZE`).
 */
export async function startTelephonyTestApp(prefix: string, extraEnv: Record<string, string> = {}): Promise<TelephonyTestApp> {
  const stack = loadStackEnv();
  const schema = uniqueSchemaName(prefix);
  const definition: ServiceDefinition = { ...telephonyIngestService, schema };
  const db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-telephony', migrations: definition.migrations }).initialize();
  await runMigrations(db, schema);

  const tenantId = randomUUID();
  const openLocationId = randomUUID();
  const closedLocationId = randomUUID();
  const confirmingLocationId = randomUUID();
  const seedFile = join(mkdtempSync(join(tmpdir(), 'tel-it-')), 'locations.json');
  writeFileSync(
    seedFile,
    JSON.stringify([
      location(openLocationId, tenantId, TEST_LINES.open, true, noonZone()),
      location(closedLocationId, tenantId, TEST_LINES.closed, false, 'America/New_York'),
      location(confirmingLocationId, tenantId, TEST_LINES.confirming, true, noonZone(), true),
    ]),
  );

  const env = loadTelephonyIngestEnv({
    DATABASE_URL: stack.DATABASE_URL,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_INTERVAL_MS: '100',
    TELEPHONY_PUBLIC_BASE_URL: PUBLIC_BASE_URL,
    BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([BANDWIDTH_AUTH]),
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    LOCATION_CONFIG_FILE: seedFile,
    // Each app its own spool: a spool is replayed into the schema of the app that owns it.
    CALLBACK_SPOOL_DIR: join(mkdtempSync(join(tmpdir(), 'tel-spool-')), 'spool'),
    ...extraEnv,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(env, definition)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  captureRawWebhookBodies(app, VOICE_WEBHOOK_ROUTES, 64 * 1024);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };

  const kafka = createKafkaClient({ clientId: 'it-telephony-recorder', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'error'));
  const recorder = new TopicRecorder(kafka);
  await recorder.start(CALL_TOPICS);

  const s = quoteSchema(schema);
  const decode = (value: string | null) => JSON.parse(value ?? '{}') as RecordedCallEvent;
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    schema,
    db,
    recorder,
    openLocationId,
    closedLocationId,
    confirmingLocationId,
    eventsOf: (providerCallId, topic) =>
      recorder.messages
        .filter((m) => (topic ? m.topic === topic : true))
        .map((m) => decode(m.value))
        .filter((e) => e.data?.providerCallId === providerCallId),
    outboxOf: async (providerCallId) => {
      const rows = (await db.query(`SELECT value FROM ${s}.outbox WHERE value::jsonb -> 'data' ->> 'providerCallId' = $1 ORDER BY seq`, [providerCallId])) as { value: string }[];
      return rows.map((r) => decode(r.value));
    },
    webhookCount: async (providerCallId) => ((await db.query(`SELECT count(*)::int AS n FROM ${s}.call_webhook WHERE provider_call_id = $1 OR caller_leg_id = $1`, [providerCallId])) as { n: number }[])[0]?.n ?? 0,
    close: async () => {
      await app.close();
      await recorder.stop();
      await db.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await db.destroy();
    },
  };
}

/** Waits until Kafka holds `count` events of `type` for the call, then returns them. */
export async function kafkaEvents(t: TelephonyTestApp, providerCallId: string, topic: string, count = 1): Promise<RecordedCallEvent[]> {
  return pollUntil(() => {
    const events = t.eventsOf(providerCallId, topic);
    return events.length >= count ? events : undefined;
  }, `${count} ${topic} event(s) for ${providerCallId}`);
}
