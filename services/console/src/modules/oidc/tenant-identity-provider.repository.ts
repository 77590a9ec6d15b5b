import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { ConsoleSchema } from '../console-schema';
import { type TenantIdentityProvider } from './tenant-identity-provider.types';

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
