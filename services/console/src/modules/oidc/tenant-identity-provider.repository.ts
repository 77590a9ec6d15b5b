import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { ConsoleSchema } from '../console-schema';
import { type TenantIdentityProvider, tenantIdentityProviderInputSchema } from './tenant-identity-provider.types';

interface ProviderRow {
  tenant_id: string;
  tenant_slug: string;
  provider_name: string;
  issuer: string;
  client_id: string;
  client_secret_env: string;
  algorithms: string[];
  default_role: string | null;
  default_location_ids: string[];
  revision: number;
  email_domains: string[];
}

const SELECT = (s: string) => `SELECT p.tenant_id, p.tenant_slug, p.provider_name, p.issuer, p.client_id, p.client_secret_env, p.algorithms, p.default_role, p.default_location_ids, p.revision,
  ARRAY(SELECT d.domain FROM ${s}.tenant_identity_provider_domain d WHERE d.tenant_id = p.tenant_id ORDER BY d.domain) AS email_domains
  FROM ${s}.tenant_identity_provider p`;

/** Maps a row of {@link tenantIdentityProviderSql.select} to the domain type. */
export function toTenantIdentityProvider(r: ProviderRow): TenantIdentityProvider {
  return {
    tenantId: r.tenant_id,
    tenantSlug: r.tenant_slug,
    providerName: r.provider_name,
    issuer: r.issuer,
    clientId: r.client_id,
    clientSecretEnv: r.client_secret_env,
    algorithms: r.algorithms as TenantIdentityProvider['algorithms'],
    defaultRole: r.default_role as TenantIdentityProvider['defaultRole'],
    defaultLocationIds: r.default_location_ids,
    revision: r.revision,
    emailDomains: r.email_domains,
  };
}

/**
 * The SQL of tenants' identity providers, shared by the console (reads) and the operator CLI (`textback sso`, which
 * writes a provider, its domains and the audit row in one transaction). `s` is the quoted console schema.
 */
export const tenantIdentityProviderSql = {
  select: SELECT,
  /**
   * $1 tenant id, $2 slug, $3 label, $4 issuer, $5 client id, $6 secret env name, $7 algorithms, $8 who, $9 default
   * role, $10 default location ids. @returns revision.
   */
  upsert: (s: string) => `INSERT INTO ${s}.tenant_identity_provider (tenant_id, tenant_slug, provider_name, issuer, client_id, client_secret_env, algorithms, updated_by, default_role, default_location_ids)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::uuid[])
    ON CONFLICT (tenant_id) DO UPDATE SET tenant_slug = EXCLUDED.tenant_slug, provider_name = EXCLUDED.provider_name, issuer = EXCLUDED.issuer,
      client_id = EXCLUDED.client_id, client_secret_env = EXCLUDED.client_secret_env, algorithms = EXCLUDED.algorithms, updated_by = EXCLUDED.updated_by,
      default_role = EXCLUDED.default_role, default_location_ids = EXCLUDED.default_location_ids,
      updated_at = now(), revision = ${s}.tenant_identity_provider.revision + 1
    RETURNING revision`,
  /** Domains of $1 that are claimed by another tenant ($2: the domains). */
  domainsOfOthers: (s: string) => `SELECT domain FROM ${s}.tenant_identity_provider_domain WHERE domain = ANY($2::text[]) AND tenant_id <> $1`,
  deleteDomains: (s: string) => `DELETE FROM ${s}.tenant_identity_provider_domain WHERE tenant_id = $1`,
  insertDomains: (s: string) => `INSERT INTO ${s}.tenant_identity_provider_domain (domain, tenant_id) SELECT unnest($2::text[]), $1`,
  remove: (s: string) => `DELETE FROM ${s}.tenant_identity_provider WHERE tenant_id = $1`,
  /** $1 id, $2 tenant, $3 who, $4 action, $5 before, $6 after. */
  audit: (s: string) => `INSERT INTO ${s}.tenant_identity_provider_audit (id, tenant_id, changed_by, action, before, after) VALUES ($1, $2, $3, $4, $5, $6)`,
};

/** Reads tenants' OpenID Connect providers (written by the operator CLI, `textback sso`). */
@Injectable()
export class TenantIdentityProviderRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly schema: ConsoleSchema,
  ) {}

  async findByTenant(tenantId: string): Promise<TenantIdentityProvider | null> {
    return this.one(`${SELECT(this.schema.sql)} WHERE p.tenant_id = $1`, [tenantId]);
  }

  /** The provider whose tenant claimed `domain` (lower-case), or null. */
  async findByEmailDomain(domain: string): Promise<TenantIdentityProvider | null> {
    return this.one(`${SELECT(this.schema.sql)} JOIN ${this.schema.sql}.tenant_identity_provider_domain x ON x.tenant_id = p.tenant_id WHERE x.domain = $1`, [domain]);
  }

  async findBySlug(slug: string): Promise<TenantIdentityProvider | null> {
    return this.one(`${SELECT(this.schema.sql)} WHERE p.tenant_slug = $1`, [slug]);
  }

  private async one(sql: string, params: unknown[]): Promise<TenantIdentityProvider | null> {
    const rows = (await this.db.query(sql, params)) as ProviderRow[];
    return rows[0] ? toTenantIdentityProvider(rows[0]) : null;
  }
}

/** Runs one SQL statement in the writer's transaction: the CLI's pg client, the console's query runner. @returns the rows. */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<unknown[]>;

/** A declaration that breaks the rules: every problem, as `field: message` (the CLI prints them, the console shows them). */
export class TenantIdentityProviderInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'TenantIdentityProviderInvalid';
  }
}

/** The tenant a provider belongs to, and who is changing it (the audit's `changed_by`). */
export interface ProviderChange {
  tenantId: string;
  tenantSlug: string;
  who: string;
}

/**
 * Declares (creates or replaces) a tenant's OpenID Connect provider, the one write path of `textback sso set` and the
 * console's identity-provider screen: validates `raw` with {@link tenantIdentityProviderInputSchema}, refuses email
 * domains another tenant claimed, writes the provider and its domains, and an audit row (who, before, after; no
 * secret: only the variable's name is stored). Call it inside a transaction: `q` runs in it; `s` is the quoted schema.
 * @returns the provider as stored (revision incremented).
 * @throws TenantIdentityProviderInvalid listing each problem.
 */
export async function setTenantIdentityProvider(q: SqlQuery, s: string, change: ProviderChange, raw: unknown): Promise<TenantIdentityProvider> {
  const parsed = tenantIdentityProviderInputSchema.safeParse(raw);
  if (!parsed.success) throw new TenantIdentityProviderInvalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`));
  const input = { ...parsed.data, emailDomains: [...new Set(parsed.data.emailDomains)] };
  const taken = (await q(tenantIdentityProviderSql.domainsOfOthers(s), [change.tenantId, input.emailDomains])) as { domain: string }[];
  if (taken.length > 0) throw new TenantIdentityProviderInvalid([`emailDomains: another tenant signs in ${taken.map((r) => r.domain).join(', ')} through its provider`]);
  const before = await currentProvider(q, s, change.tenantId);
  await q(tenantIdentityProviderSql.upsert(s), [change.tenantId, change.tenantSlug, input.providerName, input.issuer, input.clientId, input.clientSecretEnv, input.algorithms, change.who, input.defaultRole, input.defaultLocationIds]);
  await q(tenantIdentityProviderSql.deleteDomains(s), [change.tenantId]);
  await q(tenantIdentityProviderSql.insertDomains(s), [change.tenantId, input.emailDomains]);
  const after = await currentProvider(q, s, change.tenantId);
  if (!after) throw new Error(`tenant ${change.tenantId}'s provider vanished inside its own transaction`);
  await q(tenantIdentityProviderSql.audit(s), [randomUUID(), change.tenantId, change.who, 'set', before ? JSON.stringify(before) : null, JSON.stringify(after)]);
  return after;
}

/**
 * Removes a tenant's provider with its audit row (`textback sso remove` and the console). Inside a transaction.
 * @returns the provider removed, or null when there was none (nothing is audited then).
 */
export async function removeTenantIdentityProvider(q: SqlQuery, s: string, change: Omit<ProviderChange, 'tenantSlug'>): Promise<TenantIdentityProvider | null> {
  const before = await currentProvider(q, s, change.tenantId);
  await q(tenantIdentityProviderSql.remove(s), [change.tenantId]);
  if (before) await q(tenantIdentityProviderSql.audit(s), [randomUUID(), change.tenantId, change.who, 'remove', JSON.stringify(before), null]);
  return before;
}

/** A tenant's provider as stored now, read through `q`. */
export async function currentProvider(q: SqlQuery, s: string, tenantId: string): Promise<TenantIdentityProvider | null> {
  const rows = (await q(`${tenantIdentityProviderSql.select(s)} WHERE p.tenant_id = $1`, [tenantId])) as ProviderRow[];
  return rows[0] ? toTenantIdentityProvider(rows[0]) : null;
}
