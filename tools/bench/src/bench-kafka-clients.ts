/**
 * `node dist/tools/bench/src/bench-kafka-clients.js --clients-dir DIR [--phase load|trickle|idle] [--reps 3] [--records 20000]`:
 * CPU per record of three Kafka clients for Node (issue 16: "if kafkajs is the bottleneck, measure a maintained
 * client"), against the broker of the local stack, with Textback's settings (docs/round-trips-and-wake-ups.md, "Kafka
 * client: kafkajs against maintained clients"). Asserts nothing; prints per run and the medians. Run with the repo's
 * Node (`node_modules/node/bin` first on `PATH`: the native client is built for its ABI).
 *
 * - `kafkajs`: the repo's own kafkajs 2.2.4 through `createKafkaClient` (with the idle-loop fix) and `KafkaRecordProducer`.
 * - `platformatic`: `@platformatic/kafka` (pure JavaScript), required from `DIR/node_modules`.
 * - `confluent`: `@confluentinc/kafka-javascript` (librdkafka; its KafkaJS-compatible API), required from
 *   `DIR/node_modules`. Neither of these two is a dependency of the repo: they live in a scratch directory only.
 *
 * Every measurement runs in a fresh child process, on new 3-partition topics the parent makes and deletes. CPU is the
 * child's `process.cpuUsage()` (user + system of every thread of the process, so librdkafka's threads count).
 * Phase `load`: produce `--warmup` records to `<topic>.warm`, then `--records` to `<topic>` (measured), keyed ~600-byte
 * JSON records with six headers, `--batch` (200) per send, each send awaited (acks all, idempotent, one request in
 * flight: the outbox relay's producer); then a group member reads `<topic>.warm` (warm-up) and a new member in another
 * group reads `<topic>`, measured from its start (join included) to its last batch: each value decoded to text, one
 * header read, the last offset resolved, offsets committed after the batch, 3 partitions at once where the client has it.
 * Phase `trickle` ({@link runTrickle}): one process producing and consuming a few records at a time, as a service does.
 * Phase `idle`: a connected producer (one send made) and a consumer group member caught up, heartbeat 3 s, fetch long
 * poll 5 s (KAFKA_HEARTBEAT_INTERVAL_MS, KAFKA_FETCH_MAX_WAIT_MS defaults); CPU in % of one core and the main thread's
 * voluntary context switches per second over `--seconds` (60), after `--settle` (10) s.
 * Repetitions alternate clients (the order rotates each repetition). Run under `flock /tmp/textback-it.lock`. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type Consumer, type EachBatchPayload } from 'kafkajs';
import pino from 'pino';
import { createKafkaClient, KafkaRecordProducer, type KafkaRecord } from '@textback/kafka';
import { loadStackEnv } from '@textback/testing';

const CLIENTS = ['kafkajs', 'platformatic', 'confluent'] as const;
type ClientName = (typeof CLIENTS)[number];
type Phase = 'load' | 'trickle' | 'idle';

/** Textback's consumer and producer settings (ContractKafkaServer, KafkaRecordProducer, base env defaults). */
const SETTINGS = { sessionTimeoutMs: 30_000, heartbeatIntervalMs: 3_000, fetchMaxWaitMs: 5_000, partitions: 3, partitionsConsumedConcurrently: 3 } as const;

/** What one child reports on its last stdout line. */
interface ChildResult {
  client: ClientName;
  phase: Phase;
  produceCpuUsPerRecord?: number;
  produceWallMs?: number;
  consumeCpuUsPerRecord?: number;
  consumeWallMs?: number;
  trickleCpuUsPerRecord?: number;
  trickleWallMs?: number;
  idleCpuPercent?: number;
  idleWakeupsPerS?: number;
  version: string;
}

/** One client's operations, as the bench needs them. */
interface ClientDriver {
  version: string;
  connectProducer(): Promise<void>;
  /** Sends `records` in one request (one topic), acks all; resolves once acknowledged. */
  send(records: readonly KafkaRecord[]): Promise<void>;
  /** Joins group `groupId` on `topic` from the beginning; calls `onRecords` per handled batch with its record count. Resolves to a function that stops and disconnects that consumer. */
  consume(topic: string, groupId: string, onRecords: (n: number) => void): Promise<() => Promise<void>>;
  /** Disconnects the producer. */
  close(): Promise<void>;
}

const opts = parseArgs({
  options: {
    'clients-dir': { type: 'string' },
    phase: { type: 'string', default: 'load' },
    reps: { type: 'string', default: '3' },
    records: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    settle: { type: 'string', default: '10' },
    'trickle-batch': { type: 'string', default: '4' },
    'interval-ms': { type: 'string', default: '20' },
    clients: { type: 'string', default: CLIENTS.join(',') },
    child: { type: 'string' },
    topic: { type: 'string' },
  },
}).values;

const brokers = loadStackEnv().KAFKA_BROKERS.split(',');

/** The value of a record: a CloudEvents-like envelope of about 600 bytes, as the services publish. */
function makeRecords(topic: string, count: number, from: number): KafkaRecord[] {
  const locations = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const tenantId = randomUUID();
  return Array.from({ length: count }, (_, k) => {
    const n = from + k;
    const id = randomUUID();
    const locationId = locations[n % locations.length]!;
    const correlationId = randomUUID();
    const value = JSON.stringify({
      specversion: '1.0',
      id,
      source: 'textback/telephony-ingest',
      type: 'telephony.call.missed.v1',
      time: new Date().toISOString(),
      tenantId,
      locationId,
      correlationId,
      causationId: randomUUID(),
      data: { n, callSid: `CA${id.replaceAll('-', '')}`, from: '+15555550123', to: '+15555550199', direction: 'inbound', ringSeconds: 21, reason: 'no-answer', startedAt: new Date().toISOString(), callerName: 'A. Caller', note: 'x'.repeat(120) },
    });
    const headers = { 'content-type': 'application/cloudevents+json; charset=UTF-8', 'textback-event-id': id, 'textback-event-type': 'telephony.call.missed.v1', 'textback-schema-version': '1', 'textback-correlation-id': correlationId, 'textback-tenant-id': tenantId };
    return { topic, key: locationId, value, headers };
  });
}

function kafkajsDriver(): ClientDriver {
  const log = pino({ level: 'warn' });
  const kafka = createKafkaClient({ clientId: `bench-kc-kafkajs-${process.pid}`, brokers }, log);
  const producer = new KafkaRecordProducer(kafka);
  return {
    version: (JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as { version: string }).version,
    connectProducer: () => producer.connect(),
    send: (records) => producer.send(records),
    async consume(topic, groupId, onRecords) {
      const consumer: Consumer = kafka.consumer({ groupId, sessionTimeout: SETTINGS.sessionTimeoutMs, heartbeatInterval: SETTINGS.heartbeatIntervalMs, maxWaitTimeInMs: SETTINGS.fetchMaxWaitMs, retry: { initialRetryTime: 500, retries: 10, maxRetryTime: 10_000 }, allowAutoTopicCreation: false });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: SETTINGS.partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        eachBatch: (payload: EachBatchPayload) => handleBatch(payload, onRecords, false),
      });
      return () => consumer.disconnect();
    },
    close: () => producer.disconnect(),
  };
}

/** The part of a consumed record the bench's handler reads, in every client's shape. */
interface ConsumedLike {
  value: Buffer | null;
  offset: string;
  headers?: Record<string, unknown>;
}

/** The per-record work of the bench's handler (the same for every client): the value as text, one header. Returns the last offset. */
function handle(messages: readonly ConsumedLike[]): string | undefined {
  let last: string | undefined;
  for (const m of messages) {
    if ((m.value?.toString('utf8').length ?? 0) === 0 || m.headers?.['textback-event-id'] === undefined) throw new Error('bench record without value or event id');
    last = m.offset;
  }
  return last;
}

/** What an `eachBatch` call gets, in kafkajs and in confluent's KafkaJS-compatible API alike (the part the bench uses). */
interface BatchPayload {
  batch: { messages: ConsumedLike[] };
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  commitOffsetsIfNecessary(): Promise<void>;
}

/**
 * The bench's batch handler for the clients with an `eachBatch`: handle the records, resolve the last offset, heartbeat,
 * and commit when `commit` (confluent with `autoCommit: false`; kafkajs commits after each batch by itself).
 */
async function handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }: BatchPayload, onRecords: (n: number) => void, commit: boolean): Promise<void> {
  const last = handle(batch.messages);
  if (last === undefined) return;
  resolveOffset(last);
  await heartbeat();
  if (commit) await commitOffsetsIfNecessary();
  onRecords(batch.messages.length);
}

/** The subset of `@confluentinc/kafka-javascript`'s KafkaJS-compatible API the bench uses. */
interface ConfluentModule {
  KafkaJS: {
    Kafka: new (config: { kafkaJS: Record<string, unknown> }) => {
      producer(config: { kafkaJS: Record<string, unknown> }): { connect(): Promise<void>; sendBatch(args: { topicMessages: { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }[] }): Promise<unknown>; disconnect(): Promise<void> };
      consumer(config: { kafkaJS: Record<string, unknown> }): {
        connect(): Promise<void>;
        subscribe(args: { topics: string[] }): Promise<void>;
        run(args: { partitionsConsumedConcurrently: number; eachBatchAutoResolve: boolean; eachBatch(payload: BatchPayload): Promise<void> }): Promise<void>;
        disconnect(): Promise<void>;
      };
    };
    logLevel: Record<'WARN', number>;
  };
}

function confluentDriver(dir: string): ClientDriver {
  const requireThere = createRequire(join(dir, 'package.json'));
  const module = requireThere('@confluentinc/kafka-javascript') as ConfluentModule;
  const { Kafka: ConfluentKafka, logLevel: level } = module.KafkaJS;
  const kafka = new ConfluentKafka({ kafkaJS: { clientId: `bench-kc-confluent-${process.pid}`, brokers, logLevel: level.WARN } });
  const producer = kafka.producer({ kafkaJS: { idempotent: true, maxInFlightRequests: 1, acks: -1, allowAutoTopicCreation: false } });
  return {
    version: (requireThere('@confluentinc/kafka-javascript/package.json') as { version: string }).version,
    connectProducer: () => producer.connect(),
    async send(records) {
      const [first] = records;
      if (!first) return;
      await producer.sendBatch({ topicMessages: [{ topic: first.topic, messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) }] });
    },
    async consume(topic, groupId, onRecords) {
      const consumer = kafka.consumer({ kafkaJS: { groupId, fromBeginning: true, autoCommit: false, sessionTimeout: SETTINGS.sessionTimeoutMs, heartbeatInterval: SETTINGS.heartbeatIntervalMs, maxWaitTimeInMs: SETTINGS.fetchMaxWaitMs } });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic] });
      await consumer.run({
        partitionsConsumedConcurrently: SETTINGS.partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => handleBatch(payload, onRecords, true),
      });
      return () => consumer.disconnect();
    },
    close: () => producer.disconnect(),
  };
}

/** A record as `@platformatic/kafka`'s consumer stream hands it out (default Buffer deserialisers). */
interface PlatformaticMessage {
  value: Buffer | null;
  offset: bigint;
  partition: number;
  headers: Map<Buffer, Buffer>;
  commit(): Promise<void> | void;
}

/** The subset of `@platformatic/kafka` the bench uses. */
interface PlatformaticModule {
  Producer: new (options: Record<string, unknown>) => { send(args: { messages: { topic: string; key: string; value: string; headers: Record<string, string> }[] }): Promise<unknown>; metadata(args: { topics: string[] }): Promise<unknown>; close(): Promise<void> };
  Consumer: new (options: Record<string, unknown>) => { consume(args: Record<string, unknown>): Promise<NodeJS.ReadableStream & { close(): Promise<void> }>; close(force?: boolean): Promise<void> };
  stringSerializers: unknown;
}

/**
 * `@platformatic/kafka` has no `eachBatch`: its consumer is a stream of records. The bench makes a batch of the
 * records that arrived together (until the next turn of the event loop, at most 200 per partition: one fetch response
 * is pushed in one go), pauses the stream while it handles them, commits the last offset of each partition, and
 * resumes: the same work per batch as the other two.
 */
function platformaticDriver(dir: string): ClientDriver {
  const requireThere = createRequire(join(dir, 'package.json'));
  const module = requireThere('@platformatic/kafka') as PlatformaticModule;
  const clientId = `bench-kc-platformatic-${process.pid}`;
  const producer = new module.Producer({ clientId, bootstrapBrokers: brokers, serializers: module.stringSerializers, idempotent: true, acks: -1, autocreateTopics: false });
  return {
    version: (JSON.parse(readFileSync(join(dir, 'node_modules/@platformatic/kafka/package.json'), 'utf8')) as { version: string }).version,
    async connectProducer() {
      await producer.metadata({ topics: [] });
    },
    async send(records) {
      await producer.send({ messages: records.map((r) => ({ topic: r.topic, key: r.key, value: r.value, headers: r.headers })) });
    },
    async consume(topic, groupId, onRecords) {
      const consumer = new module.Consumer({ clientId, groupId, bootstrapBrokers: brokers, sessionTimeout: SETTINGS.sessionTimeoutMs, heartbeatInterval: SETTINGS.heartbeatIntervalMs, maxWaitTime: SETTINGS.fetchMaxWaitMs, autocommit: false });
      const s = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false });
      let pending: PlatformaticMessage[] = [];
      let scheduled = false;
      const flush = async () => {
        scheduled = false;
        const messages = pending;
        pending = [];
        if (messages.length === 0) return;
        s.pause();
        const byPartition = new Map<number, PlatformaticMessage[]>();
        for (const m of messages) byPartition.set(m.partition, [...(byPartition.get(m.partition) ?? []), m]);
        for (const list of byPartition.values()) {
          handle(list.map((m) => ({ value: m.value, offset: String(m.offset), headers: { 'textback-event-id': headerOf(m, 'textback-event-id') } })));
          await list[list.length - 1]!.commit();
          onRecords(list.length);
        }
        s.resume();
      };
      s.on('data', (m: PlatformaticMessage) => {
        pending.push(m);
        if (pending.length >= 200 * SETTINGS.partitions) void flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(() => void flush());
        }
      });
      return async () => {
        await s.close();
        await consumer.close(true);
      };
    },
    close: () => producer.close(),
  };
}

function headerOf(m: PlatformaticMessage, name: string): string | undefined {
  for (const [k, v] of m.headers) if (k.toString() === name) return v.toString();
  return undefined;
}

function driverOf(client: ClientName, dir: string): ClientDriver {
  switch (client) {
    case 'kafkajs':
      return kafkajsDriver();
    case 'platformatic':
      return platformaticDriver(dir);
    case 'confluent':
      return confluentDriver(dir);
  }
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Voluntary context switches of the main thread so far (each one a sleep of the event loop and a wake-up). */
function wakeups(): number {
  return Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
}

/**
 * A record counter for `consume`'s callback and a promise that resolves when `target` records were counted (no polling
 * timer: it would wake the process during the measure) or rejects after `timeoutMs`.
 */
function countTo(target: number, timeoutMs: number, what: string): { onRecords: (n: number) => void; reached: Promise<number> } {
  let count = 0;
  let done: (n: number) => void = () => undefined;
  const reached = new Promise<number>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what} (${count} of ${target})`)), timeoutMs);
    done = (n) => {
      clearTimeout(timer);
      resolvePromise(n);
    };
  });
  return {
    onRecords: (n) => {
      count += n;
      if (count >= target) done(count);
    },
    reached,
  };
}

/** One measurement in this (child) process; `topic` and `${topic}.warm` exist (the parent made them). */
async function runChild(client: ClientName, phase: Phase, topic: string, dir: string): Promise<ChildResult> {
  const driver = driverOf(client, dir);
  const batch = Number(opts.batch);
  const group = () => `bench-kc-${client}-${randomUUID().slice(0, 8)}`;
  await driver.connectProducer();
  if (phase === 'trickle') return runTrickle(driver, client, topic, group());
  if (phase === 'idle') {
    await driver.send(makeRecords(topic, 1, 0));
    const first = countTo(1, 60_000, 'the idle consumer to join and read its one record');
    const stop = await driver.consume(topic, group(), first.onRecords);
    await first.reached;
    await sleep(Number(opts.settle) * 1000);
    const c0 = cpuUs();
    const w0 = wakeups();
    const t0 = performance.now();
    await sleep(Number(opts.seconds) * 1000);
    const wallMs = performance.now() - t0;
    const result: ChildResult = { client, phase, version: driver.version, idleCpuPercent: ((cpuUs() - c0) / 1000 / wallMs) * 100, idleWakeupsPerS: ((wakeups() - w0) / wallMs) * 1000 };
    await stop();
    await driver.close();
    return result;
  }
  const warmup = Number(opts.warmup);
  const records = Number(opts.records);
  const send = async (list: KafkaRecord[]) => {
    for (let i = 0; i < list.length; i += batch) await driver.send(list.slice(i, i + batch));
  };
  // Warm-up: the same work on `${topic}.warm` (its own group), so the measured part runs on warm code.
  await send(makeRecords(`${topic}.warm`, warmup, 0));
  const measured = makeRecords(topic, records, warmup);
  const p0 = cpuUs();
  const pt0 = performance.now();
  await send(measured);
  const produceCpu = cpuUs() - p0;
  const produceWallMs = performance.now() - pt0;
  await driver.close();

  const warm = countTo(warmup, 300_000, 'the warm-up records consumed');
  const stopWarm = await driver.consume(`${topic}.warm`, group(), warm.onRecords);
  await warm.reached;
  await stopWarm();
  // Measured: from the new member's start (join and assignment included: a few requests) to its last commit.
  const all = countTo(records, 300_000, 'the measured records consumed');
  const c0 = cpuUs();
  const ct0 = performance.now();
  const stop = await driver.consume(topic, group(), all.onRecords);
  const consumed = await all.reached;
  const consumeCpu = cpuUs() - c0;
  const consumeWallMs = performance.now() - ct0;
  await stop();
  return { client, phase, version: driver.version, produceCpuUsPerRecord: produceCpu / records, produceWallMs, consumeCpuUsPerRecord: consumeCpu / consumed, consumeWallMs };
}

/**
 * Phase `trickle`: one process producing and consuming with the same client, as a service does, with records arriving a
 * few at a time (`--trickle-batch` records per send, a send every `--interval-ms`), the pattern of the pipeline at a
 * few missed calls a second: each fetch, commit and produce request carries a handful of records, so per-request costs
 * dominate. Measured: the process's CPU from the first measured send to the last measured record consumed (the pacing
 * timer and the client's periodic work over that time included), per record; after `--warmup` / 5 records the same way.
 */
async function runTrickle(driver: ClientDriver, client: ClientName, topic: string, groupId: string): Promise<ChildResult> {
  const perSend = Number(opts['trickle-batch']);
  const intervalMs = Number(opts['interval-ms']);
  const warmup = Math.ceil(Number(opts.warmup) / 5 / perSend) * perSend;
  const records = Math.ceil(Number(opts.records) / 10 / perSend) * perSend;
  let count = 0;
  const waiters: { target: number; resolve: () => void }[] = [];
  const stop = await driver.consume(topic, groupId, (n) => {
    count += n;
    for (const w of waiters.filter((x) => count >= x.target)) w.resolve();
  });
  const when = (target: number) => new Promise<void>((resolvePromise, reject) => {
    if (count >= target) return resolvePromise();
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${target} records (${count})`)), 120_000);
    waiters.push({ target, resolve: () => { clearTimeout(timer); resolvePromise(); } });
  });
  const paced = async (list: KafkaRecord[]) => {
    for (let i = 0; i < list.length; i += perSend) {
      await driver.send(list.slice(i, i + perSend));
      await sleep(intervalMs);
    }
  };
  const warmList = makeRecords(topic, warmup, 1);
  const measuredList = makeRecords(topic, records, 1 + warmup);
  await driver.send(makeRecords(topic, 1, 0));
  await when(1);
  await paced(warmList);
  await when(1 + warmup);
  const c0 = cpuUs();
  const t0 = performance.now();
  await paced(measuredList);
  await when(1 + warmup + records);
  const cpu = cpuUs() - c0;
  const wallMs = performance.now() - t0;
  await stop();
  await driver.close();
  return { client, phase: 'trickle', version: driver.version, trickleCpuUsPerRecord: cpu / records, trickleWallMs: wallMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function runParent(dir: string): Promise<void> {
  const phase = opts.phase as Phase;
  const clients = opts.clients.split(',') as ClientName[];
  const admin = createKafkaClient({ clientId: 'bench-kc-admin', brokers }, pino({ level: 'warn' })).admin();
  await admin.connect();
  const node = process.execPath;
  console.log(`bench-kafka-clients phase ${phase}, ${opts.reps} repetition(s), clients ${clients.join(', ')}; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`);
  const results: ChildResult[] = [];
  try {
    for (let rep = 0; rep < Number(opts.reps); rep++) {
      const order = clients.map((_, i) => clients[(i + rep) % clients.length]!);
      for (const client of order) {
        const topic = `bench.kafka-clients.${client}.${randomUUID().slice(0, 8)}.v1`;
        const topics = phase === 'load' ? [topic, `${topic}.warm`] : [topic];
        await admin.createTopics({ topics: topics.map((t) => ({ topic: t, numPartitions: SETTINGS.partitions, replicationFactor: 1 })), waitForLeaders: true });
        try {
          const line = await runInChild(node, [process.argv[1]!, '--child', client, '--phase', phase, '--topic', topic, '--clients-dir', dir, '--records', opts.records, '--warmup', opts.warmup, '--batch', opts.batch, '--seconds', opts.seconds, '--settle', opts.settle, '--trickle-batch', opts['trickle-batch'], '--interval-ms', opts['interval-ms']]);
          const result = JSON.parse(line) as ChildResult;
          results.push(result);
          console.log(`rep ${rep + 1} ${client} ${result.version}: ${describe(result)} (load ${loadavg()[0]!.toFixed(2)})`);
        } finally {
          await admin.deleteTopics({ topics }).catch((err: unknown) => console.error(`could not delete ${topics.join(', ')}: ${String(err)}`));
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
  console.log('medians:');
  for (const client of clients) {
    const mine = results.filter((r) => r.client === client);
    const m = (k: keyof ChildResult) => median(mine.map((r) => r[k] as number));
    const text: Record<Phase, () => string> = {
      load: () => `produce ${m('produceCpuUsPerRecord').toFixed(1)} µs CPU/record (${m('produceWallMs').toFixed(0)} ms wall), consume ${m('consumeCpuUsPerRecord').toFixed(1)} µs CPU/record (${m('consumeWallMs').toFixed(0)} ms wall)`,
      trickle: () => `produce + consume ${m('trickleCpuUsPerRecord').toFixed(1)} µs CPU/record (${m('trickleWallMs').toFixed(0)} ms wall)`,
      idle: () => `idle ${m('idleCpuPercent').toFixed(3)} % of a core, ${m('idleWakeupsPerS').toFixed(1)} main-thread wake-ups/s`,
    };
    console.log(`${client}: ${text[phase]()}`);
  }
}

function describe(r: ChildResult): string {
  switch (r.phase) {
    case 'load':
      return `produce ${r.produceCpuUsPerRecord!.toFixed(1)} µs CPU/record in ${r.produceWallMs!.toFixed(0)} ms, consume ${r.consumeCpuUsPerRecord!.toFixed(1)} µs CPU/record in ${r.consumeWallMs!.toFixed(0)} ms`;
    case 'trickle':
      return `produce + consume ${r.trickleCpuUsPerRecord!.toFixed(1)} µs CPU/record in ${r.trickleWallMs!.toFixed(0)} ms`;
    case 'idle':
      return `idle ${r.idleCpuPercent!.toFixed(3)} % of a core, ${r.idleWakeupsPerS!.toFixed(1)} wake-ups/s`;
  }
}

/** Runs one measurement in a fresh Node process (a client's threads and timers cannot outlive it into the next) and returns its last stdout line. */
function runInChild(node: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const lines = out.trim().split('\n');
      if (code === 0 && lines.length > 0) resolvePromise(lines[lines.length - 1]!);
      else reject(new Error(`child ${args.join(' ')} exited with ${code}: ${out}`));
    });
  });
}

async function main(): Promise<void> {
  if (opts['clients-dir'] === undefined) throw new Error('--clients-dir DIR is required: a directory whose node_modules has @platformatic/kafka and @confluentinc/kafka-javascript');
  const dir = resolve(opts['clients-dir']);
  if (opts.child !== undefined) {
    if (!CLIENTS.includes(opts.child as ClientName) || opts.topic === undefined) throw new Error('--child needs a client name and --topic');
    const result = await runChild(opts.child as ClientName, opts.phase as Phase, opts.topic, dir);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  await runParent(dir);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
