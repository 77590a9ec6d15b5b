import { migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

const SENT_OR_PENDING_BEFORE = `('queued','sent','delivered','failed')`;
const SENT_OR_PENDING = `('queued','sent','delivered','failed','unconfirmed')`;

/**
 * The send queue holds no transaction across the carrier call (issue #14):
 * - `lease_token`, `lease_until`: a worker claims rows in a short transaction by writing its token and a lease; its
 *   later short transactions only touch rows that still carry its token.
 * - `carrier_call_at`: committed just before the carrier call of the current claim. A lease that expires with it set
 *   (the process died mid-call) makes the row `unconfirmed` (at most once per claim, never re-sent blindly); without
 *   it the row is simply claimable again.
 * - `handling_failures`, `last_error`, `dead_lettered_at`: a row whose handling throws is retried on its own with
 *   the shared RetryPolicy, then parked (dead letter, replayable with `textback dead-letters replay`).
 * - status `unconfirmed`; the due index skips parked rows; the one-confirmation index counts unconfirmed texts.
 */
export class AddSendQueueLease1797300000000 implements MigrationInterface {
  name = 'AddSendQueueLease1797300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.outbound_message
      ADD COLUMN lease_token uuid NULL,
      ADD COLUMN lease_until timestamptz NULL,
      ADD COLUMN carrier_call_at timestamptz NULL,
      ADD COLUMN handling_failures integer NOT NULL DEFAULT 0,
      ADD COLUMN last_error text NULL,
      ADD COLUMN dead_lettered_at timestamptz NULL,
      DROP CONSTRAINT ck_outbound_message_status,
      ADD CONSTRAINT ck_outbound_message_status CHECK (status IN ('queued','sent','delivered','failed','suppressed','cancelled','expired','unconfirmed'))`);
    await runner.query(`DROP INDEX ${s}.ix_outbound_message_due`);
    await runner.query(`CREATE INDEX ix_outbound_message_due ON ${s}.outbound_message (next_attempt_at) WHERE status = 'queued' AND dead_lettered_at IS NULL`);
    await runner.query(`CREATE INDEX ix_outbound_message_lease ON ${s}.outbound_message (lease_until) WHERE lease_until IS NOT NULL`);
    await runner.query(`DROP INDEX ${s}.uq_outbound_message_confirmation`);
    await runner.query(`CREATE UNIQUE INDEX uq_outbound_message_confirmation ON ${s}.outbound_message (consent_id) WHERE consent_id IS NOT NULL AND status IN ${SENT_OR_PENDING}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`UPDATE ${s}.outbound_message SET status = 'failed', reason = 'unconfirmed' WHERE status = 'unconfirmed'`);
    await runner.query(`DROP INDEX ${s}.uq_outbound_message_confirmation`);
    await runner.query(`CREATE UNIQUE INDEX uq_outbound_message_confirmation ON ${s}.outbound_message (consent_id) WHERE consent_id IS NOT NULL AND status IN ${SENT_OR_PENDING_BEFORE}`);
    await runner.query(`DROP INDEX ${s}.ix_outbound_message_lease`);
    await runner.query(`DROP INDEX ${s}.ix_outbound_message_due`);
    await runner.query(`CREATE INDEX ix_outbound_message_due ON ${s}.outbound_message (next_attempt_at) WHERE status = 'queued'`);
    await runner.query(`ALTER TABLE ${s}.outbound_message
      DROP CONSTRAINT ck_outbound_message_status,
      ADD CONSTRAINT ck_outbound_message_status CHECK (status IN ('queued','sent','delivered','failed','suppressed','cancelled','expired')),
      DROP COLUMN dead_lettered_at,
      DROP COLUMN last_error,
      DROP COLUMN handling_failures,
      DROP COLUMN carrier_call_at,
      DROP COLUMN lease_until,
      DROP COLUMN lease_token`);
  }
}
