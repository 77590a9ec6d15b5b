import { resolve } from 'node:path';
import { BUS_MIGRATIONS, BUS_SCHEMA, busDeadLetters } from '@textback/bus';
import { resolveDataDir } from '@textback/config';
import { deadLetterTopic } from '@textback/contracts';
import { createKafkaClient, type DeadLetterRecord, KAFKA_HEADERS, readDeadLetterRecords, replayDeadLetterRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, type DeadLetterTable, DeadLetterTableRepository, OUTBOX_DEAD_LETTERS, quoteSchema, type RelationalStore, runMigrations } from '@textback/persistence';
import { type ServiceDefinition } from '@textback/platform';
import { type Kafka, Partitioners } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { NoEmbeddedDatabaseError, openExistingRelationalStore } from './cli-relational-store';
import { resolveServices, SERVICES } from './service-registry';

const USAGE = `usage: textback dead-letters list [--service S] [--data-dir DIR]
       textback dead-letters replay --service S (--id ID | --all) [--data-dir DIR]
distributed mode: env DATABASE_URL and KAFKA_BROKERS (DLQ topics, dead outbox and job rows).
embedded mode (--data-dir DIR, or without DATABASE_URL TEXTBACK_DATA_DIR, default ./data; refused while the single
process runs: stop it first): dead outbox and job rows, and the in-process bus's dead letters (bus:<id>), which the
process applies again at its next start.`;

/** One dead letter as the operator sees it. `id` is what `replay --id` takes. */
export interface DeadLetterEntry {
  service: string;
  /** `kafka:<dlq topic>:<partition>:<offset>` or `<queue>:<row id>`. */
  id: string;
  /** The original topic (Kafka) or the table's queue name. */
  queue: string;
  reason: string;
  error: string | null;
  attempts: number;
  at: string;
  replayable: boolean;
}

/** Connections the distributed mode uses; `services` defaults to every service (tests pass their own definitions). */
export interface DistributedDeadLetterContext {
  databaseUrl: string;
  brokers: string[];
  services?: readonly ServiceDefinition[];
}

/** The embedded mode: the data directory's relational store, opened by the caller (the single process stopped). */
export interface EmbeddedDeadLetterContext {
  store: RelationalStore;
  services?: readonly ServiceDefinition[];
}

/** Where the dead letters are: PostgreSQL and Kafka, or an embedded data directory. */
export type DeadLetterContext = DistributedDeadLetterContext | EmbeddedDeadLetterContext;

/** A dead-letter table and the schema it is in. */
interface QueueTable {
  schema: string;
  table: DeadLetterTable;
}

/**
 * Every dead letter of `service`: records in the `<topic>.dlq` topics of what it consumes that its consumer group
 * wrote and nobody replayed yet (distributed mode), dead rows of its outbox and {@link ServiceDefinition.deadLetterTables},
 * and (embedded mode) the rows of `bus.dead_letters` its consumer group gave up on and no replay is waiting for.
 */
export async function listDeadLetters(service: ServiceDefinition, ctx: DeadLetterContext): Promise<DeadLetterEntry[]> {
  return withConnections(service, ctx, async (ds, kafka) => {
    const rows = [];
    for (const q of await queueTables(service, ds, kafka === null)) rows.push(...(await new DeadLetterTableRepository(ds, q.schema).list([q.table])));
    const records = kafka ? await pendingRecords(service, ds, kafka) : [];
    return [
      ...records.map((r) => entryOf(service, r)),
      ...rows.map((t) => ({ service: service.name, id: t.id, queue: t.queue, reason: t.reason, error: t.error, attempts: t.attempts, at: new Date(t.at).toISOString(), replayable: t.replayable })),
    ];
  });
}

/**
 * Replays dead letters of `service`: one (`id` as listed) or `all` replayable ones. A Kafka dead letter is
 * re-published to its original topic with its original key and headers and logged in `dead_letter_replay` (in one
 * transaction with the publish acknowledgement: a failed publish logs nothing), so it is replayed once; a table row
 * is made pending again (its retry loop takes it up with fresh attempts). A `bus:` dead letter (embedded mode) is
 * marked for replay (`bus.dead_letters.replay_requested_at`): at its next start the service's bus consumer hands it to
 * the handler again, for that consumer group only, and deletes it once applied. Consumers are idempotent on the event
 * id, so a group that already applied a replayed event does nothing.
 * @returns the ids replayed.
 * @throws Error for an unknown or non-replayable id, or a `kafka:` id in the embedded mode.
 */
export async function replayDeadLetters(service: ServiceDefinition, ctx: DeadLetterContext, target: { id: string } | 'all'): Promise<string[]> {
  return withConnections(service, ctx, async (ds, kafka) => {
    const replayed: string[] = [];
    if (!kafka && target !== 'all' && target.id.startsWith('kafka:')) throw new Error(`${target.id}: the embedded mode has no Kafka dead letters`);
    if (kafka && (target === 'all' || target.id.startsWith('kafka:'))) {
      const records = (await pendingRecords(service, ds, kafka)).filter((r) => target === 'all' || r.id === target.id);
      if (target !== 'all' && records.length === 0) throw new Error(`${target.id}: no such dead letter of ${service.name} (or already replayed)`);
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      try {
        for (const record of records) {
          await ds.transaction(async (em) => {
            const claimed = (await em.query(
              `INSERT INTO ${quoteSchema(service.schema)}.dead_letter_replay (dlq_topic, dlq_partition, dlq_offset, original_topic, event_id)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING dlq_offset`,
              [record.dlqTopic, record.partition, record.offset, record.headers[KAFKA_HEADERS.dlqOriginalTopic] ?? '', record.headers[KAFKA_HEADERS.eventId] ?? null],
            )) as unknown[];
            if (claimed.length === 0) return;
            await replayDeadLetterRecord(producer, record);
            replayed.push(record.id);
          });
        }
      } finally {
        await producer.disconnect();
      }
    }
    if (target === 'all' || !target.id.startsWith('kafka:')) {
      for (const { schema, table } of await queueTables(service, ds, kafka === null)) {
        const repository = new DeadLetterTableRepository(ds, schema);
        if (target === 'all') {
          if (!table.replaySet) continue;
          const dead = (await repository.list([table])).map((r) => r.id);
          const n = await repository.replay(table, 'all');
          replayed.push(...dead.slice(0, n));
          continue;
        }
        if (!target.id.startsWith(`${table.queue}:`)) continue;
        const n = await repository.replay(table, target.id.slice(table.queue.length + 1));
        if (n === 0) throw new Error(`${target.id}: no such dead letter of ${service.name} (or already replayed)`);
        replayed.push(target.id);
      }
      if (target !== 'all' && replayed.length === 0) throw new Error(`${target.id}: unknown dead-letter queue for ${service.name}`);
    }
    return replayed;
  });
}

/**
 * `textback dead-letters list [--service S]` and `textback dead-letters replay --service S (--id ID | --all)`, each
 * with an optional `--data-dir DIR`. The mode: `--data-dir` given, or DATABASE_URL unset: the embedded data directory
 * (`--data-dir`, else TEXTBACK_DATA_DIR, default ./data), opened through the relational store port, which refuses it
 * while the single process holds it (`... is in use by process <pid>`); otherwise PostgreSQL and Kafka (KAFKA_BROKERS).
 * list prints one tab-separated line per dead letter on stdout: service, id, queue, reason, attempts, when, replayable,
 * error; then one summary line on stderr ({@link listSummary}: `no dead letters (checked: ...)` when there are none).
 * @returns the exit code (2 for bad arguments or a data directory with no database).
 * @throws Error for a directory in use, KAFKA_BROKERS missing with DATABASE_URL, or what the replay refuses.
 */
export async function deadLettersCommand(args: string[], env: Record<string, string | undefined>, services: readonly ServiceDefinition[] = SERVICES): Promise<number> {
  const dataDirAt = args.indexOf('--data-dir');
  const dataDir = dataDirAt >= 0 ? args[dataDirAt + 1] : undefined;
  // Arguments first: a mistyped subcommand is a usage error, not an open (or a refusal) of the shop's database.
  if ((args[0] !== 'list' && args[0] !== 'replay') || (dataDirAt >= 0 && (!dataDir || dataDir.startsWith('--')))) {
    console.error(USAGE);
    return 2;
  }
  if (dataDir !== undefined || !env.DATABASE_URL) {
    // The embedded mode: the data directory's database, the single process stopped (the store refuses one in use).
    const dir = resolve(dataDir ?? resolveDataDir(env));
    let store: RelationalStore;
    try {
      store = await openExistingRelationalStore({ dataDir: dir });
    } catch (err) {
      if (err instanceof NoEmbeddedDatabaseError) {
        console.error(err.message);
        return 2;
      }
      throw err;
    }
    try {
      return await runDeadLetters(dataDirAt >= 0 ? [...args.slice(0, dataDirAt), ...args.slice(dataDirAt + 2)] : args, { store, services }, services);
    } finally {
      await store.close();
    }
  }
  if (!env.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is required with DATABASE_URL (or give --data-dir for an embedded data directory)');
  return runDeadLetters(args, { databaseUrl: env.DATABASE_URL, brokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()), services }, services);
}

/** The subcommand on `ctx` (either mode). */
async function runDeadLetters(args: string[], ctx: DeadLetterContext, services: readonly ServiceDefinition[]): Promise<number> {
  const [sub, ...rest] = args;
  const option = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const serviceName = option('--service');
  if ((sub !== 'list' && sub !== 'replay') || (rest.includes('--service') && !serviceName)) {
    console.error(USAGE);
    return 2;
  }
  const pick = (name: string): ServiceDefinition => {
    const found = services === SERVICES ? resolveServices([name])[0] : services.find((s) => s.name === name);
    if (!found) throw new Error(`unknown service "${name}"; known: ${services.map((s) => s.name).join(', ')}`);
    return found;
  };
  if (sub === 'list') {
    const listed = serviceName ? [pick(serviceName)] : services;
    let count = 0;
    let replayable = 0;
    for (const service of listed) {
      for (const e of await listDeadLetters(service, ctx)) {
        console.log([e.service, e.id, e.queue, e.reason, `attempts=${e.attempts}`, e.at, e.replayable ? 'replayable' : 'list-only', e.error ?? ''].join('\t'));
        count += 1;
        if (e.replayable) replayable += 1;
      }
    }
    console.warn(listSummary(count, replayable, listed.map((s) => s.name)));
    return 0;
  }
  const id = option('--id');
  const all = rest.includes('--all');
  if (!serviceName || (id === undefined) === !all) {
    console.error(USAGE);
    return 2;
  }
  const replayed = await replayDeadLetters(pick(serviceName), ctx, all ? 'all' : { id: id as string });
  for (const r of replayed) console.log(`replayed\t${r}`);
  const waiting = replayed.filter((r) => r.startsWith('bus:')).length;
  console.warn(`${serviceName}: ${replayed.length} dead letter(s) replayed${waiting ? ` (${waiting} of the in-process bus: applied when the single process next starts)` : ''}`);
  return 0;
}

/**
 * The line `dead-letters list` ends with on stderr (stdout keeps only the tab-separated rows, for scripts), so an empty
 * list says so instead of printing nothing: `no dead letters (checked: messaging)` or `3 dead letter(s), 2 replayable
 * (checked: ...)`.
 */
export function listSummary(count: number, replayable: number, services: readonly string[]): string {
  const checked = `(checked: ${services.join(', ')})`;
  return count === 0 ? `no dead letters ${checked}` : `${count} dead letter(s), ${replayable} replayable ${checked}`;
}

function tablesOf(service: ServiceDefinition): DeadLetterTable[] {
  return [OUTBOX_DEAD_LETTERS, ...(service.deadLetterTables ?? [])];
}

/**
 * The dead-letter tables of `service`: its outbox and job tables, and in the embedded mode its consumer group's rows
 * of `bus.dead_letters` when the bus schema exists (brought to the bus's current migrations first, as its server does
 * at start, so a directory last run by an older release can be replayed).
 */
async function queueTables(service: ServiceDefinition, ds: DataSource, embedded: boolean): Promise<QueueTable[]> {
  const own = tablesOf(service).map((table) => ({ schema: service.schema, table }));
  if (!embedded) return own;
  const [present] = (await ds.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${BUS_SCHEMA}.dead_letters`])) as { present: boolean }[];
  if (!present?.present) return own;
  return [...own, { schema: BUS_SCHEMA, table: busDeadLetters(service.name) }];
}

/** Applies the bus schema's pending migrations on the embedded store (under its migration lock), when the schema exists. */
async function migrateBusSchema(store: RelationalStore): Promise<void> {
  const ds = await store.createDataSource({ schema: BUS_SCHEMA, applicationName: 'textback-cli:dead-letters', migrations: BUS_MIGRATIONS, poolSize: 1 }).initialize();
  try {
    const [present] = (await ds.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${BUS_SCHEMA}.dead_letters`])) as { present: boolean }[];
    if (present?.present) await runMigrations(ds, BUS_SCHEMA);
  } finally {
    await ds.destroy();
  }
}

/** DLQ records written by `service`'s consumer group and not yet in its `dead_letter_replay` log. */
async function pendingRecords(service: ServiceDefinition, ds: DataSource, kafka: Kafka): Promise<DeadLetterRecord[]> {
  const dlqTopics = [...new Set(service.consumes.map((c) => deadLetterTopic(c.topic)))];
  const records = (await readDeadLetterRecords(kafka, dlqTopics)).filter((r) => r.headers[KAFKA_HEADERS.dlqConsumerGroup] === service.name);
  if (records.length === 0) return [];
  const done = (await ds.query(`SELECT dlq_topic, dlq_partition, dlq_offset::text AS dlq_offset FROM ${quoteSchema(service.schema)}.dead_letter_replay`)) as {
    dlq_topic: string;
    dlq_partition: number;
    dlq_offset: string;
  }[];
  const replayed = new Set(done.map((d) => `kafka:${d.dlq_topic}:${d.dlq_partition}:${d.dlq_offset}`));
  return records.filter((r) => !replayed.has(r.id));
}

function entryOf(service: ServiceDefinition, r: DeadLetterRecord): DeadLetterEntry {
  return {
    service: service.name,
    id: r.id,
    queue: r.headers[KAFKA_HEADERS.dlqOriginalTopic] ?? r.dlqTopic,
    reason: r.headers[KAFKA_HEADERS.dlqReason] ?? 'unknown',
    error: r.headers[KAFKA_HEADERS.dlqError] ?? null,
    attempts: Number(r.headers[KAFKA_HEADERS.dlqAttempts] ?? 0),
    at: r.headers[KAFKA_HEADERS.dlqFailedAt] ?? '',
    replayable: r.headers[KAFKA_HEADERS.dlqOriginalTopic] !== undefined,
  };
}

/** Runs `work` with a data source on `service`'s schema and, in the distributed mode, a Kafka client (null in the embedded mode). */
async function withConnections<T>(service: ServiceDefinition, ctx: DeadLetterContext, work: (ds: DataSource, kafka: Kafka | null) => Promise<T>): Promise<T> {
  if ('store' in ctx) {
    await migrateBusSchema(ctx.store);
    const embedded = await ctx.store.createDataSource({ schema: service.schema, applicationName: 'textback-cli:dead-letters', poolSize: 1 }).initialize();
    try {
      return await work(embedded, null);
    } finally {
      await embedded.destroy();
    }
  }
  const ds = await createServiceDataSource({ url: ctx.databaseUrl, schema: service.schema, applicationName: 'textback-cli:dead-letters', poolSize: 2 }).initialize();
  const kafka = createKafkaClient({ clientId: 'textback-cli', brokers: ctx.brokers }, createRootLogger('textback-cli', 'warn'));
  try {
    return await work(ds, kafka);
  } finally {
    await ds.destroy();
  }
}
