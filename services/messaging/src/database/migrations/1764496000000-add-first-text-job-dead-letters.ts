import { migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `first_text_job.dead_lettered_at`: a job that failed JOB_MAX_ATTEMPTS times is parked (with `attempts` and
 * `last_error`) instead of being retried forever; the due index skips parked jobs.
 */
export class AddFirstTextJobDeadLetters1764496000000 implements MigrationInterface {
  name = 'AddFirstTextJobDeadLetters1764496000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`ALTER TABLE ${s}.first_text_job ADD COLUMN dead_lettered_at timestamptz NULL`);
    await runner.query(`DROP INDEX ${s}.ix_first_text_job_due`);
    await runner.query(`CREATE INDEX ix_first_text_job_due ON ${s}.first_text_job (not_before) WHERE dead_lettered_at IS NULL`);
    await runner.query(`CREATE INDEX ix_first_text_job_dead_lettered_at ON ${s}.first_text_job (dead_lettered_at) WHERE dead_lettered_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`DROP INDEX ${s}.ix_first_text_job_dead_lettered_at`);
    await runner.query(`DROP INDEX ${s}.ix_first_text_job_due`);
    await runner.query(`CREATE INDEX ix_first_text_job_due ON ${s}.first_text_job (not_before)`);
    await runner.query(`ALTER TABLE ${s}.first_text_job DROP COLUMN dead_lettered_at`);
  }
}
