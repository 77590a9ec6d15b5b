import { CountedPgClient, createServiceDataSource, quoteSchema } from '@textback/persistence';
import { loadStackEnv, uniqueSchemaName } from '@textback/testing';
import { type DataSource } from 'typeorm';

const stack = loadStackEnv();
const schema = uniqueSchemaName('beginfold');
const table = `${quoteSchema(schema)}.fold_probe`;

/**
 * `BeginFoldingPgClient` (the pooled client of every TypeORM data source): a transaction's `START TRANSACTION` travels
 * with its first statement, and the transaction behaves as if they had been sent apart.
 */
describe('START TRANSACTION folded into the first statement (real PostgreSQL)', () => {
  let ds: DataSource;
  const baseQuery = CountedPgClient.prototype.query;
  let sent: unknown[] = [];

  beforeAll(async () => {
    ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-beginfold', migrations: [] }).initialize();
    await ds.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)}`);
    await ds.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text)`);
    CountedPgClient.prototype.query = function recordingQuery(this: CountedPgClient, ...args: unknown[]): unknown {
      sent.push(args[0]);
      return (baseQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof baseQuery;
  });

  afterAll(async () => {
    CountedPgClient.prototype.query = baseQuery;
    await ds?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds?.destroy();
  });

  beforeEach(() => {
    sent = [];
  });

  const textOf = (q: unknown): string => (typeof q === 'string' ? q : String((q as { text?: unknown }).text));

  it('sends no START TRANSACTION of its own, returns the first statement’s rows, and commits both writes together', async () => {
    const rows = await ds.transaction(async (m) => {
      const inserted = (await m.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2) RETURNING id, note`, [1, 'a'])) as { id: number; note: string }[];
      await m.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [2, 'b']);
      return inserted;
    });
    expect(rows).toEqual([{ id: 1, note: 'a' }]);
    expect(sent.map(textOf).filter((t) => /^START TRANSACTION$/i.test(t))).toEqual([]);
    expect((sent[0] as { beginsTransaction?: boolean }).beginsTransaction).toBe(true);
    expect(sent.map(textOf).slice(1)).toEqual([expect.stringContaining('VALUES ($1, $2)'), 'COMMIT']);
    expect(await ds.query(`SELECT id, note FROM ${table} ORDER BY id`)).toEqual([
      { id: 1, note: 'a' },
      { id: 2, note: 'b' },
    ]);
  });

  it('runs the first statement inside the transaction: a rollback undoes it (parameterised and plain text)', async () => {
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [10, 'rolled back']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO ${table} (id, note) VALUES (11, 'rolled back')`);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await ds.query(`SELECT id FROM ${table} WHERE id IN (10, 11)`)).toEqual([]);
  });

  it('answers a plain first statement with its own rows, also when it is several statements', async () => {
    const one = await ds.transaction((m) => m.query(`SELECT 41 + 1 AS answer`));
    expect(one).toEqual([{ answer: 42 }]);
    const alone: unknown = await ds.query(`SELECT 1 AS a; SELECT 2 AS b`);
    const first: unknown = await ds.transaction((m) => m.query(`SELECT 1 AS a; SELECT 2 AS b`));
    expect(first).toEqual(alone);
  });

  it('fails the first statement like any other, and the connection goes on: the next transaction commits', async () => {
    await expect(ds.transaction((m) => m.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [1, 'duplicate']))).rejects.toThrow(/duplicate key/);
    await ds.transaction((m) => m.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [20, 'after']));
    expect(await ds.query(`SELECT note FROM ${table} WHERE id = 20`)).toEqual([{ note: 'after' }]);
  });

  it('sends nothing for a transaction without statements', async () => {
    await ds.transaction(async () => undefined);
    await expect(ds.transaction(async () => Promise.reject(new Error('nothing done')))).rejects.toThrow('nothing done');
    expect(sent).toEqual([]);
  });

  it('holds the lock of the first statement until the commit (the statement is in the transaction)', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const tx = ds.transaction(async (m) => {
      await m.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [20]);
      locked();
      await held;
    });
    await lockTaken;
    const other = (await ds.query(`SELECT id FROM ${table} WHERE id = 20 FOR UPDATE SKIP LOCKED`)) as unknown[];
    release();
    await tx;
    expect(other).toEqual([]);
    expect(await ds.query(`SELECT id FROM ${table} WHERE id = 20 FOR UPDATE SKIP LOCKED`)).toEqual([{ id: 20 }]);
  });
});
