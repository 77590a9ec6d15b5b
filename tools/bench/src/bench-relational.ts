/**
 * `npm run bench:relational`: the embedded relational store (PGlite in this process) beside the machine's PostgreSQL.
 * Measures, in one sitting: opening a fresh data directory (initdb) and running every service's migrations; reopening
 * it; simple insert transactions (BEGIN, INSERT, COMMIT through TypeORM) one caller at a time and from 16 concurrent
 * callers, as statements per second; and the process's resident memory with PGlite loaded. PostgreSQL is the local
 * stack's (deploy/local/stack.sh up; skipped with --pglite-only). Prints figures; asserts nothing.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceDataSource, PgliteRelationalStore, quoteSchema, runMigrations } from '@textback/persistence';
import { loadStackEnv, uniqueSchemaName } from '@textback/testing';
import { type DataSource } from 'typeorm';
import { SERVICES } from '../../cli/src/service-registry';

const TRANSACTIONS = 1_000;
const CONCURRENT_CALLERS = 16;
/** Statements of one insert transaction: BEGIN (TypeORM's START TRANSACTION), INSERT, COMMIT. */
const STATEMENTS_PER_TRANSACTION = 3;

const log = (line: string) => console.log(line);
const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

interface InsertFigures {
  sequentialTxPerS: number;
  concurrentTxPerS: number;
}

async function insertTransactions(ds: DataSource, schema: string): Promise<InsertFigures> {
  const s = quoteSchema(schema);
  await ds.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await ds.query(`CREATE TABLE ${s}.bench_row (id bigserial PRIMARY KEY, caller int NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const insert = (caller: number) => ds.transaction('READ COMMITTED', (m) => m.query(`INSERT INTO ${s}.bench_row (caller, payload) VALUES ($1, $2)`, [caller, `row of caller ${caller}`]));
  for (let i = 0; i < 50; i++) await insert(-1); // warm-up
  let started = performance.now();
  for (let i = 0; i < TRANSACTIONS; i++) await insert(0);
  const sequentialTxPerS = TRANSACTIONS / ((performance.now() - started) / 1000);
  started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT_CALLERS }, async (_, caller) => {
      for (let i = 0; i < TRANSACTIONS / CONCURRENT_CALLERS; i++) await insert(caller + 1);
    }),
  );
  const concurrentTxPerS = TRANSACTIONS / ((performance.now() - started) / 1000);
  await ds.query(`DROP SCHEMA ${s} CASCADE`);
  return { sequentialTxPerS, concurrentTxPerS };
}

const describeInserts = (f: InsertFigures) =>
  `${Math.round(f.sequentialTxPerS)} tx/s (${Math.round(f.sequentialTxPerS * STATEMENTS_PER_TRANSACTION)} statements/s) one caller at a time; ` +
  `${Math.round(f.concurrentTxPerS)} tx/s (${Math.round(f.concurrentTxPerS * STATEMENTS_PER_TRANSACTION)} statements/s) from ${CONCURRENT_CALLERS} concurrent callers`;

async function benchPglite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'textback-bench-pglite-'));
  const dataDir = join(dir, 'pglite');
  try {
    log(`process RSS before PGlite: ${mb(process.memoryUsage().rss)}`);
    let started = performance.now();
    let store = await PgliteRelationalStore.open({ dataDir });
    const opened = performance.now() - started;
    started = performance.now();
    for (const service of SERVICES) {
      const ds = await store.createDataSource({ schema: service.schema, applicationName: `bench:${service.name}`, migrations: service.migrations }).initialize();
      await runMigrations(ds, service.schema);
      await ds.destroy();
    }
    const migrated = performance.now() - started;
    log(`PGlite fresh data directory: open (initdb) ${Math.round(opened)} ms + ${SERVICES.length} services' migrations ${Math.round(migrated)} ms = ${Math.round(opened + migrated)} ms`);
    log(`process RSS with PGlite loaded and migrated: ${mb(process.memoryUsage().rss)}`);
    await store.close();
    started = performance.now();
    store = await PgliteRelationalStore.open({ dataDir });
    log(`PGlite reopen of the migrated data directory: ${Math.round(performance.now() - started)} ms`);
    const ds = await store.createDataSource({ schema: 'bench_insert', applicationName: 'bench:insert' }).initialize();
    log(`PGlite inserts: ${describeInserts(await insertTransactions(ds, 'bench_insert'))}`);
    log(`process RSS after the PGlite inserts: ${mb(process.memoryUsage().rss)}`);
    await ds.destroy();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(): Promise<void> {
  const stack = loadStackEnv();
  const schema = uniqueSchemaName('benchrel');
  const ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'bench:insert', poolSize: 10 }).initialize();
  try {
    log(`PostgreSQL inserts (pool of 10): ${describeInserts(await insertTransactions(ds, schema))}`);
  } finally {
    await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  log(`machine: load average ${load()} (1/5/15 min) at start; node ${process.version}`);
  await benchPglite();
  if (!process.argv.includes('--pglite-only')) await benchPostgres();
  log(`machine: load average ${load()} (1/5/15 min) at the end`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
