/**
 * `npm run bench:bus`: publish-to-consume latency and throughput through the whole bus —
 * a transaction writes an event to the outbox, the relay publishes it to Kafka (acks=all),
 * the ContractKafkaServer consumer parses it and applies it once through the inbox.
 * Latency = consumer commit time minus the event's `time` (set just before the producing
 * transaction). Runs against the local stack (deploy/local/stack.sh up). Prints figures; asserts nothing.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Inject, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { createEvent, type EventEnvelope } from '@textback/contracts';
import { createServiceDataSource, entityManagerOf, quoteSchema, runMigrations, TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { connectContractConsumer, ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, pollUntil, probeContract, probeMigration, uniqueSchemaName } from '@textback/testing';
import { ms, percentile } from './latency-stats';

const stack = loadStackEnv();
const schema = uniqueSchemaName('benchbus');
const contract = probeContract();
const tenantId = randomUUID();

@Injectable()
class LatencyLog {
  readonly latencies = new Map<number, number>();
}

@Controller()
class BenchConsumer {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly tx: TransactionRunner,
    private readonly log: LatencyLog,
  ) {}

  @EventPattern<Record<typeof contract.topic, EventEnvelope<{ n: number }>>>(contract.topic)
  async on(@Payload() event: EventEnvelope<{ n: number }>): Promise<void> {
    const outcome = await this.tx.runOnce('bench', event, async (t) => {
      await entityManagerOf(t.handle).query(`INSERT INTO ${quoteSchema(schema)}.applied (event_id, n) VALUES ($1, $2)`, [event.id, event.data.n]);
    });
    if (!outcome.duplicate) this.log.latencies.set(event.data.n, Date.now() - Date.parse(event.time));
  }
}

async function main(): Promise<void> {
  const migration = probeMigration(schema);
  const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'bench-migrate', migrations: [migration] }).initialize();
  await runMigrations(migrator, schema);
  const definition: ServiceDefinition = { name: `bench-bus-${randomUUID().slice(0, 8)}`, schema, migrations: [migration], consumes: [contract], produces: [contract] };
  const env = parseEnv('bench', baseServiceEnvSchema, { DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, LOG_LEVEL: 'error', KAFKA_TOPIC_PARTITIONS: '6', OUTBOX_POLL_INTERVAL_MS: '100', DATABASE_POOL_SIZE: '20' });

  @Module({ imports: [ServicePlatformModule.forService(definition, env)], controllers: [BenchConsumer], providers: [LatencyLog] })
  class BenchModule {}

  const app = await NestFactory.create(BenchModule, { logger: false });
  connectContractConsumer(app);
  await app.init();
  await app.startAllMicroservices();
  const runner = app.get<TransactionRunner>(TRANSACTION_RUNNER);
  const log = app.get(LatencyLog);
  const locations = Array.from({ length: 24 }, () => randomUUID());
  let n = 0;

  const produce = async (count: number) => {
    const first = n;
    await Promise.all(
      Array.from({ length: count }, async () => {
        const i = n++;
        const event = createEvent(contract, { source: '/textback/bench', tenantId, locationId: locations[i % locations.length]!, correlationId: randomUUID() }, { n: i });
        await runner.run((tx) => tx.publish(contract, event));
      }),
    );
    return first;
  };

  // Warm-up: partition assignment, connections, JIT.
  const warm = await produce(200);
  await pollUntil(() => log.latencies.size >= n - 0 && log.latencies.size >= warm + 200, 'warm-up consumed', 60_000);
  log.latencies.clear();

  console.log(`bench:bus — outbox -> Kafka (acks=all) -> ContractKafkaServer -> inbox, ${env.KAFKA_TOPIC_PARTITIONS} partitions, 1 relay, 1 consumer, on this machine`);
  for (const rate of [100, 500, 1000]) {
    const seconds = 5;
    const start = n;
    const t0 = Date.now();
    for (let tick = 0; tick < seconds * 10; tick++) {
      await produce(rate / 10);
      const due = t0 + (tick + 1) * 100;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await pollUntil(() => [...Array(n - start).keys()].every((k) => log.latencies.has(start + k)), `rate ${rate} consumed`, 120_000, 100);
    const values = [...Array(n - start).keys()].map((k) => log.latencies.get(start + k)!);
    console.log(`  offered ${String(rate).padStart(5)} events/s: p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(Math.max(...values))} (${values.length} events)`);
  }

  const burst = 10_000;
  const start = n;
  const t0 = Date.now();
  for (let i = 0; i < burst; i += 500) await produce(500);
  const produced = Date.now();
  await pollUntil(() => log.latencies.size >= burst && [...Array(burst).keys()].every((k) => log.latencies.has(start + k)), 'burst consumed', 300_000, 100);
  const done = Date.now();
  console.log(`  burst of ${burst}: written to the outbox at ${Math.round((burst * 1000) / (produced - t0))} events/s; end to end ${Math.round((burst * 1000) / (done - t0))} events/s sustained`);

  await app.close();
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
