import { ConfigValidationException } from '@textback/config';
import { backupCommand, restoreCommand } from './backup.command';
import { CliUsageError } from './cli-usage.error';
import { deadLettersCommand } from './dead-letters.command';
import { migrateCommand } from './migrate.command';
import { parseRollupsArgs, ROLLUPS_USAGE, rollupsCommand } from './rollups.command';
import { shopExportCommand } from './shop-transfer/shop-export.command';
import { shopImportCommand } from './shop-transfer/shop-import.command';
import { ssoCommand } from './sso.command';
import { tenantsCommand } from './tenants-apply.command';
import { usersCommand } from './users.command';
import { webhooksCommand } from './webhooks-replay.command';

const USAGE = `usage: textback <command>
  migrate [service ...|all] [--revert N]   apply (or revert N) migrations; env DATABASE_URL and CLICKHOUSE_URL,
                                           or neither: the embedded stores in TEXTBACK_DATA_DIR (default ./data)
  backup [--data-dir DIR] <file.tar.gz>    copy the embedded data directory (refused while the process runs)
  restore [--data-dir DIR] <file.tar.gz>   replace it with a backup (the old one is moved aside, not deleted)
  export [--data-dir DIR] --out FILE       write the embedded data (all schemas, analytics) for the distributed mode
                                           (refused while the process runs)
  import --in FILE [--force]               load an export into PostgreSQL/ClickHouse after migrating them; env DATABASE_URL,
                                           KAFKA_BROKERS, CLICKHOUSE_URL; refused over existing data unless --force
  tenants apply -f <file> [--dry-run]      create/update a tenant from a franchise YAML; env DATABASE_URL or TEXTBACK_DATA_DIR
  dead-letters list [--service S] [--data-dir DIR]  list dead letters; env DATABASE_URL and KAFKA_BROKERS, or the
                                           embedded data directory (--data-dir or TEXTBACK_DATA_DIR; process stopped)
  dead-letters replay --service S (--id ID|--all) [--data-dir DIR]   replay them (Kafka: re-publish; rows: pending
                                           again; the in-process bus's: applied at the single process's next start)
  webhooks replay --service messaging|telephony-ingest [--since 7d|ISO] [--wait 120]
                                           re-apply kept carrier webhooks (rejected, failed, dead) after a fix
  webhooks purge --service S --older-than-days N   delete raw webhooks older than N days; env DATABASE_URL
  users create|invite|reset ...            console accounts (textback users --help); env DATABASE_URL or TEXTBACK_DATA_DIR
  sso set|show|remove --tenant T ...       a tenant's own OpenID Connect provider for the console (textback sso --help);
                                           env DATABASE_URL, or --data-dir DIR / TEXTBACK_DATA_DIR (process stopped)
  rollups rebuild [--data-dir DIR]         recompute reporting's rollups from its raw events (textback rollups --help);
                                           env CLICKHOUSE_URL and KAFKA_BROKERS with reporting scaled to 0, or the
                                           embedded data directory (process stopped)`;

/**
 * Runs one `textback` command line (`argv`: the words after `textback`) with `env` as its environment. The operator CLI
 * (textback.ts) runs one per process; a caller with several commands for the embedded store, which admits one process
 * at a time (the demo: migrate, tenants apply, users create), runs them one after the other in one process here.
 * @returns the exit code: 0, or 2 for a usage error the command printed.
 * @throws what the command throws; {@link cliExitCode} gives its exit code.
 */
export async function runTextback(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      await migrateCommand(rest, env);
      return 0;
    case 'backup':
      console.warn(await backupCommand(rest, env));
      return 0;
    case 'restore':
      console.warn(await restoreCommand(rest, env));
      return 0;
    case 'export': {
      const startedAt = Date.now();
      const r = await shopExportCommand(rest, env);
      const pending = Object.values(r.outbox).reduce((n, o) => n + o.pending, 0);
      console.warn(`exported ${r.relationalRows} rows of ${Object.keys(r.tables).filter((t) => !t.startsWith('analytics.')).length} tables and ${r.analyticsRows} analytics rows to ${r.file} in ${Date.now() - startedAt} ms; ${pending} outbox rows left for the distributed relays`);
      return 0;
    }
    case 'import': {
      const startedAt = Date.now();
      const r = await shopImportCommand(rest, env, (line) => console.warn(line));
      const pending = Object.values(r.pendingOutbox).reduce((n, p) => n + p, 0);
      console.warn(`imported ${r.relationalRows} rows and ${r.analyticsRows} analytics rows in ${Date.now() - startedAt} ms; the services' relays will publish ${pending} pending outbox rows when they start`);
      return 0;
    }
    case 'tenants':
      return tenantsCommand(rest, env);
    case 'dead-letters':
      return deadLettersCommand(rest, env);
    case 'webhooks':
      return webhooksCommand(rest, env);
    case 'users':
      return usersCommand(rest, env);
    case 'sso':
      return ssoCommand(rest, env);
    case 'rollups': {
      if (parseRollupsArgs(rest).help) {
        console.warn(ROLLUPS_USAGE);
        return 0;
      }
      const r = await rollupsCommand(rest, env);
      console.warn(`rebuilt ${r.targets.join(', ')} from ${r.sourceRows} ${r.source} rows in ${r.durationMs} ms`);
      return 0;
    }
    case undefined:
    case '-h':
    case '--help':
      console.warn(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

/** Exit code for an error a command threw: 78 for configuration (EX_CONFIG), 2 for usage, 1 otherwise. */
export function cliExitCode(err: unknown): number {
  return err instanceof ConfigValidationException ? 78 : err instanceof CliUsageError ? 2 : 1;
}

/**
 * Runs one `textback` command line like {@link runTextback} and never throws: an error the command threw is printed to
 * stderr (its message) and turned into its exit code ({@link cliExitCode}). What the operator CLI and a caller running
 * several commands in one process (EmbeddedPipeline.textbackInOneProcess) both do.
 * @returns the exit code: 0 on success, 2 usage, 78 configuration, 1 any other failure.
 */
export async function runTextbackToExitCode(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  try {
    return await runTextback(argv, env);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return cliExitCode(err);
  }
}
