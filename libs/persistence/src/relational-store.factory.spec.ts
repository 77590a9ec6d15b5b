import { join } from 'node:path';
import { PostgresRelationalStore } from './adapters/postgres/postgres-relational-store';
import { openRelationalStore, pgliteDataDir } from './relational-store.factory';

describe(openRelationalStore.name, () => {
  it('chooses PostgreSQL when DATABASE_URL is set, whatever TEXTBACK_DATA_DIR says, and opens nothing yet', async () => {
    const store = await openRelationalStore({ DATABASE_URL: 'postgres://textback:s3cret@db.internal:5432/textback', TEXTBACK_DATA_DIR: '/var/lib/textback' });
    expect(store).toBeInstanceOf(PostgresRelationalStore);
    expect(store.kind).toBe('postgres');
    expect(store.location).toBe('postgres://textback:***@db.internal:5432/textback');
    await store.close();
  });

  it('keeps PGlite\'s files in <TEXTBACK_DATA_DIR>/pglite, ./data/pglite when unset or empty', () => {
    expect(pgliteDataDir({ TEXTBACK_DATA_DIR: '/var/lib/textback' })).toBe(join('/var/lib/textback', 'pglite'));
    expect(pgliteDataDir({})).toBe(join('data', 'pglite'));
    expect(pgliteDataDir({ TEXTBACK_DATA_DIR: '' })).toBe(join('data', 'pglite'));
  });
});
