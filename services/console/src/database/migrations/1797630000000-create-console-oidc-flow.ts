import { migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * OpenID Connect sign-in: `console_oidc_flow` holds one pending authorization request per browser (found by the
 * SHA-256 of its flow cookie; state, nonce and PKCE verifier; ten minutes, used once), and `console_user` learns
 * the provider's subject it was first signed in with (`oidc_issuer`, `oidc_subject`, unique together), so a
 * later sign-in with the same email but another subject is refused.
 */
export class CreateConsoleOidcFlow1797630000000 implements MigrationInterface {
  name = 'CreateConsoleOidcFlow1797630000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`CREATE TABLE ${s}.console_oidc_flow (
      flow_sha256 text NOT NULL,
      state text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CONSTRAINT pk_console_oidc_flow PRIMARY KEY (flow_sha256)
    )`);
    await runner.query(`CREATE INDEX ix_console_oidc_flow_expires ON ${s}.console_oidc_flow (expires_at)`);
    await runner.query(`ALTER TABLE ${s}.console_user ADD COLUMN oidc_issuer text NULL, ADD COLUMN oidc_subject text NULL`);
    await runner.query(`ALTER TABLE ${s}.console_user ADD CONSTRAINT uq_console_user_oidc_subject UNIQUE (oidc_issuer, oidc_subject)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.console_user DROP CONSTRAINT uq_console_user_oidc_subject`);
    await runner.query(`ALTER TABLE ${s}.console_user DROP COLUMN oidc_subject, DROP COLUMN oidc_issuer`);
    await runner.query(`DROP TABLE ${s}.console_oidc_flow`);
  }
}
