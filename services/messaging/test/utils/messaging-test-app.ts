import { randomUUID } from 'node:crypto';
import { RequestValidationPipe } from '@textback/platform';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type CallMissedV1, type Contract, createEvent, type EventEnvelope, type LocationConfig, TOPICS, callMissedV1 } from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { captureRawWebhookBodies, connectContractConsumer, LocationDirectory, type ServiceDefinition } from '@textback/platform';
import { BandwidthStandIn, freePort, loadStackEnv, RECORDER_FETCH_MAX_WAIT_MS, type RecordedMessage, startGroupAtTopicEnds, TEST_APP_FETCH_MAX_WAIT_MS, TwilioStandIn, uniqueSchemaName } from '@textback/testing';
import { type Consumer, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { loadMessagingEnv } from '../../src/config/messaging.env';
import { messagingService } from '../../src/messaging.definition';
import { ControllableClock } from '../../src/modules/clock/adapters/controllable/controllable-clock';
import { MESSAGING_WEBHOOK_PATHS } from '../../src/modules/inbound/messaging-webhook-intake.service';
import { randomUsNumber } from '../factories/location-config.factory';

export const CALLBACK_USER = 'bw-callbacks';
export const CALLBACK_PASSWORD = 'callback-secret-123';
/** The Twilio account of the tests (stand-in and messaging agree on it). */
export const TWILIO_ACCOUNT_SID = 'AC5ef8732a3c49700934481addd5ce1659';
export const TWILIO_AUTH_TOKEN = 'twilio-test-auth-token';

/** Everything a messaging integration test needs: the app on a private schema, the Bandwidth stand-in, Kafka, a clock. */
export interface MessagingTestApp {
  app: INestApplication;
  standIn: BandwidthStandIn;
  /** Twilio messaging stand-in (signed webhooks to the app; status callbacks sent/delivered automatically). */
  twilio: TwilioStandIn;
  /** The app's base URL (also MESSAGING_PUBLIC_BASE_URL). */
  baseUrl: string;
  clock: ControllableClock;
  /** The app's service name (also its PostgreSQL application_name and consumer group). */
  serviceName: string;
  db: DataSource;
  schema: string;
  recorder: TailRecorder;
  send<T>(contract: Contract, event: EventEnvelope<T>): Promise<void>;
  addLocation(config: LocationConfig): Promise<void>;
  /** Rows of `table` in the test schema matching `where` (SQL with $1.. params). */
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Records what messaging publishes from the moment the test app starts: its consumer group is committed at the topic
 * ends first, so the shared topics' history (other suites, benchmarks) is not read. Same `on(topic)` as TopicRecorder.
 */
export class TailRecorder {
  readonly messages: RecordedMessage[] = [];
  private consumer: Consumer | null = null;

  constructor(private readonly kafka: Kafka) {}

  async start(topics: string[]): Promise<void> {
    const groupId = `it-messaging-recorder-${randomUUID()}`;
    await startGroupAtTopicEnds(this.kafka, groupId, topics);
    this.consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: RECORDER_FETCH_MAX_WAIT_MS });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => this.consumer?.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
        this.messages.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers });
      },
    });
    await joined;
  }

  on(topic: string): RecordedMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}

/**
 * Boots messaging as a Nest app (HTTP on a free port + the contract Kafka consumer) on its own schema and consumer
 * group, with bandwidth-sdk pointed at an in-process {@link BandwidthStandIn} and the twilio package at an
 * in-process {@link TwilioStandIn}, both posting their callbacks to the app. `options.now` sets the app's clock before
 * it starts (its workers' first look at the queue uses it); `schema` reuses a kept schema (a restart).
 */
export async function startMessagingTestApp(env: Record<string, string> = {}, options: { schema?: string; keepSchema?: boolean; now?: Date } = {}): Promise<MessagingTestApp> {
  const stack = loadStackEnv();
  const schema = options.schema ?? uniqueSchemaName('messaging');
  const definition: ServiceDefinition = { ...messagingService, name: `it-messaging-${randomUUID().slice(0, 8)}`, schema };
  const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
  await runMigrations(migrator, schema);
  await migrator.destroy();

  const standIn = new BandwidthStandIn({ username: 'bw-user', password: 'bw-pass', callbackRetryDelayMs: 20 });
  await standIn.start(0);
  const twilio = new TwilioStandIn({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, autoStatusCallbacks: true, webhookRetryDelayMs: 20 });
  await twilio.start(0);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  twilio.setInboundWebhook(`${baseUrl}/webhooks/twilio/messaging`);
  const clock = new ControllableClock();
  // A start instant set before the workers run, so their first look at the queue already uses it.
  if (options.now) clock.setNow(options.now);
  const messagingEnv = loadMessagingEnv({
    DATABASE_URL: stack.DATABASE_URL,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_INTERVAL_MS: '50',
    JWT_ISSUER: 'https://auth.textback.test',
    JWT_AUDIENCE: 'textback-api',
    BANDWIDTH_ACCOUNT_ID: '9900000',
    BANDWIDTH_USERNAME: 'bw-user',
    BANDWIDTH_PASSWORD: 'bw-pass',
    BANDWIDTH_MESSAGING_APPLICATION_ID: randomUUID(),
    BANDWIDTH_MESSAGING_BASE_URL: standIn.messagingBaseUrl,
    BANDWIDTH_LOOKUP_BASE_URL: standIn.lookupBaseUrl,
    BANDWIDTH_CALLBACK_USERNAME: CALLBACK_USER,
    BANDWIDTH_CALLBACK_PASSWORD: CALLBACK_PASSWORD,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_API_BASE_URL: twilio.apiBaseUrl,
    MESSAGING_PUBLIC_BASE_URL: baseUrl,
    SEND_QUEUE_POLL_INTERVAL_MS: '50',
    SEND_RETRY_BASE_MS: '300',
    // Tests jump the app's clock by minutes or hours: a lease must not expire under a carrier call in flight.
    SEND_QUEUE_LEASE_MS: '3600000',
    INBOUND_SWEEP_INTERVAL_MS: '500',
    // The consumer's long poll: records are fetched as soon as they are written either way; closing the app waits for
    // the fetch in flight, which the default (5 s) made a 5 s wait at every close.
    KAFKA_FETCH_MAX_WAIT_MS: TEST_APP_FETCH_MAX_WAIT_MS,
    ...env,
  });
  // Topics are shared with every other test and bench: start this new consumer group at their ends (the platform's
  // consumer would otherwise read every topic from the beginning).
  const kafka: Kafka = createKafkaClient({ clientId: 'it-messaging-producer', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
  await startGroupAtTopicEnds(kafka, definition.name, definition.consumes.map((c) => c.topic));
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(messagingEnv, { definition, overrides: { clock } })] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  // As bootstrapService does in production (the staff API's DTOs).
  app.useGlobalPipes(new RequestValidationPipe());
  captureRawWebhookBodies(app, MESSAGING_WEBHOOK_PATHS, messagingEnv.CARRIER_WEBHOOK_BODY_LIMIT_BYTES);
  connectContractConsumer(app);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(port, '127.0.0.1');
  standIn.setMessagingCallback({ url: `${baseUrl}/webhooks/bandwidth/messaging`, username: CALLBACK_USER, password: CALLBACK_PASSWORD });

  const db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert' }).initialize();
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const recorder = new TailRecorder(kafka);
  await recorder.start([
    TOPICS.firstTextDecided, TOPICS.callbackTaskRequested, TOPICS.smsSent, TOPICS.smsFailed, TOPICS.smsSuppressed, TOPICS.smsDelivered, TOPICS.smsReceived,
    TOPICS.consentOptedOut, TOPICS.consentOptedIn, TOPICS.consentReviewOpened, TOPICS.consentReviewResolved,
  ]);

  return {
    app,
    standIn,
    twilio,
    baseUrl,
    clock,
    serviceName: definition.name,
    db,
    schema,
    recorder,
    async send(contract, event) {
      const r = toKafkaRecord(contract, event);
      await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
    },
    async addLocation(config) {
      await app.get(LocationDirectory).upsert(config);
    },
    async rows<T>(sql: string, params: unknown[] = []) {
      return (await db.query(sql.replaceAll('$schema', quoteSchema(schema)), params)) as T[];
    },
    async close() {
      await app.close();
      await standIn.stop();
      await twilio.stop();
      await recorder.stop();
      await producer.disconnect();
      if (!options.keepSchema) await db.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await db.destroy();
    },
  };
}

/** A `telephony.call.missed.v1` event for `config` from `caller` (defaults: decided now, no_answer). */
export function missedCallEvent(config: LocationConfig, caller: string | null, overrides: Partial<CallMissedV1> = {}, at: Date = new Date()): EventEnvelope<CallMissedV1> {
  const callId = overrides.callId ?? randomUUID();
  return createEvent(
    callMissedV1,
    { source: '/textback/telephony-ingest', tenantId: config.tenantId, locationId: config.locationId, correlationId: callId, subject: callId },
    {
      callId,
      provider: 'bandwidth',
      providerCallId: `c-${randomUUID()}`,
      callerE164: caller,
      callerRaw: caller ?? 'Anonymous',
      dialedE164: config.phoneNumbers[0]?.e164 ?? randomUsNumber(),
      startedAt: new Date(at.getTime() - 30_000).toISOString(),
      reason: 'no_answer',
      explanation: 'rang 25s until ring timeout',
      ringSeconds: 25,
      endedAt: at.toISOString(),
      decidedAt: at.toISOString(),
      callerTextable: caller !== null,
      ...overrides,
    },
  ) as EventEnvelope<CallMissedV1>;
}
