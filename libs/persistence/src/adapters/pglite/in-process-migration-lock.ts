import { Mutex } from 'async-mutex';
import { type DataSource } from 'typeorm';
import { type MigrationLock } from '../../port/relational-store.port';

/**
 * The embedded store's {@link MigrationLock}: one in-process mutex per schema. Enough because only this process opens
 * the data directory ({@link PgliteRelationalStore} locks it), and needed because a PostgreSQL advisory lock is
 * re-entrant within PGlite's one session (every caller would get it) and would hold the session that the migrations
 * themselves need.
 */
export class InProcessMigrationLock implements MigrationLock {
  private readonly locks = new Map<string, Mutex>();

  withLock<T>(_dataSource: DataSource, schema: string, work: () => Promise<T>): Promise<T> {
    let lock = this.locks.get(schema);
    if (!lock) this.locks.set(schema, (lock = new Mutex()));
    return lock.runExclusive(work);
  }
}
