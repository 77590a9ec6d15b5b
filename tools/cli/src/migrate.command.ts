import { createServiceDataSource, revertMigrations, runMigrations } from '@textback/persistence';
import { migrateReportingClickHouse } from '../../../services/reporting/src/analytics/reporting-analytics.migrations';
import { resolveServices } from './service-registry';

/**
 * `textback migrate [service ...|all] [--revert N]`: applies (or reverts the last N)
 * migrations of each service's schema under an advisory lock. The one-off job that k8s and
 * the demo run before the services start; services never migrate on boot.
 * reporting also applies its ClickHouse migrations (CLICKHOUSE_* env, PostgreSQL advisory lock).
 * Reads DATABASE_URL. Exit code 1 on any failure.
 */
export async function migrateCommand(args: string[], env: Record<string, string | undefined>): Promise<void> {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:5432/textback)');
  const revertIdx = args.indexOf('--revert');
  const steps = revertIdx >= 0 ? Number(args[revertIdx + 1] ?? '1') : 0;
  if (revertIdx >= 0 && (!Number.isInteger(steps) || steps < 1)) throw new Error('--revert takes a positive integer');
  const names = args.filter((a, i) => !a.startsWith('--') && (revertIdx < 0 || i !== revertIdx + 1));
  for (const service of resolveServices(names)) {
    const ds = createServiceDataSource({ url, schema: service.schema, applicationName: `migrate:${service.name}`, migrations: service.migrations, entities: service.entities ?? [], poolSize: 2 });
    await ds.initialize();
    try {
      const result = steps > 0 ? await revertMigrations(ds, service.schema, steps) : await runMigrations(ds, service.schema);
      const verb = steps > 0 ? 'reverted' : 'applied';
      console.warn(`${service.name} (${service.schema}): ${result.applied.length === 0 ? `nothing ${verb === 'applied' ? 'to apply' : 'to revert'}` : `${verb} ${result.applied.join(', ')}`}`);
      if (service.name === 'reporting' && steps === 0) {
        const applied = await migrateReportingClickHouse(env);
        console.warn(`reporting (ClickHouse): ${applied.length === 0 ? 'nothing to apply' : `applied ${applied.join(', ')}`}`);
      }
    } finally {
      await ds.destroy();
    }
  }
}
