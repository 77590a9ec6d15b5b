import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * `lead_ref`: the caller's current lead at a location, learned from lead-crm's lead events, so
 * booking, callback and dispatch events can name the lead. `dispatch_page.call_state`: the
 * phone-call half of a page as an intent recorded before the carrier is called
 * (`pending` → `placing` → `placed`), so a crash between placing the call and recording it is
 * reconciled instead of calling twice.
 */
export class AddLeadRefAndPageCallState1764480000000 implements MigrationInterface {
  name = 'AddLeadRefAndPageCallState1764480000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchema(runner));
    await runner.query(`CREATE TABLE ${s}.lead_ref (
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      tenant_id uuid NOT NULL,
      lead_id uuid NOT NULL,
      stage text NOT NULL,
      event_time timestamptz NOT NULL,
      CONSTRAINT pk_lead_ref PRIMARY KEY (location_id, caller_e164)
    )`);
    await runner.query(`ALTER TABLE ${s}.dispatch_page
      ADD COLUMN call_state text NULL,
      ADD COLUMN call_intent_at timestamptz NULL,
      ADD COLUMN call_attempts integer NOT NULL DEFAULT 0,
      ADD CONSTRAINT ck_dispatch_page_call_state CHECK (call_state IN ('pending', 'placing', 'placed'))`);
    await runner.query(`CREATE UNIQUE INDEX uq_dispatch_page_provider_call_id ON ${s}.dispatch_page (provider_call_id) WHERE provider_call_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchema(runner));
    await runner.query(`DROP INDEX ${s}.uq_dispatch_page_provider_call_id`);
    await runner.query(`ALTER TABLE ${s}.dispatch_page DROP CONSTRAINT ck_dispatch_page_call_state, DROP COLUMN call_attempts, DROP COLUMN call_intent_at, DROP COLUMN call_state`);
    await runner.query(`DROP TABLE ${s}.lead_ref`);
  }
}
