import { createRootLogger, RoundTripMeter } from '@textback/observability';
import { addWakeupTrigger, CountedPgClient, createServiceDataSource, DatabaseWakeups, dropWakeupTrigger, quoteSchema } from '@textback/persistence';
import { loadStackEnv, uniqueSchemaName } from '@textback/testing';
import { type DataSource } from 'typeorm';

const stack = loadStackEnv();
const schema = uniqueSchemaName('wakeups');
const s = quoteSchema(schema);

describe(`${DatabaseWakeups.name} (real PostgreSQL)`, () => {
  let ds: DataSource;
  let wakeups: DatabaseWakeups;

  beforeAll(async () => {
    ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-wakeups' }).initialize();
    await ds.query(`CREATE SCHEMA ${s}`);
    await ds.query(`CREATE TABLE ${s}.job (id int PRIMARY KEY)`);
    const runner = ds.createQueryRunner();
    await addWakeupTrigger(runner, schema, 'job', 'job');
    await runner.release();
    wakeups = new DatabaseWakeups({ databaseUrl: stack.DATABASE_URL, applicationName: 'it-wakeups:listen' }, createRootLogger('it', 'warn'));
    await wakeups.start();
  });

  afterAll(async () => {
    await wakeups?.stop();
    await ds?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await ds?.destroy();
  });

  it('wakes a sleeping worker when another connection commits an insert, and not before the commit', async () => {
    expect(wakeups.isListening).toBe(true);
    const sub = wakeups.subscribe(schema, 'job');
    const other = new CountedPgClient({ connectionString: stack.DATABASE_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`INSERT INTO ${s}.job (id) VALUES (1), (2), (3)`);
      // Uncommitted: nothing is delivered yet.
      await expect(sub.wait(300)).resolves.toBe('timeout');
      const woken = sub.wait(30_000);
      await other.query('COMMIT');
      await expect(woken).resolves.toBe('notified');
      // One statement, one notification: nothing more is pending.
      await expect(sub.wait(300)).resolves.toBe('timeout');
    } finally {
      await other.end();
      sub.close();
    }
  });

  it('does not wake subscribers of other queues, or of the same queue in another schema', async () => {
    const otherQueue = wakeups.subscribe(schema, 'timer');
    const otherSchema = wakeups.subscribe(`${schema}_x`, 'job');
    const mine = wakeups.subscribe(schema, 'job');
    const woken = mine.wait(30_000);
    await ds.query(`INSERT INTO ${s}.job (id) VALUES (4)`);
    await expect(woken).resolves.toBe('notified');
    await expect(otherQueue.wait(300)).resolves.toBe('timeout');
    await expect(otherSchema.wait(10)).resolves.toBe('timeout');
    for (const sub of [otherQueue, otherSchema, mine]) sub.close();
  });

  it('counts every statement of TypeORM data sources and counted clients', async () => {
    const before = (await RoundTripMeter.get().pgStatements.get()).values[0]?.value ?? 0;
    await ds.query('SELECT 1');
    await ds.transaction(async (m) => {
      await m.query('SELECT 2');
    });
    const after = (await RoundTripMeter.get().pgStatements.get()).values[0]?.value ?? 0;
    // SELECT 1; START TRANSACTION, SELECT 2, COMMIT.
    expect(after - before).toBe(4);
  });

  it('removes the trigger on down: inserts then wake nobody', async () => {
    const runner = ds.createQueryRunner();
    await dropWakeupTrigger(runner, schema, 'job', 'job');
    await runner.release();
    const sub = wakeups.subscribe(schema, 'job');
    await ds.query(`INSERT INTO ${s}.job (id) VALUES (5)`);
    await expect(sub.wait(500)).resolves.toBe('timeout');
    sub.close();
  });
});
