import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * Location settings edited by managers (issue 17, item 6): the `location_manager` role, and the audit of every change
 * of a location's settings (who, when, which fields, before and after), written in the transaction of the change.
 * An index finds a location's last call on the timeline ("test my forwarding").
 */
export class AddLocationSettingsAudit1797620000000 implements MigrationInterface {
  name = 'AddLocationSettingsAudit1797620000000';

  async up(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.users DROP CONSTRAINT ck_users_role`);
    await runner.query(`ALTER TABLE ${s}.users ADD CONSTRAINT ck_users_role CHECK (role IN ('owner', 'admin', 'regional_manager', 'location_manager', 'dispatcher', 'agent'))`);
    await runner.query(`CREATE TABLE ${s}.location_settings_audit (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      actor_user_id text NOT NULL,
      actor_role text NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now(),
      changed_fields jsonb NOT NULL,
      before jsonb NOT NULL,
      after jsonb NOT NULL,
      revision integer NOT NULL,
      CONSTRAINT pk_location_settings_audit PRIMARY KEY (id),
      CONSTRAINT fk_location_settings_audit_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE
    )`);
    await runner.query(`CREATE INDEX ix_location_settings_audit_location ON ${s}.location_settings_audit (location_id, changed_at DESC)`);
    await runner.query(`CREATE INDEX ix_timeline_entries_location_kind ON ${s}.timeline_entries (location_id, kind, occurred_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`DROP INDEX ${s}.ix_timeline_entries_location_kind`);
    await runner.query(`DROP TABLE ${s}.location_settings_audit`);
    // A location manager keeps their locations as a dispatcher of them.
    await runner.query(`UPDATE ${s}.users SET role = 'dispatcher' WHERE role = 'location_manager'`);
    await runner.query(`ALTER TABLE ${s}.users DROP CONSTRAINT ck_users_role`);
    await runner.query(`ALTER TABLE ${s}.users ADD CONSTRAINT ck_users_role CHECK (role IN ('owner', 'admin', 'regional_manager', 'dispatcher', 'agent'))`);
  }
}
