import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * Booking hours apart from answering hours (issue 15): a location's weekly booking hours (jsonb like
 * `business_hours`; NULL: scheduling's default, business hours cut to 07:00-20:00) and, per catalogue service, its own
 * booking hours, lead time (minimum notice, minutes) and travel buffer (minutes). NULL everywhere: as before.
 * Published on the location config as `bookingHours` and `services[].bookingHours|leadTimeMinutes|travelBufferMinutes`.
 */
export class AddBookingHours1797200000000 implements MigrationInterface {
  name = 'AddBookingHours1797200000000';

  async up(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.locations ADD COLUMN booking_hours jsonb NULL`);
    await runner.query(`ALTER TABLE ${s}.location_services ADD COLUMN booking_hours jsonb NULL,
      ADD COLUMN lead_time_minutes integer NULL, ADD COLUMN travel_buffer_minutes integer NULL,
      ADD CONSTRAINT ck_location_services_lead_time CHECK (lead_time_minutes IS NULL OR lead_time_minutes >= 0),
      ADD CONSTRAINT ck_location_services_travel_buffer CHECK (travel_buffer_minutes IS NULL OR travel_buffer_minutes >= 0)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.location_services DROP CONSTRAINT ck_location_services_travel_buffer, DROP CONSTRAINT ck_location_services_lead_time,
      DROP COLUMN travel_buffer_minutes, DROP COLUMN lead_time_minutes, DROP COLUMN booking_hours`);
    await runner.query(`ALTER TABLE ${s}.locations DROP COLUMN booking_hours`);
  }
}
