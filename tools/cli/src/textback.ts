#!/usr/bin/env node
/**
 * The `textback` operator CLI.
 *   textback migrate [service ...|all] [--revert N]   apply or revert database migrations
 *   textback tenants apply -f <franchise.yaml>        declare a tenant's regions, locations, numbers, users
 *   textback dead-letters list [--service S]          list dead letters (DLQ records, dead outbox and job rows)
 *   textback dead-letters replay --service S (--id ID|--all)   re-publish / make pending again
 *   textback webhooks replay|purge --service S        re-apply kept carrier webhooks after a fix; purge raw ones
 *   textback users create|invite|reset                console sign-in accounts (argon2id passwords, one-time codes)
 *   textback sso set|show|remove                      a tenant's own OpenID Connect provider (validated, audited)
 *   textback backup <file> / restore <file>           the embedded mode's data directory, while no process holds it
 *   textback export --out FILE / import --in FILE    move a shop from the embedded mode to the distributed mode
 *   textback rollups rebuild [--data-dir DIR]        recompute reporting's rollups from its raw events
 */
import 'reflect-metadata';
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      await migrateCommand(rest, process.env);
      return 0;
    case 'backup':
      console.warn(await backupCommand(rest, process.env));
      return 0;
    case 'restore':
      console.warn(await restoreCommand(rest, process.env));
      return 0;
    case 'export': {
      const startedAt = Date.now();
      const r = await shopExportCommand(rest, process.env);
      const pending = Object.values(r.outbox).reduce((n, o) => n + o.pending, 0);
      console.warn(`exported ${r.relationalRows} rows of ${Object.keys(r.tables).filter((t) => !t.startsWith('analytics.')).length} tables and ${r.analyticsRows} analytics rows to ${r.file} in ${Date.now() - startedAt} ms; ${pending} outbox rows left for the distributed relays`);
      return 0;
    }
    case 'import': {
      const startedAt = Date.now();
      const r = await shopImportCommand(rest, process.env, (line) => console.warn(line));
      const pending = Object.values(r.pendingOutbox).reduce((n, p) => n + p, 0);
      console.warn(`imported ${r.relationalRows} rows and ${r.analyticsRows} analytics rows in ${Date.now() - startedAt} ms; the services' relays will publish ${pending} pending outbox rows when they start`);
      return 0;
    }
    case 'tenants':
      return tenantsCommand(rest, process.env);
    case 'dead-letters':
      return deadLettersCommand(rest, process.env);
    case 'webhooks':
      return webhooksCommand(rest, process.env);
    case 'users':
      return usersCommand(rest, process.env);
    case 'sso':
      return ssoCommand(rest, process.env);
    case 'rollups': {
      if (parseRollupsArgs(rest).help) {
        console.warn(ROLLUPS_USAGE);
        return 0;
      }
      const r = await rollupsCommand(rest, process.env);
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof ConfigValidationException ? 78 : err instanceof CliUsageError ? 2 : 1);
  },
);
