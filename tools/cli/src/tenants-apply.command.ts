import { readFileSync } from 'node:fs';
import { resolveDataDir } from '@textback/config';
import { DEFAULT_DATA_DIR, TypeormTransactionRunner } from '@textback/persistence';
import { leadCrmService } from '../../../services/lead-crm/src/lead-crm.definition';
import { carrierVoicemailWarnings } from '../../../services/lead-crm/src/modules/tenants/carrier-voicemail.policy';
import { parseFranchiseManifest } from '../../../services/lead-crm/src/modules/tenants/franchise-manifest.util';
import { TenantApplyService, type TenantApplyReport } from '../../../services/lead-crm/src/modules/tenants/tenant-apply.service';
import { TenantRepository } from '../../../services/lead-crm/src/modules/tenants/tenant.repository';
import { openExistingRelationalStore } from './cli-relational-store';

/** Options of {@link applyFranchiseFile}. */
export interface TenantsApplyOptions {
  /** PostgreSQL (distributed mode); unset or empty: the embedded store in `dataDir`. */
  databaseUrl?: string;
  /** The embedded mode's data directory (TEXTBACK_DATA_DIR; PGlite in `<dataDir>/pglite`), used without `databaseUrl`. */
  dataDir?: string;
  /** lead-crm's schema; `crm` unless a test uses its own. */
  schema?: string;
  /** Validate only; write nothing. */
  dryRun?: boolean;
  /** Receives each warning about a valid manifest (e.g. a ring timeout carrier voicemail can beat), before anything is written. */
  warn?: (message: string) => void;
}

/**
 * Applies a franchise manifest file to lead-crm's database: validates it (errors name the
 * location and the field), then creates or updates the tenant, regions, locations, numbers and
 * users in one transaction; changed location configs go out through lead-crm's outbox (its
 * relay publishes them on crm.location.config.v1, the embedded bus in one process). Re-applying the same file changes
 * nothing. Through the relational store port: PostgreSQL at `databaseUrl`, else PGlite in `dataDir` (refused while
 * the single process holds it: stop it, apply, start it).
 * @returns the report, or null for a dry run.
 * @throws FranchiseManifestException (invalid manifest, number held elsewhere), or a database error.
 */
export async function applyFranchiseFile(path: string, options: TenantsApplyOptions): Promise<TenantApplyReport | null> {
  const manifest = parseFranchiseManifest(readFileSync(path, 'utf8'), path);
  for (const warning of carrierVoicemailWarnings(manifest)) options.warn?.(warning);
  if (options.dryRun) return null;
  const schema = options.schema ?? leadCrmService.schema;
  const store = await openExistingRelationalStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir ?? DEFAULT_DATA_DIR });
  try {
    const ds = await store.createDataSource({ schema, applicationName: 'textback-cli:tenants-apply', poolSize: 2 }).initialize();
    try {
      return await new TenantApplyService(new TypeormTransactionRunner(ds, schema), new TenantRepository(schema)).apply(manifest);
    } finally {
      await ds.destroy();
    }
  } finally {
    await store.close();
  }
}

/**
 * `textback tenants apply -f <file> [--dry-run]`. Reads DATABASE_URL, or without it TEXTBACK_DATA_DIR (the embedded
 * store), and CRM_SCHEMA (default `crm`).
 * Prints a `warning:` line per location whose ring timeout lets carrier voicemail answer first (the apply goes on),
 * then one line per location: created, updated (revision N) or unchanged.
 */
export async function tenantsCommand(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'apply') {
    console.error('usage: textback tenants apply -f <franchise.yaml> [--dry-run]');
    return 2;
  }
  const fileIdx = rest.findIndex((a) => a === '-f' || a === '--file');
  const file = fileIdx >= 0 ? rest[fileIdx + 1] : undefined;
  if (!file) {
    console.error('usage: textback tenants apply -f <franchise.yaml> [--dry-run]');
    return 2;
  }
  const dryRun = rest.includes('--dry-run');
  const report = await applyFranchiseFile(file, { ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: resolveDataDir(env) }), ...(env.CRM_SCHEMA ? { schema: env.CRM_SCHEMA } : {}), dryRun, warn: (m) => console.warn(`warning: ${m}`) });
  if (!report) {
    console.warn(`${file}: valid`);
    return 0;
  }
  console.warn(`tenant ${report.tenantId}${report.tenantCreated ? ' (created)' : ''}; users created: ${report.usersCreated}`);
  for (const l of report.locations) console.warn(`  ${l.slug} (${l.locationId}): ${l.outcome}${l.outcome === 'unchanged' ? '' : `, config revision ${l.revision}`}`);
  return 0;
}
