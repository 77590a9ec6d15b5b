import { migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * OpenID Connect per tenant (issue #17): each franchise brings its own identity provider.
 * - `tenant_identity_provider`: one per tenant: the issuer, client id, the name of the environment variable holding
 *   the client secret (never the secret itself), the sign-in button's label, the ID-token algorithms, a revision, and
 *   optionally the role and locations given to a person of the tenant's domains who has no console account yet
 *   (dispatcher or location manager only, never an owner or regional manager; null: nobody is created on the fly).
 * - `tenant_identity_provider_domain`: the email domains whose people sign in there; a domain belongs to one tenant
 *   (its primary key), so an email never picks two providers.
 * - `tenant_identity_provider_audit`: who changed what (the settings before and after, never a secret).
 * - `console_oidc_flow.tenant_id`: the tenant a started sign-in is for; the callback uses that tenant's provider.
 */
export class CreateTenantIdentityProvider1798310000000 implements MigrationInterface {
  name = 'CreateTenantIdentityProvider1798310000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`CREATE TABLE ${s}.tenant_identity_provider (
      tenant_id uuid NOT NULL,
      tenant_slug text NOT NULL,
      provider_name text NOT NULL,
      issuer text NOT NULL,
      client_id text NOT NULL,
      client_secret_env text NOT NULL,
      algorithms text[] NOT NULL,
      default_role text NULL,
      default_location_ids uuid[] NOT NULL DEFAULT '{}',
      revision integer NOT NULL DEFAULT 1,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_tenant_identity_provider PRIMARY KEY (tenant_id),
      CONSTRAINT uq_tenant_identity_provider_slug UNIQUE (tenant_slug),
      CONSTRAINT ck_tenant_identity_provider_secret_env CHECK (client_secret_env ~ '^OIDC_CLIENT_SECRET_[A-Z0-9_]+$'),
      CONSTRAINT ck_tenant_identity_provider_default_role CHECK (default_role IS NULL OR (default_role IN ('dispatcher', 'location_manager') AND cardinality(default_location_ids) > 0))
    )`);
    await runner.query(`CREATE TABLE ${s}.tenant_identity_provider_domain (
      domain text NOT NULL,
      tenant_id uuid NOT NULL,
      CONSTRAINT pk_tenant_identity_provider_domain PRIMARY KEY (domain),
      CONSTRAINT fk_tenant_identity_provider_domain_tenant FOREIGN KEY (tenant_id) REFERENCES ${s}.tenant_identity_provider (tenant_id) ON DELETE CASCADE,
      CONSTRAINT ck_tenant_identity_provider_domain_lower CHECK (domain = lower(domain))
    )`);
    await runner.query(`CREATE INDEX ix_tenant_identity_provider_domain_tenant ON ${s}.tenant_identity_provider_domain (tenant_id)`);
    await runner.query(`CREATE TABLE ${s}.tenant_identity_provider_audit (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now(),
      action text NOT NULL,
      before jsonb NULL,
      after jsonb NULL,
      CONSTRAINT pk_tenant_identity_provider_audit PRIMARY KEY (id),
      CONSTRAINT ck_tenant_identity_provider_audit_action CHECK (action IN ('set', 'remove'))
    )`);
    await runner.query(`CREATE INDEX ix_tenant_identity_provider_audit_tenant ON ${s}.tenant_identity_provider_audit (tenant_id, changed_at)`);
    await runner.query(`ALTER TABLE ${s}.console_oidc_flow ADD COLUMN tenant_id uuid NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.console_oidc_flow DROP COLUMN tenant_id`);
    await runner.query(`DROP TABLE ${s}.tenant_identity_provider_audit`);
    await runner.query(`DROP TABLE ${s}.tenant_identity_provider_domain`);
    await runner.query(`DROP TABLE ${s}.tenant_identity_provider`);
  }
}
