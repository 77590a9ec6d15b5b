import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '@textback/config';
import { quoteSchema } from '@textback/persistence';
import { type EntityManager } from 'typeorm';
import { NoEmbeddedDatabaseError, openExistingRelationalStore } from './cli-relational-store';
import {
  currentProvider,
  removeTenantIdentityProvider,
  setTenantIdentityProvider,
  type SqlQuery,
  TenantIdentityProviderInvalid,
} from '../../../services/console/src/modules/oidc/tenant-identity-provider.repository';

const USAGE = `usage:
  textback sso set --tenant T --issuer URL --client-id ID --client-secret-env OIDC_CLIENT_SECRET_<NAME>
                   --email-domains acme.example[,acme-west.example] [--name "Acme SSO"] [--algorithms RS256,ES256]
                   [--default-role dispatcher|location_manager --default-locations l1,l2]
  textback sso show --tenant T
  textback sso remove --tenant T
  every subcommand also takes [--data-dir DIR]
  T: tenant slug or id (lead-crm's records). The client secret stays in the console's environment variable named by
  --client-secret-env; the console's OIDC_REDIRECT_URL is the redirect URL to register at the provider.
  --default-role: a person with a verified email in those domains and no console account yet gets one at first
  sign-in, with that role at those locations (slugs or ids); without it such a person is refused until invited.
  Every change is audited (console.tenant_identity_provider_audit: who, when, before, after).
  env DATABASE_URL (the distributed mode), or --data-dir DIR / TEXTBACK_DATA_DIR (the embedded mode, default ./data;
  refused while the single process runs: stop it first); CONSOLE_SCHEMA (default console), CRM_SCHEMA (default crm);
  TEXTBACK_OPERATOR names who changed it`;

/** A bad command line, invalid settings or an unknown tenant: printed with the usage, exit 2. */
class SsoUsageError extends Error {}

/** Environment of {@link ssoCommand}. */
export interface SsoCommandEnv {
  /** PostgreSQL (distributed mode); unset (or `--data-dir` given): the embedded store of the data directory. */
  DATABASE_URL?: string;
  TEXTBACK_DATA_DIR?: string;
  CONSOLE_SCHEMA?: string;
  CRM_SCHEMA?: string;
  /** Who is changing the settings (the audit's `changed_by`); default `cli:<OS user>`. */
  TEXTBACK_OPERATOR?: string;
}

/**
 * `textback sso set|show|remove`: a tenant's own OpenID Connect provider for the console (issue #17). `set` validates
 * the settings (tenantIdentityProviderInputSchema: https issuer, a secret's variable name rather than the secret, email
 * domains no other tenant claimed) and writes the provider, its domains and an audit row in one transaction, through
 * the same writer as the console's identity-provider screen (setTenantIdentityProvider). Works in both modes through
 * the relational store port: PostgreSQL at DATABASE_URL, or the PGlite database of `--data-dir` (default
 * TEXTBACK_DATA_DIR), which the store refuses while the single process holds it (`... is in use by process <pid>`).
 * @returns the exit code (0, or 2 for a usage or validation error, or a data directory with no database).
 */
export async function ssoCommand(args: string[], env: SsoCommandEnv): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    console.warn(USAGE);
    return 0;
  }
  try {
    if (sub !== 'set' && sub !== 'show' && sub !== 'remove') throw new SsoUsageError(`unknown subcommand "${sub ?? ''}"`);
    const { values } = parseArgs({
      args: rest,
      options: {
        tenant: { type: 'string' },
        issuer: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret-env': { type: 'string' },
        'email-domains': { type: 'string' },
        name: { type: 'string' },
        algorithms: { type: 'string' },
        'default-role': { type: 'string' },
        'default-locations': { type: 'string' },
        'data-dir': { type: 'string' },
      },
    });
    if (!values.tenant) throw new SsoUsageError('--tenant is required');
    const embedded = values['data-dir'] !== undefined || !env.DATABASE_URL;
    const store = await openExistingRelationalStore({
      databaseUrl: embedded ? undefined : env.DATABASE_URL,
      dataDir: resolve(values['data-dir'] ?? resolveDataDir(env)),
    }).catch((err: unknown) => {
      throw err instanceof NoEmbeddedDatabaseError ? new SsoUsageError(err.message) : err;
    });
    const ds = await store.createDataSource({ schema: env.CONSOLE_SCHEMA ?? 'console', applicationName: 'textback-cli:sso', poolSize: 1 }).initialize();
    try {
      const s = quoteSchema(env.CONSOLE_SCHEMA ?? 'console');
      const crm = quoteSchema(env.CRM_SCHEMA ?? 'crm');
      const db = sqlQuery(ds.manager);
      const tenant = ((await db(`SELECT id::text AS id, slug FROM ${crm}.tenants WHERE slug = $1 OR id::text = $1`, [values.tenant])) as { id: string; slug: string }[])[0];
      if (!tenant) throw new SsoUsageError(`no tenant "${values.tenant}"`);
      const who = env.TEXTBACK_OPERATOR?.trim() || `cli:${userInfo().username}`;
      if (sub === 'show') {
        const p = await currentProvider(db, s, tenant.id);
        console.log(p ? JSON.stringify(p, null, 2) : `tenant ${tenant.slug} has no identity provider`);
        return 0;
      }
      if (sub === 'remove') {
        const before = await ds.transaction((m) => removeTenantIdentityProvider(sqlQuery(m), s, { tenantId: tenant.id, who }));
        console.log(before ? `removed tenant ${tenant.slug}'s identity provider` : `tenant ${tenant.slug} had no identity provider`);
        return 0;
      }
      const defaultLocationIds: string[] = [];
      for (const key of list(values['default-locations'])) {
        const r = (await db(`SELECT id::text AS id FROM ${crm}.locations WHERE tenant_id = $1 AND (slug = $2 OR id::text = $2)`, [tenant.id, key])) as { id: string }[];
        if (!r[0]) throw new SsoUsageError(`no location "${key}" in tenant ${tenant.slug}`);
        defaultLocationIds.push(r[0].id);
      }
      const raw = {
        issuer: values.issuer,
        clientId: values['client-id'],
        clientSecretEnv: values['client-secret-env'],
        emailDomains: list(values['email-domains']),
        providerName: values.name ?? 'single sign-on',
        ...(values.algorithms ? { algorithms: list(values.algorithms) } : {}),
        defaultRole: values['default-role'] ?? null,
        defaultLocationIds,
      };
      try {
        const after = await ds.transaction((m) => setTenantIdentityProvider(sqlQuery(m), s, { tenantId: tenant.id, tenantSlug: tenant.slug, who }, raw));
        console.log(`tenant ${tenant.slug} signs in ${after.emailDomains.join(', ')} at ${after.issuer} (client ${after.clientId}, secret from ${after.clientSecretEnv}), revision ${after.revision}`);
        return 0;
      } catch (err) {
        if (err instanceof TenantIdentityProviderInvalid) throw new SsoUsageError(err.message);
        if ((err as { code?: string }).code === '23505') throw new SsoUsageError('another tenant claimed one of these domains just now');
        throw err;
      }
    } finally {
      await ds.destroy();
      await store.close();
    }
  } catch (err) {
    if (err instanceof SsoUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

/** The writer's statement runner on a TypeORM entity manager (as the console's screen makes it): the rows of a SELECT or RETURNING. */
function sqlQuery(m: EntityManager): SqlQuery {
  return async (sql, params) => {
    const answer = (await m.query(sql, params)) as unknown[];
    // TypeORM answers UPDATE/DELETE with [rows, affected]; SELECT and INSERT … RETURNING with the rows.
    return answer.length === 2 && Array.isArray(answer[0]) && typeof answer[1] === 'number' ? (answer[0] as unknown[]) : answer;
  };
}

function list(csv: string | undefined): string[] {
  return (csv ?? '').split(',').map((v) => v.trim()).filter(Boolean);
}
