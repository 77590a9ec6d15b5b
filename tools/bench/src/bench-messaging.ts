/**
 * `npm run bench:messaging`: missed-call-event-to-carrier-request latency of the messaging service — a
 * `telephony.call.missed.v1` event is produced to Kafka, messaging consumes it (inbox), looks up the line type
 * (Bandwidth stand-in), decides and queues the first text (one transaction with its events in the outbox), the
 * send-queue worker takes it (SKIP LOCKED) and calls bandwidth-sdk's createMessage against the in-process
 * Bandwidth stand-in. Latency = the stand-in's receive time of POST /messages minus the event's `time` (set just
 * before producing). Offered rates 50, 200, 500 events/s for 5 s each, every event from a new caller. Runs
 * against the local stack (deploy/local/stack.sh up). Prints figures; asserts nothing.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFactory } from '@nestjs/core';
import { callMissedV1, createEvent, locationConfigSchema } from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { connectContractConsumer, LocationDirectory, type ServiceDefinition } from '@textback/platform';
import { BandwidthStandIn, loadStackEnv, pollUntil, uniqueSchemaName } from '@textback/testing';
import { Partitioners } from 'kafkajs';
import { AppModule } from '../../../services/messaging/src/app.module';
import { loadMessagingEnv } from '../../../services/messaging/src/config/messaging.env';
import { messagingService } from '../../../services/messaging/src/messaging.definition';
import { ms, percentile } from './latency-stats';

const stack = loadStackEnv();

async function main(): Promise<void> {
  const schema = uniqueSchemaName('benchmsg');
  const definition: ServiceDefinition = { ...messagingService, name: `bench-messaging-${randomUUID().slice(0, 8)}`, schema };
  const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'bench-migrate', migrations: definition.migrations }).initialize();
  await runMigrations(migrator, schema);

  const standIn = new BandwidthStandIn({ username: 'bench', password: 'bench' });
  await standIn.start(0);
  const env = loadMessagingEnv({
    DATABASE_URL: stack.DATABASE_URL,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    LOG_LEVEL: 'error',
    DATABASE_POOL_SIZE: '20',
    OUTBOX_POLL_INTERVAL_MS: '100',
    HTTP_PORT: '0',
    BANDWIDTH_ACCOUNT_ID: '9900000',
    BANDWIDTH_USERNAME: 'bench',
    BANDWIDTH_PASSWORD: 'bench',
    BANDWIDTH_MESSAGING_APPLICATION_ID: randomUUID(),
    BANDWIDTH_MESSAGING_BASE_URL: standIn.messagingBaseUrl,
    BANDWIDTH_LOOKUP_BASE_URL: standIn.lookupBaseUrl,
    SEND_QUEUE_WORKERS: '4',
    SEND_QUEUE_BATCH_SIZE: '50',
    SEND_QUEUE_POLL_INTERVAL_MS: '100',
  });
  const app = await NestFactory.create(AppModule.forRoot(env, { definition }), { logger: false });
  connectContractConsumer(app);
  await app.init();
  await app.startAllMicroservices();

  // Spread callers over 24 locations, each with a high-throughput sending number (so the 10DLC limiter is not what is measured).
  const locations = Array.from({ length: 24 }, (_v, i) =>
    locationConfigSchema.parse({
      locationId: randomUUID(),
      tenantId: randomUUID(),
      regionId: null,
      revision: 1,
      businessName: `Bench Plumbing ${i}`,
      locationName: 'Bench',
      timeZone: 'America/Chicago',
      businessHours: {},
      forwardToE164: `+1646555${String(1000 + i)}`,
      phoneNumbers: [{ e164: `+1646556${String(1000 + i)}`, provider: 'bandwidth', purpose: 'main_line' }],
      sendingNumbers: [{ e164: `+1646557${String(1000 + i)}`, provider: 'bandwidth', campaignStatus: 'registered', messagesPerSecond: 1000 }],
      services: [],
    }),
  );
  for (const l of locations) await app.get(LocationDirectory).upsert(l);

  const kafka = createKafkaClient({ clientId: 'bench-messaging-producer', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('bench', 'error'));
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();

  const sentAt = new Map<string, number>();
  let seq = 0;
  const produce = async (count: number): Promise<string[]> => {
    const callers: string[] = [];
    const messages = Array.from({ length: count }, () => {
      const i = seq++;
      const caller = `+1773${String(2_000_000 + i).padStart(7, '0')}`;
      const location = locations[i % locations.length]!;
      const now = new Date();
      const callId = randomUUID();
      const event = createEvent(
        callMissedV1,
        { source: '/textback/bench', tenantId: location.tenantId, locationId: location.locationId, correlationId: callId, time: now },
        {
          callId,
          provider: 'bandwidth',
          providerCallId: `c-${callId}`,
          callerE164: caller,
          callerRaw: caller,
          dialedE164: location.phoneNumbers[0]!.e164,
          startedAt: new Date(now.getTime() - 30_000).toISOString(),
          reason: 'no_answer',
          explanation: 'bench',
          ringSeconds: 25,
          endedAt: now.toISOString(),
          decidedAt: now.toISOString(),
          callerTextable: true,
        },
      );
      sentAt.set(caller, now.getTime());
      callers.push(caller);
      const r = toKafkaRecord(callMissedV1, event);
      return { key: r.key, value: r.value, headers: r.headers };
    });
    await producer.send({ topic: callMissedV1.topic, messages });
    return callers;
  };
  const latencies = (callers: string[]): number[] => {
    const firstRequest = new Map<string, number>();
    for (const r of standIn.requestsOf('createMessage')) {
      const to = ((r.body as { to?: string[] }).to ?? [])[0];
      if (to && !firstRequest.has(to)) firstRequest.set(to, r.receivedAt.getTime());
    }
    return callers.filter((c) => firstRequest.has(c)).map((c) => firstRequest.get(c)! - sentAt.get(c)!);
  };

  // Warm-up: consumer group join (it reads the topic from the beginning), connections, JIT.
  const warm = await produce(50);
  await pollUntil(() => latencies(warm).length === warm.length, 'warm-up texts', 180_000, 100);

  console.log('bench:messaging — missed-call event (Kafka) -> messaging (lookup, policy, queue) -> bandwidth-sdk createMessage at the stand-in; 4 send workers, on this machine');
  for (const rate of [50, 200, 500]) {
    const seconds = 5;
    const callers: string[] = [];
    const t0 = Date.now();
    for (let tick = 0; tick < seconds * 10; tick++) {
      callers.push(...(await produce(rate / 10)));
      const due = t0 + (tick + 1) * 100;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await pollUntil(() => latencies(callers).length === callers.length, `rate ${rate} texted`, 300_000, 200);
    const values = latencies(callers);
    const spanMs = Math.max(...callers.map((c, k) => sentAt.get(c)! + (values[k] ?? 0))) - t0;
    console.log(
      `  offered ${String(rate).padStart(4)} events/s: p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(Math.max(...values))} (${values.length} texts, drained at ${Math.round((values.length * 1000) / spanMs)} texts/s)`,
    );
  }

  await producer.disconnect();
  await app.close();
  await standIn.stop();
  await migrator.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  await migrator.destroy();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
