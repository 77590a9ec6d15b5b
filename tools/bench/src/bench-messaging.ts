/**
 * `npm run bench:messaging`: missed-call-event-to-carrier-request latency of the messaging service — a
 * `telephony.call.missed.v1` event is produced to Kafka, messaging consumes it (inbox + first-text job in one short
 * transaction), a decision worker takes the job, looks up the line type (Bandwidth stand-in), decides and queues the
 * first text (one transaction with its events in the outbox), the send-queue worker takes it (SKIP LOCKED) and
 * calls bandwidth-sdk's createMessage against the in-process Bandwidth stand-in. Latency = the stand-in's receive
 * time of POST /messages minus the event's `time` (set just before producing). Offered rates 50, 100, 200 and 500
 * events/s for 5 s each, every event from a new caller, then the sustained maximum (texts/s while 500 events/s are
 * offered for 10 s). The 10DLC limiter is not what is measured: callers are spread over 100 locations, each with
 * its own sending number at 20 messages/s (2,000/s in all, four times the highest offered rate; at 500 events/s a
 * number gets one text per 200 ms and a text costs it 50 ms). Runs against the local stack (deploy/local/stack.sh
 * up); the stand-in runs in the same process, so its work counts against messaging's CPU. Prints figures; asserts
 * nothing.
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
import { BandwidthStandIn, loadStackEnv, pollUntil, startGroupAtTopicEnds, uniqueSchemaName } from '@textback/testing';
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

  // Topics are shared with every test and earlier bench runs: start this new consumer group at their ends.
  const kafka = createKafkaClient({ clientId: 'bench-messaging-producer', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('bench', 'error'));
  await startGroupAtTopicEnds(kafka, definition.name, definition.consumes.map((c) => c.topic));

  const standIn = new BandwidthStandIn({ username: 'bench', password: 'bench' });
  await standIn.start(0);
  const env = loadMessagingEnv({
    DATABASE_URL: stack.DATABASE_URL,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    LOG_LEVEL: 'error',
    JWT_ISSUER: 'https://auth.textback.local',
    JWT_AUDIENCE: 'textback-api',
    DATABASE_POOL_SIZE: '30',
    OUTBOX_POLL_INTERVAL_MS: '100',
    HTTP_PORT: '0',
    BANDWIDTH_ACCOUNT_ID: '9900000',
    BANDWIDTH_USERNAME: 'bench',
    BANDWIDTH_PASSWORD: 'bench',
    BANDWIDTH_MESSAGING_APPLICATION_ID: randomUUID(),
    BANDWIDTH_MESSAGING_BASE_URL: standIn.messagingBaseUrl,
    BANDWIDTH_LOOKUP_BASE_URL: standIn.lookupBaseUrl,
    FIRST_TEXT_WORKERS: process.env.FIRST_TEXT_WORKERS ?? '8',
    SEND_QUEUE_WORKERS: process.env.SEND_QUEUE_WORKERS ?? '4',
    SEND_QUEUE_BATCH_SIZE: '20',
    SEND_QUEUE_POLL_INTERVAL_MS: '100',
  });
  const app = await NestFactory.create(AppModule.forRoot(env, { definition }), { logger: false });
  connectContractConsumer(app);
  await app.init();
  await app.startAllMicroservices();

  // Spread callers over 100 locations, each with its own sending number at 20 messages/s (see the header).
  const locations = Array.from({ length: 100 }, (_v, i) =>
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
      sendingNumbers: [{ e164: `+1646557${String(1000 + i)}`, provider: 'bandwidth', campaignStatus: 'registered', messagesPerSecond: 20 }],
      services: [],
    }),
  );
  for (const l of locations) await app.get(LocationDirectory).upsert(l);

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
  // First carrier request per recipient, updated incrementally from the stand-in's request log.
  const firstRequest = new Map<string, number>();
  let scanned = 0;
  const latencies = (callers: string[]): number[] => {
    const requests = standIn.requestsOf('createMessage');
    for (; scanned < requests.length; scanned++) {
      const r = requests[scanned]!;
      const to = ((r.body as { to?: string[] }).to ?? [])[0];
      if (to && !firstRequest.has(to)) firstRequest.set(to, r.receivedAt.getTime());
    }
    return callers.filter((c) => firstRequest.has(c)).map((c) => firstRequest.get(c)! - sentAt.get(c)!);
  };
  const offer = async (rate: number, seconds: number): Promise<{ callers: string[]; t0: number }> => {
    const callers: string[] = [];
    const t0 = Date.now();
    for (let tick = 0; tick < seconds * 10; tick++) {
      callers.push(...(await produce(rate / 10)));
      const due = t0 + (tick + 1) * 100;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    return { callers, t0 };
  };

  // Warm-up: consumer group join, connections, JIT.
  const warm = await produce(50);
  await pollUntil(() => latencies(warm).length === warm.length, 'warm-up texts', 180_000, 100);

  const workers = `${env.FIRST_TEXT_WORKERS} decision workers, ${env.SEND_QUEUE_WORKERS} send workers, pool ${env.DATABASE_POOL_SIZE}`;
  console.log(`bench:messaging — missed-call event (Kafka) -> messaging (job, lookup, policy, queue) -> bandwidth-sdk createMessage at the stand-in; ${workers}; 100 sending numbers x 20 msg/s; on this machine`);
  for (const rate of [50, 100, 200, 500]) {
    const { callers, t0 } = await offer(rate, 5);
    await pollUntil(() => latencies(callers).length === callers.length, `rate ${rate} texted`, 300_000, 200);
    const values = latencies(callers);
    const spanMs = Math.max(...callers.map((c) => firstRequest.get(c)!)) - t0;
    console.log(
      `  offered ${String(rate).padStart(4)} events/s: p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(Math.max(...values))} (${values.length} texts, drained at ${Math.round((values.length * 1000) / spanMs)} texts/s)`,
    );
  }
  // Sustained maximum: offer more than the pipeline can take for 10 s; texts/s between the 10th and 90th percentile
  // of carrier-request times (the steady middle, without ramp-up and tail).
  const { callers } = await offer(500, 10);
  await pollUntil(() => latencies(callers).length === callers.length, 'saturation texted', 600_000, 200);
  const times = callers.map((c) => firstRequest.get(c)!).sort((a, b) => a - b);
  const lo = times[Math.floor(times.length * 0.1)]!;
  const hi = times[Math.floor(times.length * 0.9)]!;
  console.log(`  sustained max: ${Math.round((times.length * 0.8 * 1000) / Math.max(1, hi - lo))} texts/s (${times.length} events offered at 500/s for 10 s)`);

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
