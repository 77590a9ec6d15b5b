import { migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Dispatch on the inbox projection: the conversation's latest dispatch (scheduling's id), its state (`paging`
 * until someone acknowledges, `exhausted` when nobody did, `acknowledged`), the attempt and the person paged
 * last, the acknowledgement deadline of that page, and who acknowledged (a console user id or an on-call name).
 */
export class AddConversationDispatch1797610000000 implements MigrationInterface {
  name = 'AddConversationDispatch1797610000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.conversation
      ADD COLUMN dispatch_id uuid NULL,
      ADD COLUMN dispatch_state text NULL,
      ADD COLUMN dispatch_attempt integer NULL,
      ADD COLUMN dispatch_paged_name text NULL,
      ADD COLUMN dispatch_ack_deadline timestamptz NULL,
      ADD COLUMN dispatch_acknowledged_by text NULL,
      ADD COLUMN dispatch_acknowledged_at timestamptz NULL,
      ADD CONSTRAINT ck_conversation_dispatch_state CHECK (dispatch_state IN ('paging', 'exhausted', 'acknowledged'))`);
    await runner.query(`CREATE INDEX ix_conversation_dispatch ON ${s}.conversation (dispatch_id) WHERE dispatch_id IS NOT NULL`);
    await runner.query(`CREATE INDEX ix_conversation_dispatch_open ON ${s}.conversation (tenant_id) WHERE dispatch_state IN ('paging', 'exhausted') OR urgent`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`DROP INDEX ${s}.ix_conversation_dispatch_open`);
    await runner.query(`DROP INDEX ${s}.ix_conversation_dispatch`);
    await runner.query(`ALTER TABLE ${s}.conversation DROP CONSTRAINT ck_conversation_dispatch_state,
      DROP COLUMN dispatch_id, DROP COLUMN dispatch_state, DROP COLUMN dispatch_attempt, DROP COLUMN dispatch_paged_name,
      DROP COLUMN dispatch_ack_deadline, DROP COLUMN dispatch_acknowledged_by, DROP COLUMN dispatch_acknowledged_at`);
  }
}
