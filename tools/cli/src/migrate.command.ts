import { join } from 'node:path';
import { resolveDataDir, selectDeploymentMode } from '@textback/config';
import { openRelationalStore, type RelationalStore, revertMigrations, runMigrations } from '@textback/persistence';
import { type ServiceDefinition } from '@textback/platform';
import { CHDB_DATA_SUBDIR } from '../../../services/reporting/src/analytics/reporting-analytics.config';
import { migrateReportingAnalytics, migrateReportingClickHouse } from '../../../services/reporting/src/analytics/reporting-analytics.migrations';
import { resolveServices } from './service-registry';

/**
 * What one service's migration run did, for the operator's report: `warn` for what an operator should notice (the
 * rollups rebuilt after a process was killed), `info` otherwise (the default).
 */
export type MigrationReport = (line: string, level?: 'info' | 'warn') => void;

/**
 * `textback migrate [service ...|all] [--revert N]`: applies (or reverts the last N) migrations of each service's
 * schema under the relational store's migration lock, through the store port in both modes:
 * - distributed (DATABASE_URL and CLICKHOUSE_URL set): PostgreSQL (advisory lock), reporting's ClickHouse migrations
 *   under the PostgreSQL lock (CLICKHOUSE_* env). The one-off job k8s and the demo run before the services start.
 * - embedded (neither set): PGlite and chDB in TEXTBACK_DATA_DIR (default ./data); refused while a process holds the
 *   directory. The single-process host applies the same migrations itself at start.
 * Exit code 1 on any failure; 78 (through the CLI) when only one of the two addresses is set.
 */
export async function migrateCommand(args: string[], env: Record<string, string | undefined>): Promise<void> {
  selectDeploymentMode('textback migrate', env, ['DATABASE_URL', 'CLICKHOUSE_URL']);
  const revertIdx = args.indexOf('--revert');
  const steps = revertIdx >= 0 ? Number(args[revertIdx + 1] ?? '1') : 0;
  if (revertIdx >= 0 && (!Number.isInteger(steps) || steps < 1)) throw new Error('--revert takes a positive integer');
  const names = args.filter((a, i) => !a.startsWith('--') && (revertIdx < 0 || i !== revertIdx + 1));
  const store = await openRelationalStore({ DATABASE_URL: env.DATABASE_URL, TEXTBACK_DATA_DIR: resolveDataDir(env) });
  try {
    await migrateServices(store, resolveServices(names), steps, env, (line) => console.warn(line));
  } finally {
    await store.close();
  }
}

/**
 * Applies (or, with `steps` > 0, reverts) the migrations of `services` on `store`, one data source per schema (two
 * connections on PostgreSQL), each under the store's migration lock; reporting's analytics migrations follow its
 * schema's: ClickHouse at CLICKHOUSE_URL (under the PostgreSQL lock), else chDB in `<TEXTBACK_DATA_DIR>/chdb`.
 * @throws the first migration's error (later services are left as they were).
 */
export async function migrateServices(
  store: RelationalStore,
  services: readonly ServiceDefinition[],
  steps: number,
  env: Record<string, string | undefined>,
  report: MigrationReport,
): Promise<void> {
  for (const service of services) {
    const ds = store.createDataSource({ schema: service.schema, applicationName: `migrate:${service.name}`, migrations: service.migrations, entities: service.entities ?? [], poolSize: 2 });
    await ds.initialize();
    try {
      const result = steps > 0 ? await revertMigrations(ds, service.schema, steps) : await runMigrations(ds, service.schema);
      const verb = steps > 0 ? 'reverted' : 'applied';
      report(`${service.name} (${service.schema}): ${result.applied.length === 0 ? `nothing ${verb === 'applied' ? 'to apply' : 'to revert'}` : `${verb} ${result.applied.join(', ')}`}`);
      if (service.name === 'reporting' && steps === 0) {
        // The rebuild (after the migrations) is reported after the migrations' line, in the order it ran.
        const later: Array<[string, 'info' | 'warn' | undefined]> = [];
        const applied = env.CLICKHOUSE_URL ? await migrateReportingClickHouse(env) : await migrateReportingChdb(env, (line, level) => later.push([line, level]));
        report(`reporting (${env.CLICKHOUSE_URL ? 'ClickHouse' : 'chDB'}): ${applied.length === 0 ? 'nothing to apply' : `applied ${applied.join(', ')}`}`);
        for (const [line, level] of later) report(line, level);
      }
    } finally {
      await ds.destroy();
    }
  }
}

/**
 * reporting's analytics migrations on the embedded engine (chDB in `<TEXTBACK_DATA_DIR>/chdb`, CLICKHOUSE_DATABASE);
 * after a process was killed with the store open, also the rollups' rebuild from `events`, reported as one line.
 */
function migrateReportingChdb(env: Record<string, string | undefined>, report: MigrationReport): Promise<number[]> {
  const database = env.CLICKHOUSE_DATABASE || 'textback';
  return migrateReportingAnalytics({ database, dataDir: join(resolveDataDir(env), CHDB_DATA_SUBDIR) }, (r) =>
    report(`reporting (chDB): the last process stopped without closing the analytics store; rebuilt ${r.targets.join(', ')} from ${r.sourceRows} ${r.source} rows in ${r.durationMs} ms`, 'warn'),
  );
}
