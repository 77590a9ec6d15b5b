import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

const VERTICALS = "'home_services','auto_repair','dental','medical_office','veterinary','legal','locksmith','property_management','salon','other'";

/**
 * Verticals and urgent services (issue 15): a tenant's and a location's vertical (NULL: unknown; a location's own
 * wins), a location's country (ISO 3166-1 alpha-2, NULL: from its number) and, per catalogue service, whether it is
 * urgent and which symptoms make a request urgent. Published on the location config as `vertical`, `countryCode`,
 * `services[].urgent` and `services[].urgentSymptoms`.
 */
export class AddVerticalsAndUrgentServices1797100000000 implements MigrationInterface {
  name = 'AddVerticalsAndUrgentServices1797100000000';

  async up(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.tenants ADD COLUMN vertical text NULL,
      ADD CONSTRAINT ck_tenants_vertical CHECK (vertical IS NULL OR vertical IN (${VERTICALS}))`);
    await runner.query(`ALTER TABLE ${s}.locations ADD COLUMN vertical text NULL, ADD COLUMN country_code text NULL,
      ADD CONSTRAINT ck_locations_vertical CHECK (vertical IS NULL OR vertical IN (${VERTICALS})),
      ADD CONSTRAINT ck_locations_country_code CHECK (country_code IS NULL OR country_code ~ '^[A-Z]{2}$')`);
    await runner.query(`ALTER TABLE ${s}.location_services ADD COLUMN urgent boolean NOT NULL DEFAULT false,
      ADD COLUMN urgent_symptoms jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.location_services DROP COLUMN urgent_symptoms, DROP COLUMN urgent`);
    await runner.query(`ALTER TABLE ${s}.locations DROP CONSTRAINT ck_locations_country_code, DROP CONSTRAINT ck_locations_vertical,
      DROP COLUMN country_code, DROP COLUMN vertical`);
    await runner.query(`ALTER TABLE ${s}.tenants DROP CONSTRAINT ck_tenants_vertical, DROP COLUMN vertical`);
  }
}
