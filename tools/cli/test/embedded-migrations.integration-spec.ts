import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appliedMigrationNames, PgliteRelationalStore, revertMigrations, runMigrations } from '@textback/persistence';
import { type DataSource } from 'typeorm';
import { SERVICES } from '../src/service-registry';

/** Class names of a definition's migrations, in order (TypeORM records `name`, which every migration sets to its class name). */
const migrationNames = (migrations: readonly unknown[]) => migrations.map((m) => (m as { name: string }).name);

describe('every service migrates on one PGlite data directory (embedded relational store)', () => {
  let dir: string;
  let store: PgliteRelationalStore;
  const sources = new Map<string, DataSource>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'textback-pglite-migrate-'));
    const started = Date.now();
    store = await PgliteRelationalStore.open({ dataDir: join(dir, 'pglite') });
    const opened = Date.now();
    for (const service of SERVICES) {
      const ds = await store.createDataSource({ schema: service.schema, applicationName: `migrate:${service.name}`, migrations: service.migrations, entities: service.entities ?? [] }).initialize();
      sources.set(service.name, ds);
      await runMigrations(ds, service.schema);
    }
    console.log(`fresh data directory: open (initdb) ${opened - started} ms, ${SERVICES.length} services' migrations ${Date.now() - opened} ms`);
  }, 600_000);

  afterAll(async () => {
    for (const ds of sources.values()) await ds.destroy();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))('%s: every migration applied, in order, in its own schema', async (name, service) => {
    const ds = sources.get(name)!;
    expect(await appliedMigrationNames(ds, service.schema)).toEqual(migrationNames(service.migrations));
    const tables = (await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [service.schema])) as [{ n: number }];
    expect(tables[0].n).toBeGreaterThan(1);
  });

  it('has btree_gist, and scheduling\'s exclusion constraints that need it', async () => {
    const ds = sources.get('scheduling')!;
    expect(await ds.query(`SELECT extname FROM pg_extension WHERE extname = 'btree_gist'`)).toEqual([{ extname: 'btree_gist' }]);
    const constraints = (await ds.query(
      `SELECT count(*)::int AS n FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'scheduling' AND c.contype = 'x'`,
    )) as [{ n: number }];
    expect(constraints[0].n).toBeGreaterThan(0);
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))('%s: the last migration reverts and applies again', async (name, service) => {
    const ds = sources.get(name)!;
    const last = migrationNames(service.migrations).at(-1);
    expect(await revertMigrations(ds, service.schema, 1)).toEqual({ schema: service.schema, applied: [last] });
    expect(await runMigrations(ds, service.schema)).toEqual({ schema: service.schema, applied: [last] });
    expect(await runMigrations(ds, service.schema)).toEqual({ schema: service.schema, applied: [] });
  });
});
