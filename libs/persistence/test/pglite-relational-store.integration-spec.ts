import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRootLogger } from '@textback/observability';
import {
  addWakeupTrigger,
  appliedMigrationNames,
  type DatabaseWakeups,
  migrationSchemaOf,
  openRelationalStore,
  PgliteRelationalStore,
  PgliteSessionBusyException,
  runMigrations,
  TypeormTransactionRunner,
} from '@textback/persistence';
import { type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A migration that fails when run twice (CREATE TABLE without IF NOT EXISTS). */
class CreateJob1797920000000 implements MigrationInterface {
  name = 'CreateJob1797920000000';
  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    await runner.query(`CREATE TABLE "${schema}".job (id int PRIMARY KEY, note text NOT NULL)`);
    await addWakeupTrigger(runner, schema, 'job', 'job');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${migrationSchemaOf(runner)}".job`);
  }
}

class AddJobDue1797920000001 implements MigrationInterface {
  name = 'AddJobDue1797920000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchemaOf(runner)}".job ADD COLUMN due_at timestamptz NULL`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchemaOf(runner)}".job DROP COLUMN due_at`);
  }
}

const log = createRootLogger('it-pglite', 'warn');
const warnings: { msg: string; heldMs: number }[] = [];
const watched = createRootLogger('it-pglite', 'warn', { write: (line: string) => void warnings.push(JSON.parse(line) as { msg: string; heldMs: number }) });

describe(`${PgliteRelationalStore.name} (PGlite on a data directory)`, () => {
  let dir: string;
  let store: PgliteRelationalStore;
  const sources: DataSource[] = [];
  const dataSource = async (schema: string, extra: { connectTimeoutMs?: number; migrations?: (new () => MigrationInterface)[] } = {}) => {
    const ds = await store.createDataSource({ schema, applicationName: `it-${schema}`, ...extra }).initialize();
    sources.push(ds);
    return ds;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'textback-pglite-'));
    // No DATABASE_URL: the factory opens PGlite in <TEXTBACK_DATA_DIR>/pglite.
    store = (await openRelationalStore({ TEXTBACK_DATA_DIR: dir })) as PgliteRelationalStore;
  }, 300_000);

  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is what the factory opens without DATABASE_URL, in <TEXTBACK_DATA_DIR>/pglite', () => {
    expect(store).toBeInstanceOf(PgliteRelationalStore);
    expect(store.kind).toBe('pglite');
    expect(store.location).toBe(join(dir, 'pglite'));
  });

  it('serialises whole transactions of many concurrent callers of two data sources: no interleaving, no lost update, a failing one rolls back alone', async () => {
    const a = await dataSource('serial_a');
    const b = await dataSource('serial_b');
    await a.query(`CREATE SCHEMA serial_a`);
    await a.query(`CREATE TABLE serial_a.ledger (seq serial PRIMARY KEY, caller int NOT NULL, step int NOT NULL)`);
    await a.query(`CREATE TABLE serial_a.counter (id int PRIMARY KEY, value int NOT NULL)`);
    await a.query(`INSERT INTO serial_a.counter VALUES (1, 0)`);
    const callers = Array.from({ length: 40 }, (_, i) => i);
    const failing = new Set(callers.filter((i) => i % 7 === 3));
    const outcomes = await Promise.allSettled(
      callers.map((caller) =>
        // Half the callers go through the other service's data source: one session for the whole process.
        (caller % 2 === 0 ? a : b).transaction('READ COMMITTED', async (m) => {
          await m.query(`INSERT INTO serial_a.ledger (caller, step) VALUES ($1, 1)`, [caller]);
          const [{ value }] = (await m.query(`SELECT value FROM serial_a.counter WHERE id = 1`)) as [{ value: number }];
          // Yield to the event loop: on a pool of several connections, another caller's read would slip in here.
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (failing.has(caller)) throw new Error(`caller ${caller} fails`);
          await m.query(`UPDATE serial_a.counter SET value = $1 WHERE id = 1`, [value + 1]);
          await m.query(`INSERT INTO serial_a.ledger (caller, step) VALUES ($1, 2)`, [caller]);
        }),
      ),
    );
    const rejected = callers.filter((_, i) => outcomes[i]?.status === 'rejected');
    expect(rejected).toEqual([...failing]);
    const [{ value }] = (await a.query(`SELECT value FROM serial_a.counter`)) as [{ value: number }];
    expect(value).toBe(callers.length - failing.size);
    const rows = (await a.query(`SELECT seq, caller, step FROM serial_a.ledger ORDER BY seq`)) as { seq: number; caller: number; step: number }[];
    expect(rows).toHaveLength(2 * (callers.length - failing.size));
    // Each transaction's two rows are adjacent: nobody's statement ran between them.
    for (let i = 0; i < rows.length; i += 2) {
      expect([rows[i]?.caller, rows[i]?.step, rows[i + 1]?.caller, rows[i + 1]?.step]).toEqual([rows[i]?.caller, 1, rows[i]?.caller, 2]);
      expect(failing.has(rows[i]!.caller)).toBe(false);
    }
  });

  it('fails a transaction that waits for a second checkout of its own (instead of hanging), rolls it back, and serves the next caller', async () => {
    const ds = await dataSource('serial_c', { connectTimeoutMs: 300 });
    await ds.query(`CREATE SCHEMA serial_c`);
    await ds.query(`CREATE TABLE serial_c.note (id int PRIMARY KEY)`);
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO serial_c.note VALUES (1)`);
        await ds.query(`SELECT 1`); // outside the transaction: needs the session the transaction holds
      }),
    ).rejects.toBeInstanceOf(PgliteSessionBusyException);
    expect(await ds.query(`SELECT count(*)::int AS n FROM serial_c.note`)).toEqual([{ n: 0 }]);
  });

  it("lets a statement from inside a runner transaction's own context join that transaction instead of waiting for itself; others still queue", async () => {
    const ds = await dataSource('serial_j', { connectTimeoutMs: 300 });
    await ds.query(`CREATE SCHEMA serial_j`);
    await ds.query(`CREATE TABLE serial_j.note (id int PRIMARY KEY)`);
    const runner = new TypeormTransactionRunner(ds, 'serial_j');
    let inserted = (): void => undefined;
    const firstRow = new Promise<void>((resolve) => (inserted = resolve));
    // A caller outside the transaction (started from the test's context, not the transaction's) still waits for the
    // session, and sees the commit.
    const outsider = firstRow.then(() => ds.query(`SELECT count(*)::int AS n FROM serial_j.note`));
    const seenInside = await runner.run(async (tx) => {
      await (tx.handle as unknown as DataSource['manager']).query(`INSERT INTO serial_j.note VALUES (1)`);
      inserted();
      await new Promise((r) => setTimeout(r, 50));
      // A lookup through the data source (as a location directory read) from inside: joins, sees the uncommitted row.
      const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM serial_j.note`)) as [{ n: number }];
      await ds.query(`INSERT INTO serial_j.note VALUES (2)`);
      return n;
    });
    expect({ seenInside, outsider: await outsider }).toEqual({ seenInside: 1, outsider: [{ n: 2 }] });
    // The joined statement is part of the transaction: a runner transaction that fails takes it back too.
    await expect(
      runner.run(async () => {
        await ds.query(`INSERT INTO serial_j.note VALUES (3)`);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await ds.query(`SELECT array_agg(id ORDER BY id) AS ids FROM serial_j.note`)).toEqual([{ ids: [1, 2] }]);
  });

  it('rolls back a transaction its holder released without committing, before the next caller runs', async () => {
    const ds = await dataSource('serial_d');
    await ds.query(`CREATE SCHEMA serial_d`);
    await ds.query(`CREATE TABLE serial_d.note (id int PRIMARY KEY)`);
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`INSERT INTO serial_d.note VALUES (1)`);
    await runner.release();
    expect(await ds.query(`SELECT count(*)::int AS n FROM serial_d.note`)).toEqual([{ n: 0 }]);
    // The session is idle again: a new transaction commits normally.
    await ds.transaction(async (m) => m.query(`INSERT INTO serial_d.note VALUES (2)`));
    expect(await ds.query(`SELECT id FROM serial_d.note`)).toEqual([{ id: 2 }]);
  });

  it('runs migrations under the in-process lock: two runners at once apply each migration once (the second finds nothing)', async () => {
    const migrations = [CreateJob1797920000000, AddJobDue1797920000001];
    const first = await dataSource('jobs', { migrations });
    const second = await dataSource('jobs', { migrations });
    const results = await Promise.all([runMigrations(first, 'jobs'), runMigrations(second, 'jobs')]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 2]);
    expect(await appliedMigrationNames(first, 'jobs')).toEqual(['CreateJob1797920000000', 'AddJobDue1797920000001']);
    expect(await runMigrations(second, 'jobs')).toEqual({ schema: 'jobs', applied: [] });
  });

  it('wakes a subscriber when an insert commits (the trigger NOTIFY through the one session), not before', async () => {
    const ds = await dataSource('jobs');
    const wakeups: DatabaseWakeups = store.createWakeups('it-wakeups', log);
    await wakeups.start();
    try {
      expect(wakeups.isListening).toBe(true);
      const sub = wakeups.subscribe('jobs', 'job');
      const other = wakeups.subscribe('jobs', 'other');
      const runner = ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`INSERT INTO jobs.job (id, note) VALUES (1, 'first')`);
      await expect(sub.wait(200)).resolves.toBe('timeout');
      const woken = sub.wait(30_000);
      await runner.commitTransaction();
      await runner.release();
      await expect(woken).resolves.toBe('notified');
      await expect(other.wait(200)).resolves.toBe('timeout');
      // A rolled-back insert wakes nobody.
      await ds.transaction(async (m) => m.query(`INSERT INTO jobs.job (id, note) VALUES (2, 'gone')`).then(() => Promise.reject(new Error('abort')))).catch(() => undefined);
      await expect(sub.wait(200)).resolves.toBe('timeout');
    } finally {
      await wakeups.stop();
    }
  });

  it('keeps committed data across close and reopen, and refuses a second open of a directory in use', async () => {
    await expect(PgliteRelationalStore.open({ dataDir: join(dir, 'pglite') })).rejects.toThrow(/in use by process/);
    for (const ds of sources.splice(0)) await ds.destroy();
    await store.close();
    store = await PgliteRelationalStore.open({ dataDir: join(dir, 'pglite'), log: watched, longHoldMs: 50 });
    const ds = await dataSource('jobs', { migrations: [CreateJob1797920000000, AddJobDue1797920000001] });
    expect(await ds.query(`SELECT id, note FROM jobs.job ORDER BY id`)).toEqual([{ id: 1, note: 'first' }]);
    expect(await runMigrations(ds, 'jobs')).toEqual({ schema: 'jobs', applied: [] });
    expect(((await ds.query(`SELECT value FROM serial_a.counter`)) as { value: number }[])[0]?.value).toBe(34);
  }, 120_000);

  it('reports a checkout held at least longHoldMs (everybody else waited), with the hold time', async () => {
    const ds = await dataSource('jobs');
    warnings.length = 0;
    await ds.transaction(async (m) => {
      await m.query(`SELECT 1`);
      await new Promise((resolve) => setTimeout(resolve, 120)); // an outside call inside the transaction
    });
    const held = warnings.filter((w) => w.msg.startsWith('embedded database session held long'));
    expect(held.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...held.map((w) => w.heldMs))).toBeGreaterThanOrEqual(120);
  });
});
