import { type DataSource } from 'typeorm';
import { type MigrationLock } from '../../port/relational-store.port';

/**
 * The PostgreSQL {@link MigrationLock}: a session-level advisory lock (`pg_advisory_lock(hashtext('textback:migrate:<schema>'))`)
 * on a connection of its own, so replicas and parallel jobs on any host never migrate one schema at once. Needs a second
 * connection while `work` runs (the data source's pool has several); the embedded store uses an in-process lock instead.
 */
export class AdvisoryMigrationLock implements MigrationLock {
  async withLock<T>(dataSource: DataSource, schema: string, work: () => Promise<T>): Promise<T> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`textback:migrate:${schema}`]);
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`textback:migrate:${schema}`]);
      }
    } finally {
      await runner.release();
    }
  }
}
