import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchemaOf } from '../migration-schema.util';

/**
 * Opt-out intake (issue 14):
 * - `consent_ledger` records, for an opt-out recognised in a text, the text as received, the rule that fired, the
 *   rule set's version and the language; for an opt-out decided in a review, the review and the staff user.
 * - `consent_review`: texts the recogniser found ambiguous, awaiting a staff decision (one open review per caller and
 *   location; automation for that caller there is paused until it is resolved).
 */
export class AddConsentReview1764490000000 implements MigrationInterface {
  name = 'AddConsentReview1764490000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.consent_ledger
      ADD COLUMN original_text text NULL,
      ADD COLUMN rule text NULL,
      ADD COLUMN rules_version text NULL,
      ADD COLUMN language text NULL,
      ADD COLUMN review_id uuid NULL,
      ADD COLUMN resolved_by text NULL`);
    await runner.query(`CREATE TABLE ${s}.consent_review (
      review_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      phone_e164 text NOT NULL,
      sending_number_e164 text NOT NULL,
      original_text text NOT NULL,
      rule text NOT NULL,
      rules_version text NOT NULL,
      language text NULL,
      provider_message_id text NULL,
      correlation_id uuid NOT NULL,
      status text NOT NULL,
      opened_at timestamptz NOT NULL,
      decision text NULL,
      resolved_by text NULL,
      resolved_at timestamptz NULL,
      note text NULL,
      consent_id uuid NULL,
      CONSTRAINT pk_consent_review PRIMARY KEY (review_id),
      CONSTRAINT ck_consent_review_status CHECK (status IN ('open','resolved')),
      CONSTRAINT ck_consent_review_decision CHECK (decision IS NULL OR decision IN ('opt_out','not_opt_out')),
      CONSTRAINT ck_consent_review_resolution
        CHECK ((status = 'open') = (decision IS NULL AND resolved_by IS NULL AND resolved_at IS NULL))
    )`);
    await runner.query(
      `CREATE UNIQUE INDEX uq_consent_review_open ON ${s}.consent_review (location_id, phone_e164)
       WHERE status = 'open'`,
    );
    await runner.query(`CREATE INDEX ix_consent_review_tenant ON ${s}.consent_review (tenant_id, status, opened_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`DROP TABLE ${s}.consent_review`);
    await runner.query(`ALTER TABLE ${s}.consent_ledger
      DROP COLUMN original_text, DROP COLUMN rule, DROP COLUMN rules_version, DROP COLUMN language,
      DROP COLUMN review_id, DROP COLUMN resolved_by`);
  }
}
