import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * Answer confirmation (issue 16, "a machine is not a person"): whether the call's forwarded leg had to be accepted
 * with a key press (the location's `answerConfirmation` when the call arrived). Existing calls had none: false.
 */
export class AddCallAnswerConfirmation1797500000000 implements MigrationInterface {
  name = 'AddCallAnswerConfirmation1797500000000';

  async up(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.call ADD COLUMN answer_confirmation boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.call DROP COLUMN answer_confirmation`);
  }
}
