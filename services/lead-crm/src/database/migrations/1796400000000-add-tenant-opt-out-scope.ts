import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * The reach of a caller's opt-out, set per tenant (franchise manifest `tenant.optOutScope`): the number texted, the
 * location, or every location of the tenant (`brand`). NULL: the deployment default (messaging's
 * MESSAGING_CONSENT_SCOPE). Published on every location's config as `optOutScope`.
 */
export class AddTenantOptOutScope1796400000000 implements MigrationInterface {
  name = 'AddTenantOptOutScope1796400000000';

  async up(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.tenants ADD COLUMN opt_out_scope text NULL,
      ADD CONSTRAINT ck_tenants_opt_out_scope CHECK (opt_out_scope IS NULL OR opt_out_scope IN ('sending_number','location','brand'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.tenants DROP CONSTRAINT ck_tenants_opt_out_scope, DROP COLUMN opt_out_scope`);
  }
}
