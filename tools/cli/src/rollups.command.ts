import { join, resolve } from 'node:path';
import { type AnalyticsStore, ClickHouseAnalyticsStore, createAnalyticsStore, type MaterializedViewRebuild, rebuildMaterializedViews } from '@textback/analytics';
import { resolveDataDir, selectDeploymentMode } from '@textback/config';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { CHDB_DATA_SUBDIR } from '../../../services/reporting/src/analytics/reporting-analytics.config';
import { REPORTING_EVENTS_TABLE } from '../../../services/reporting/src/analytics/reporting-analytics.migrations';
import { loadReportingMigrateEnv } from '../../../services/reporting/src/config/reporting.env';
import { reportingService } from '../../../services/reporting/src/reporting.definition';
import { openExistingRelationalStore } from './cli-relational-store';
import { CliUsageError } from './cli-usage.error';

export const ROLLUPS_USAGE = `usage: textback rollups rebuild [--data-dir DIR]
Recomputes reporting's rollups (measures_daily, reasons_daily, leads_daily, first_text_stories) from its raw events.
distributed mode: env CLICKHOUSE_URL (CLICKHOUSE_DATABASE, _USER, _PASSWORD) and KAFKA_BROKERS; refused while
  reporting's consumer group has members (scale reporting to 0 first: an event stored during the rebuild could be
  counted twice or not at all).
embedded mode (--data-dir DIR, or TEXTBACK_DATA_DIR, default ./data): refused while the single process runs; the
  process also does this by itself at its first start after it was killed.`;

/** The rebuild was refused: something may still insert events. */
export class RollupsRebuildRefusedException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollupsRebuildRefusedException';
  }
}

/**
 * `textback rollups rebuild`: recomputes every table a materialized view fills from reporting's `events`
 * (`rebuildMaterializedViews`), for an operator after a ClickHouse server crash or a restore of an inconsistent copy.
 * Distributed mode: the ClickHouse database of CLICKHOUSE_* (as `textback migrate` reads it), only when reporting's
 * Kafka consumer group (`reporting`) has no members. Embedded mode: chDB in `<data dir>/chdb`, with the data
 * directory's PGlite lock held (refused while the single process runs); clears the store's stale-views flag.
 * @returns the rebuild (targets, source rows).
 * @throws CliUsageError for bad arguments; RollupsRebuildRefusedException while reporting consumes; the store's
 *   error otherwise (the targets may then be partly filled: run it again).
 */
export async function rollupsCommand(args: string[], env: Record<string, string | undefined>): Promise<MaterializedViewRebuild> {
  const [sub, ...rest] = args;
  if (sub !== 'rebuild') throw new CliUsageError(`unknown rollups subcommand "${sub ?? ''}"\n${ROLLUPS_USAGE}`);
  const d = rest.indexOf('--data-dir');
  const dataDirArg = d >= 0 ? rest[d + 1] : undefined;
  if (d >= 0 && (!dataDirArg || dataDirArg.startsWith('--'))) throw new CliUsageError(`--data-dir needs a directory\n${ROLLUPS_USAGE}`);
  const unknown = rest.filter((a, i) => !(i === d || i === d + 1));
  if (unknown.length > 0) throw new CliUsageError(`unknown argument ${unknown[0]}\n${ROLLUPS_USAGE}`);

  if (!dataDirArg && selectDeploymentMode('textback rollups', env) === 'distributed') {
    if (!env.KAFKA_BROKERS) throw new CliUsageError(`KAFKA_BROKERS is needed to check that reporting is not consuming\n${ROLLUPS_USAGE}`);
    await refuseWhileReportingConsumes(env.KAFKA_BROKERS.split(','));
    const ch = loadReportingMigrateEnv(env);
    return rebuildOn(new ClickHouseAnalyticsStore({ url: ch.CLICKHOUSE_URL, database: ch.CLICKHOUSE_DATABASE, username: ch.CLICKHOUSE_USER, password: ch.CLICKHOUSE_PASSWORD }));
  }
  const dataDir = dataDirArg ? resolve(dataDirArg) : resolveDataDir(env);
  // Holding the PGlite store is holding the data directory: refused while the single process runs.
  const relational = await openExistingRelationalStore({ dataDir });
  try {
    return await rebuildOn(await createAnalyticsStore({ database: env.CLICKHOUSE_DATABASE || 'textback', dataDir: join(dataDir, CHDB_DATA_SUBDIR) }));
  } finally {
    await relational.close();
  }
}

async function rebuildOn(store: AnalyticsStore): Promise<MaterializedViewRebuild> {
  try {
    const rebuild = await rebuildMaterializedViews(store, REPORTING_EVENTS_TABLE);
    await store.markViewsRebuilt();
    return rebuild;
  } finally {
    await store.close();
  }
}

/** @throws RollupsRebuildRefusedException when reporting's consumer group has members (a reporting pod is consuming). */
async function refuseWhileReportingConsumes(brokers: string[]): Promise<void> {
  const admin = createKafkaClient({ clientId: 'textback-cli-rollups', brokers }, createRootLogger('textback-cli', 'warn')).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([reportingService.name]);
    const members = groups.find((g) => g.groupId === reportingService.name)?.members.length ?? 0;
    if (members > 0) throw new RollupsRebuildRefusedException(`reporting's consumer group "${reportingService.name}" has ${members} member(s): scale reporting to 0 (kubectl scale deployment/reporting --replicas=0), then run this again`);
  } finally {
    await admin.disconnect();
  }
}
