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
import { runTextbackToExitCode } from './textback-main';

void runTextbackToExitCode(process.argv.slice(2)).then((code) => process.exit(code));
