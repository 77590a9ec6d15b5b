import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchemaOf } from '../migration-schema.util';

/**
 * What the one send decision needs on `outbound_message`:
 * - `compliance_kind`: which compliance reply a `keyword_reply` row is (help, opt-out or opt-in confirmation), so
 *   the loop guard and the one-confirmation rule can find earlier ones;
 * - `consent_id`: the consent-ledger entry a confirmation answers; at most ONE live confirmation per entry
 *   (`uq_outbound_message_confirmation`: a redelivered opt-out cannot queue a second, whatever its command id);
 * - `producer`: who asked (the send command's envelope `source`, or messaging itself), for audits and the console.
 */
export class AddSendDecision1764483000000 implements MigrationInterface {
  name = 'AddSendDecision1764483000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.outbound_message
      ADD COLUMN compliance_kind text NULL,
      ADD COLUMN consent_id uuid NULL,
      ADD COLUMN producer text NULL,
      ADD CONSTRAINT ck_outbound_message_compliance_kind
        CHECK (compliance_kind IS NULL OR compliance_kind IN ('help','opt_out_confirmation','opt_in_confirmation'))`);
    await runner.query(
      `CREATE UNIQUE INDEX uq_outbound_message_confirmation ON ${s}.outbound_message (consent_id)
       WHERE consent_id IS NOT NULL AND status IN ('queued','sent','delivered','failed')`,
    );
    await runner.query(
      `CREATE INDEX ix_outbound_message_compliance ON ${s}.outbound_message (location_id, to_e164, compliance_kind, created_at)
       WHERE compliance_kind IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`DROP INDEX ${s}.ix_outbound_message_compliance`);
    await runner.query(`DROP INDEX ${s}.uq_outbound_message_confirmation`);
    await runner.query(`ALTER TABLE ${s}.outbound_message
      DROP CONSTRAINT ck_outbound_message_compliance_kind,
      DROP COLUMN producer,
      DROP COLUMN consent_id,
      DROP COLUMN compliance_kind`);
  }
}
