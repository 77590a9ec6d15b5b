#!/usr/bin/env node
/**
 * The `textback` operator CLI.
 *   textback migrate [service ...|all] [--revert N]   apply or revert database migrations
 *   textback tenants apply -f <franchise.yaml>        declare a tenant's regions, locations, numbers, users
 *   textback dead-letters list [--service S]          list dead letters (DLQ records, dead outbox and job rows)
 *   textback dead-letters replay --service S (--id ID|--all)   re-publish / make pending again
 */
import 'reflect-metadata';
import { deadLettersCommand } from './dead-letters.command';
import { migrateCommand } from './migrate.command';
import { tenantsCommand } from './tenants-apply.command';

const USAGE = `usage: textback <command>
  migrate [service ...|all] [--revert N]   apply (or revert N) migrations; env DATABASE_URL
  tenants apply -f <file> [--dry-run]      create/update a tenant from a franchise YAML; env DATABASE_URL
  dead-letters list [--service S]          list dead letters; env DATABASE_URL, KAFKA_BROKERS
  dead-letters replay --service S (--id ID|--all)   replay them (Kafka: re-publish; rows: pending again)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      await migrateCommand(rest, process.env);
      return 0;
    case 'tenants':
      return tenantsCommand(rest, process.env);
    case 'dead-letters':
      return deadLettersCommand(rest, process.env);
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
    process.exit(1);
  },
);
