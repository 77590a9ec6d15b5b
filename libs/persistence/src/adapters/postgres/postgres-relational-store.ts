import { type Logger } from 'pino';
import { type DataSource } from 'typeorm';
import { DatabaseWakeups } from '../../database-wakeups';
import { type RelationalStore, type ServiceDataSourceSettings } from '../../port/relational-store.port';
import { AdvisoryMigrationLock } from './advisory-migration-lock';
import { createServiceDataSource } from './data-source.factory';

/**
 * The PostgreSQL {@link RelationalStore} (distributed mode): today's code behind the port. Data sources are pooled `pg`
 * connections to `url` ({@link createServiceDataSource}), the migration lock is a PostgreSQL advisory lock
 * ({@link AdvisoryMigrationLock}), wake-ups LISTEN on a connection of their own. Nothing to close.
 */
export class PostgresRelationalStore implements RelationalStore {
  readonly kind = 'postgres' as const;
  readonly migrationLock = new AdvisoryMigrationLock();
  /** Listeners LISTEN on a connection of their own here. */
  readonly notifications = null;

  /** @param url postgres:// URL of the server (DATABASE_URL). */
  constructor(private readonly url: string) {}

  get location(): string {
    return this.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }

  createDataSource(settings: ServiceDataSourceSettings): DataSource {
    return createServiceDataSource({ ...settings, url: this.url });
  }

  createWakeups(applicationName: string, log: Logger): DatabaseWakeups {
    return new DatabaseWakeups({ databaseUrl: this.url, applicationName }, log);
  }

  async close(): Promise<void> {}
}
