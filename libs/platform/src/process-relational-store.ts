import { PostgresRelationalStore, type RelationalStore } from '@textback/persistence';

/** The relational store installed for this whole process (the embedded mode's one PGlite database), if any. */
let installed: RelationalStore | null = null;
/** The schemas of every service the process runs (the in-process bus reads their outbox tables). */
let serviceSchemas: readonly string[] = [];

/**
 * Installs `store` as the relational store of every service this process runs without a DATABASE_URL: the
 * single-process host opens one PGlite store on the data directory and hands it to all seven services here, before
 * their modules are created, with their `schemas` (whose outbox tables the in-process bus reads). Pass `null` to
 * uninstall (after closing it).
 */
export function installProcessRelationalStore(store: RelationalStore | null, schemas: readonly string[] = []): void {
  installed = store;
  serviceSchemas = store ? [...schemas] : [];
}

/** The schemas of the services of this process, as installed with its store (empty in the distributed mode). */
export function processServiceSchemas(): readonly string[] {
  return serviceSchemas;
}

/** Thrown when a service runs in the embedded mode outside the process that opened the embedded store. */
export class EmbeddedStoreMissingException extends Error {
  constructor(service: string) {
    super(
      `${service}: no DATABASE_URL and no embedded store in this process. The embedded mode runs every service in one ` +
        'process on a data directory (`npm start`); the distributed mode needs DATABASE_URL and KAFKA_BROKERS (and CLICKHOUSE_URL for reporting).',
    );
    this.name = 'EmbeddedStoreMissingException';
  }
}

/**
 * The relational store of one service of this process: PostgreSQL at `DATABASE_URL` when set (distributed mode: a
 * store object per service, holding nothing, so each data source keeps the pool of its own it always had), else the
 * process's installed store ({@link installProcessRelationalStore}).
 * @throws EmbeddedStoreMissingException with neither.
 */
export function processRelationalStore(service: string, env: { DATABASE_URL?: string | undefined }): RelationalStore {
  if (env.DATABASE_URL) return new PostgresRelationalStore(env.DATABASE_URL);
  if (installed) return installed;
  throw new EmbeddedStoreMissingException(service);
}
