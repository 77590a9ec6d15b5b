import { migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Whose turn it is in a conversation, for the inbox's "waiting on caller" status (issue #17): when the caller last
 * texted (`messaging.sms.received.v1`) and when a text that expects an answer was last sent to them
 * (`messaging.sms.sent.v1` with purpose first_text, conversation_reply, follow_up or manual). Both keep the latest
 * instant; null until such an event arrives. Conversations projected before this migration get them from their
 * timelines (inbound entries; outbound entries that were sent).
 */
export class AddConversationTurn1798300000000 implements MigrationInterface {
  name = 'AddConversationTurn1798300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.conversation ADD COLUMN last_caller_text_at timestamptz NULL, ADD COLUMN last_asked_caller_at timestamptz NULL`);
    await runner.query(`UPDATE ${s}.conversation c SET
      last_caller_text_at = (SELECT max(e.occurred_at) FROM ${s}.conversation_entry e WHERE e.conversation_id = c.id AND e.kind = 'sms_in'),
      last_asked_caller_at = (SELECT max(e.occurred_at) FROM ${s}.conversation_entry e WHERE e.conversation_id = c.id AND e.kind = 'sms_out' AND e.status = 'sent'
        AND e.data->>'purpose' IN ('first_text', 'conversation_reply', 'follow_up', 'manual'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.conversation DROP COLUMN last_asked_caller_at, DROP COLUMN last_caller_text_at`);
  }
}
