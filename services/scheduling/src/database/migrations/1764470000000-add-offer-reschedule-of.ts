import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/** An offer made to move an existing booking (the caller asked to reschedule) names that booking. */
export class AddOfferRescheduleOf1764470000000 implements MigrationInterface {
  name = 'AddOfferRescheduleOf1764470000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${quoteSchema(migrationSchema(runner))}.booking_offer ADD COLUMN reschedule_of uuid NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${quoteSchema(migrationSchema(runner))}.booking_offer DROP COLUMN reschedule_of`);
  }
}
