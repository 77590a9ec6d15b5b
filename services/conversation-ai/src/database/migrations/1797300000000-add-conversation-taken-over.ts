import { migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `conversation.taken_over`: a staff takeover's pause, kept apart from an opt-out review's pause, so that a review
 * resolved as not an opt-out no longer lifts a takeover (issue #14). Conversations paused before this migration count
 * as taken over (the cautious reading: staff release them).
 */
export class AddConversationTakenOver1797300000000 implements MigrationInterface {
  name = 'AddConversationTakenOver1797300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.conversation ADD COLUMN taken_over boolean NOT NULL DEFAULT false`);
    await runner.query(`UPDATE ${s}.conversation SET taken_over = true WHERE paused`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.conversation DROP COLUMN taken_over`);
  }
}
