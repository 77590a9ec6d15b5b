import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type AnalyticsStore, ClickHouseAnalyticsStore, createAnalyticsStore, type MaterializedViewRebuild, sql } from '@textback/analytics';
import { resolveDataDir, selectDeploymentMode } from '@textback/config';
import { createKafkaClient } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { CHDB_DATA_SUBDIR } from '../../../services/reporting/src/analytics/reporting-analytics.config';
import { rebuildReportingRollups, REPORTING_EVENTS_TABLE } from '../../../services/reporting/src/analytics/reporting-analytics.migrations';
import { loadReportingMigrateEnv } from '../../../services/reporting/src/config/reporting.env';
import { reportingService } from '../../../services/reporting/src/reporting.definition';
import { openExistingRelationalStore } from './cli-relational-store';
import { CliUsageError } from './cli-usage.error';

export const ROLLUPS_USAGE = `usage: textback rollups rebuild [--data-dir DIR]
Recomputes reporting's rollups (measures_daily, reasons_daily, leads_daily, first_text_stories) from its raw events.
distributed mode: env DATABASE_URL, KAFKA_BROKERS and CLICKHOUSE_URL (CLICKHOUSE_DATABASE, _USER, _PASSWORD), as for
  \`textback migrate\`; refused while reporting's consumer group has members (scale reporting to 0 first: an event
  stored during the rebuild could be counted twice or not at all).
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
/** What `textback rollups …` was asked: help, or a rebuild (of the data directory named, when one was). */
export type RollupsArgs = { help: true } | { help: false; dataDir?: string };

/**
 * Parses `textback rollups` arguments: `rebuild [--data-dir DIR | --data-dir=DIR]`, or `--help`/`-h` anywhere.
 * @throws CliUsageError naming the first argument it does not know, a missing subcommand or a `--data-dir` without a
 *   directory.
 */
export function parseRollupsArgs(args: readonly string[]): RollupsArgs {
  if (args.some((a) => a === '--help' || a === '-h')) return { help: true };
  const [sub, ...rest] = args;
  if (sub !== 'rebuild') throw new CliUsageError(`unknown rollups subcommand "${sub ?? ''}"\n${ROLLUPS_USAGE}`);
  let dataDir: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const inline = arg.startsWith('--data-dir=') ? arg.slice('--data-dir='.length) : undefined;
    if (arg !== '--data-dir' && inline === undefined) throw new CliUsageError(`unknown argument ${arg}\n${ROLLUPS_USAGE}`);
    if (dataDir !== undefined) throw new CliUsageError(`--data-dir given twice\n${ROLLUPS_USAGE}`);
    const value = inline ?? rest[++i];
    if (!value || value.startsWith('--')) throw new CliUsageError(`--data-dir needs a directory\n${ROLLUPS_USAGE}`);
    dataDir = value;
  }
  return dataDir === undefined ? { help: false } : { help: false, dataDir };
}

/**
 * `textback rollups rebuild`: recomputes every table a materialized view fills from reporting's `events`
 * (`rebuildMaterializedViews`), for an operator after a ClickHouse server crash or a restore of an inconsistent copy.
 * Distributed mode: the ClickHouse database of CLICKHOUSE_* (as `textback migrate` reads it), only when reporting's
 * Kafka consumer group (`reporting`) has no members. Embedded mode: chDB in `<data dir>/chdb`, with the data
 * directory's PGlite lock held (refused while the single process runs); clears the store's stale-views flag.
 * `--help` is the caller's to print ({@link parseRollupsArgs}).
 * @returns the rebuild (targets, source rows, milliseconds).
 * @throws CliUsageError for bad arguments or a store without reporting's tables (run `textback migrate all`);
 *   RollupsRebuildRefusedException while reporting consumes; the store's error otherwise (the targets may then be
 *   partly filled: run it again).
 */
export async function rollupsCommand(args: string[], env: Record<string, string | undefined>): Promise<MaterializedViewRebuild> {
  const parsed = parseRollupsArgs(args);
  if (parsed.help) throw new CliUsageError(ROLLUPS_USAGE);
  const dataDirArg = parsed.dataDir;
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
    const chdbDir = join(dataDir, CHDB_DATA_SUBDIR);
    if (!existsSync(chdbDir)) throw new CliUsageError(`${dataDir} has no analytics store (${CHDB_DATA_SUBDIR}/): nothing to rebuild; \`textback migrate all\` creates it`);
    return await rebuildOn(await createAnalyticsStore({ database: env.CLICKHOUSE_DATABASE || 'textback', dataDir: chdbDir }));
  } finally {
    await relational.close();
  }
}

async function rebuildOn(store: AnalyticsStore): Promise<MaterializedViewRebuild> {
  try {
    const [events] = await store.query<{ n: string | number }>(sql`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${REPORTING_EVENTS_TABLE}`);
    if (Number(events?.n ?? 0) === 0) throw new CliUsageError(`the analytics store has no ${REPORTING_EVENTS_TABLE} table: nothing to rebuild; \`textback migrate all\` (or \`migrate reporting\`) creates reporting's tables`);
    return await rebuildReportingRollups(store);
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
