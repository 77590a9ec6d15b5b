import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { quoteSchema } from '@textback/persistence';
import { Client } from 'pg';
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
  T: tenant slug or id (lead-crm's records). The client secret stays in the console's environment variable named by
  --client-secret-env; the console's OIDC_REDIRECT_URL is the redirect URL to register at the provider.
  --default-role: a person with a verified email in those domains and no console account yet gets one at first
  sign-in, with that role at those locations (slugs or ids); without it such a person is refused until invited.
  Every change is audited (console.tenant_identity_provider_audit: who, when, before, after).
  env DATABASE_URL (CONSOLE_SCHEMA, default console; CRM_SCHEMA, default crm); TEXTBACK_OPERATOR names who changed it`;

/** A bad command line, invalid settings or an unknown tenant: printed with the usage, exit 2. */
class SsoUsageError extends Error {}

/** Environment of {@link ssoCommand}. */
export interface SsoCommandEnv {
  DATABASE_URL?: string;
  CONSOLE_SCHEMA?: string;
  CRM_SCHEMA?: string;
  /** Who is changing the settings (the audit's `changed_by`); default `cli:<OS user>`. */
  TEXTBACK_OPERATOR?: string;
}

/**
 * `textback sso set|show|remove`: a tenant's own OpenID Connect provider for the console (issue #17). `set` validates
 * the settings (tenantIdentityProviderInputSchema: https issuer, a secret's variable name rather than the secret, email
 * domains no other tenant claimed) and writes the provider, its domains and an audit row in one transaction, through
 * the same writer as the console's identity-provider screen (setTenantIdentityProvider).
 * @returns the exit code (0, or 2 for a usage or validation error).
 */
export async function ssoCommand(args: string[], env: SsoCommandEnv): Promise<number> {
  const [sub, ...rest] = args;
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
      },
    });
    if (!env.DATABASE_URL) throw new SsoUsageError('DATABASE_URL is required');
    if (!values.tenant) throw new SsoUsageError('--tenant is required');
    const db = new Client({ connectionString: env.DATABASE_URL, application_name: 'textback-cli:sso' });
    await db.connect();
    try {
      const s = quoteSchema(env.CONSOLE_SCHEMA ?? 'console');
      const t = await db.query<{ id: string; slug: string }>(`SELECT id::text AS id, slug FROM ${quoteSchema(env.CRM_SCHEMA ?? 'crm')}.tenants WHERE slug = $1 OR id::text = $1`, [values.tenant]);
      const tenant = t.rows[0];
      if (!tenant) throw new SsoUsageError(`no tenant "${values.tenant}"`);
      const q: SqlQuery = async (sql, params) => (await db.query(sql, params)).rows as unknown[];
      const who = env.TEXTBACK_OPERATOR?.trim() || `cli:${userInfo().username}`;
      if (sub === 'show') {
        const p = await currentProvider(q, s, tenant.id);
        console.log(p ? JSON.stringify(p, null, 2) : `tenant ${tenant.slug} has no identity provider`);
        return 0;
      }
      if (sub === 'remove') {
        await db.query('BEGIN');
        const before = await removeTenantIdentityProvider(q, s, { tenantId: tenant.id, who });
        await db.query('COMMIT');
        console.log(before ? `removed tenant ${tenant.slug}'s identity provider` : `tenant ${tenant.slug} had no identity provider`);
        return 0;
      }
      const defaultLocationIds: string[] = [];
      for (const key of list(values['default-locations'])) {
        const r = await db.query<{ id: string }>(`SELECT id::text AS id FROM ${quoteSchema(env.CRM_SCHEMA ?? 'crm')}.locations WHERE tenant_id = $1 AND (slug = $2 OR id::text = $2)`, [tenant.id, key]);
        if (!r.rows[0]) throw new SsoUsageError(`no location "${key}" in tenant ${tenant.slug}`);
        defaultLocationIds.push(r.rows[0].id);
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
      await db.query('BEGIN');
      try {
        const after = await setTenantIdentityProvider(q, s, { tenantId: tenant.id, tenantSlug: tenant.slug, who }, raw);
        await db.query('COMMIT');
        console.log(`tenant ${tenant.slug} signs in ${after.emailDomains.join(', ')} at ${after.issuer} (client ${after.clientId}, secret from ${after.clientSecretEnv}), revision ${after.revision}`);
        return 0;
      } catch (err) {
        await db.query('ROLLBACK');
        if (err instanceof TenantIdentityProviderInvalid) throw new SsoUsageError(err.message);
        if ((err as { code?: string }).code === '23505') throw new SsoUsageError('another tenant claimed one of these domains just now');
        throw err;
      }
    } finally {
      await db.end();
    }
  } catch (err) {
    if (err instanceof SsoUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

function list(csv: string | undefined): string[] {
  return (csv ?? '').split(',').map((v) => v.trim()).filter(Boolean);
}
