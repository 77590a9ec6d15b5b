import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * An offer remembers the caller's stated preference (their words and when they wrote them), so that "none of those"
 * gets new offers in the same window, read again relative to the moment it was said. NULL: no preference.
 */
export class AddOfferPreference1797200000001 implements MigrationInterface {
  name = 'AddOfferPreference1797200000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${quoteSchema(migrationSchema(runner))}.booking_offer ADD COLUMN preference_said text NULL, ADD COLUMN preference_at timestamptz NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${quoteSchema(migrationSchema(runner))}.booking_offer DROP COLUMN preference_at, DROP COLUMN preference_said`);
  }
}
