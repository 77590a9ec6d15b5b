import { migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The source of a conversation's lead, for the inbox's source filter (issue #17): lead-crm's `source`
 * (`missed_call`, `inbound_sms`, `manual`) and `trackingSource` (the tracking number's label, e.g. a listing or an ad),
 * both from `crm.lead.created.v1`; null until lead-crm opens a lead.
 */
export class AddConversationSource1797910000000 implements MigrationInterface {
  name = 'AddConversationSource1797910000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.conversation ADD COLUMN source text NULL, ADD COLUMN tracking_source text NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.conversation DROP COLUMN tracking_source, DROP COLUMN source`);
  }
}
