import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAnalyticsMigrations } from './analytics-migration';

describe(loadAnalyticsMigrations.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'analytics-migrations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads NNN_name.sql in version order, splits statements at a line-ending semicolon and drops comments', () => {
    writeFileSync(join(dir, '002_second.sql'), "-- a comment;\nCREATE TABLE b (x String DEFAULT 'a;b') ENGINE = Memory;\nALTER TABLE b ADD COLUMN y UInt8;\n");
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE a (x UInt8) ENGINE = Memory\n');
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    expect(loadAnalyticsMigrations(dir)).toEqual([
      { version: 1, name: 'first', statements: ['CREATE TABLE a (x UInt8) ENGINE = Memory'] },
      { version: 2, name: 'second', statements: ["CREATE TABLE b (x String DEFAULT 'a;b') ENGINE = Memory", 'ALTER TABLE b ADD COLUMN y UInt8'] },
    ]);
  });

  it('refuses a duplicate version and a file name without a numeric prefix', () => {
    writeFileSync(join(dir, '002_again.sql'), 'SELECT 1');
    expect(() => loadAnalyticsMigrations(dir)).toThrow(/duplicate analytics migration version 2/);
    rmSync(join(dir, '002_again.sql'));
    writeFileSync(join(dir, 'x_bad.sql'), 'SELECT 1');
    expect(() => loadAnalyticsMigrations(dir)).toThrow(/bad analytics migration file name/);
  });
});
