import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * Answer confirmation per location (issue 16, "a machine is not a person"): when on, the location's phone must press
 * a key to take a forwarded call, so its own voicemail or an unattended device is not counted as an answer. Off for
 * every existing location. Published on the location config as `answerConfirmation` (only when on).
 */
export class AddLocationAnswerConfirmation1797500000001 implements MigrationInterface {
  name = 'AddLocationAnswerConfirmation1797500000001';

  async up(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.locations ADD COLUMN answer_confirmation boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.locations DROP COLUMN answer_confirmation`);
  }
}
